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
HMAC_KEY = "kofu-production-hmac-" + "Vb8Tn2Rq5Lw9Zx3Kd7Hs1Pf4Jg6Mc0Ya"


def production_env(tmp_path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOFU_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="kofu.settings_production",
        KOFU_DATA_DIR=str(tmp_path),
        KOFU_SECRET_KEY=SECRET,
        KOFU_HMAC_KEY=HMAC_KEY,
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


@pytest.mark.parametrize("key", ["", "short-key", "x" * 64, SECRET])
def test_production_refuses_to_start_without_a_proper_hmac_key(tmp_path, key):
    """The key of the keyed digests (kofu.core.keyed): missing, short, repetitive or the secret key."""
    result = run(production_env(tmp_path, KOFU_HMAC_KEY=key), "check")
    assert result.returncode != 0 and "KOFU_HMAC_KEY" in result.stderr


def setting(env: dict[str, str], name: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_requires_the_staff_second_factor_unless_switched_off_explicitly(tmp_path):
    assert setting(production_env(tmp_path), "KOFU_REQUIRE_STAFF_MFA") == "True"
    opted_out = production_env(tmp_path, KOFU_REQUIRE_STAFF_MFA="0")
    assert setting(opted_out, "KOFU_REQUIRE_STAFF_MFA") == "False"
    result = run(opted_out, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0 and "kofu.W001" in result.stderr + result.stdout


@pytest.mark.slow
def test_under_production_settings_a_password_alone_reaches_no_staff_page(tmp_path):
    """Log in with the right password but no second factor: every staff page sends to enrolment."""
    env = production_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    assert run(env, "migrate", "-v", "0").returncode == 0
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "from kofu.accounts import services\n"
        "from kofu.accounts.roles import SYSTEM\n"
        "org = services.organisation_for_ministry(actor=SYSTEM)\n"
        f"services.staff_create(username='analyst', password='{SECRET[:24]}', organisation=org, actor=SYSTEM)\n"
        "c = Client(HTTP_HOST='kofu.example.jp', HTTP_X_FORWARDED_PROTO='https')\n"
        f"r = c.post('/accounts/login/', {{'username': 'analyst', 'password': '{SECRET[:24]}'}})\n"
        "print(r.status_code, r.url)\n"
        "for path in ('/accounts/me/', '/accounts/staff/', '/cards/'):\n"
        "    r = c.get(path)\n"
        "    print(path, r.status_code, r.url)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines[0].startswith("302 /accounts/me/"), lines  # the password was right …
    assert lines[1:] == [
        f"{path} 302 /accounts/me/second-factor/" for path in ("/accounts/me/", "/accounts/staff/", "/cards/")
    ]


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
