"""Production settings pass ``check --deploy``, refuse to start without secrets; pages set CSP."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KOFU = [sys.executable, "-m", "kofu.cli"]
SECRET = "kofu-production-secret-" + "x7Qp9LmZ2vR4tY8wK3nB6cH1jF5dS0gA"


def production_env(tmp_path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOFU_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="kofu.settings_production",
        KOFU_DATA_DIR=str(tmp_path),
        KOFU_SECRET_KEY=SECRET,
        KOFU_ALLOWED_HOSTS="kofu.example.jp",
        KOFU_EMAIL_URL="smtp://kofu:secret@mail.example.jp:587?starttls",
        KOFU_EMAIL_FROM="kofu@example.jp",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v != ""}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KOFU, *args], env=env, capture_output=True, text=True, timeout=120, cwd=REPO)


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = run(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run(production_env(tmp_path, KOFU_SECRET_KEY=""), "check")
    assert result.returncode != 0
    assert "KOFU_SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key(tmp_path):
    result = run(production_env(tmp_path, KOFU_SECRET_KEY="short"), "check")
    assert result.returncode != 0 and "KOFU_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = run(production_env(tmp_path, KOFU_ALLOWED_HOSTS=""), "check")
    assert result.returncode != 0
    assert "KOFU_ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize("variable", ["KOFU_EMAIL_URL", "KOFU_EMAIL_FROM"])
def test_production_refuses_to_start_without_the_email_settings(tmp_path, variable):
    result = run(production_env(tmp_path, **{variable: ""}), "check")
    assert result.returncode != 0
    assert f"本番設定では環境変数 {variable}" in result.stderr


def test_production_links_in_e_mails_point_at_the_first_allowed_host(tmp_path):
    env = production_env(tmp_path)
    code = "import django; django.setup(); from django.conf import settings; print(settings.KOFU_PUBLIC_URL)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "https://kofu.example.jp", result.stderr


def test_production_turns_debug_off_even_if_asked(tmp_path):
    env = production_env(tmp_path, KOFU_DEBUG="1")
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_every_page_sends_a_content_security_policy_without_unsafe_inline(client, registry):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.parametrize("template", sorted((REPO / "src" / "kofu").rglob("templates/**/*.html")), ids=str)
def test_no_template_needs_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)", text), "inline <script>"
    assert not re.search(r"<style|\sstyle=", text), "inline style"
    assert not re.search(r"\son[a-z]+=", text), "inline event handler"
