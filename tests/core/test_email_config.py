"""KOFU_EMAIL_URL, KOFU_EMAIL_FROM and KOFU_PUBLIC_URL: typed readers with Japanese errors."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kofu.config import ConfigError, email_settings, email_url_for_display, env_email_from, env_public_url
from tests.core.test_cli import run_kofu


def test_smtp_with_starttls_a_user_and_a_password_with_an_at_sign():
    settings = email_settings("smtp://kofu%40city.example.lg.jp:p%40ss:word@mail.example.lg.jp:587?starttls")
    assert settings == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.lg.jp",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "kofu@city.example.lg.jp",
        "EMAIL_HOST_PASSWORD": "p@ss:word",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,
    }


@pytest.mark.parametrize(
    ("url", "port", "tls", "ssl"),
    [
        ("smtp://relay.example.lg.jp", 25, False, False),
        ("smtp://relay.example.lg.jp?starttls", 587, True, False),
        ("smtps://relay.example.lg.jp", 465, False, True),
        ("smtps://u:p@relay.example.lg.jp:2465", 2465, False, True),
    ],
)
def test_smtp_ports_default_by_scheme(url, port, tls, ssl):
    settings = email_settings(url)
    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_TLS"], settings["EMAIL_USE_SSL"]) == (port, tls, ssl)


def test_a_timeout_can_be_set():
    assert email_settings("smtp://relay.example.lg.jp?timeout=30")["EMAIL_TIMEOUT"] == 30


def test_console_and_file():
    assert email_settings("console://") == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    assert email_settings("file:///var/lib/kofu/mail") == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": "/var/lib/kofu/mail",
    }


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("smtp://", "ホスト名がありません"),
        ("smtp://relay.example.lg.jp:port", "ポート番号"),
        ("smtp://relay.example.lg.jp:99999", "ポート番号"),
        ("smtp://relay.example.lg.jp?tls=1", "知らないオプション tls"),
        ("smtp://relay.example.lg.jp?starttls=no", "starttls には値を付けない"),
        ("smtps://relay.example.lg.jp?starttls", "smtps:// は最初から TLS"),
        ("smtp://relay.example.lg.jp?timeout=0", "timeout は1以上"),
        ("smtp://relay.example.lg.jp/mail", "パスは付けられません"),
        ("file://mail", "絶対パス"),
        ("file:///", "絶対パス"),
        ("console://x", "console:// には何も付けません"),
        ("imap://mail.example.lg.jp", "対応していない形式です: 'imap'"),
        ("mail.example.lg.jp", "対応していない形式です"),
    ],
)
def test_a_bad_value_is_refused_in_japanese_with_examples(url, says):
    with pytest.raises(ConfigError) as caught:
        email_settings(url)
    assert says in str(caught.value)
    assert "KOFU_EMAIL_URL" in str(caught.value) and "smtp://user:password@" in str(caught.value)


def test_the_password_is_hidden_when_the_url_is_shown():
    shown = email_url_for_display("smtp://kofu:s3cret@mail.example.lg.jp:587?starttls")
    assert shown == "smtp://kofu:***@mail.example.lg.jp:587?starttls"
    assert email_url_for_display("console://") == "console://"


def test_the_sender_must_be_an_address(monkeypatch):
    monkeypatch.setenv("KOFU_EMAIL_FROM", "都城市 市民課 <kofu@city.miyakonojo.example.jp>")
    assert env_email_from("KOFU_EMAIL_FROM", "") == "都城市 市民課 <kofu@city.miyakonojo.example.jp>"
    monkeypatch.setenv("KOFU_EMAIL_FROM", "市民課")
    with pytest.raises(ConfigError, match="KOFU_EMAIL_FROM はメールアドレス"):
        env_email_from("KOFU_EMAIL_FROM", "")


def test_the_public_url_is_an_http_address_without_a_trailing_slash(monkeypatch):
    monkeypatch.setenv("KOFU_PUBLIC_URL", "https://kofu.example.lg.jp/")
    assert env_public_url("KOFU_PUBLIC_URL", "") == "https://kofu.example.lg.jp"
    monkeypatch.setenv("KOFU_PUBLIC_URL", "kofu.example.lg.jp")
    with pytest.raises(ConfigError, match="KOFU_PUBLIC_URL"):
        env_public_url("KOFU_PUBLIC_URL", "")


def test_the_kofu_command_stops_on_a_bad_email_url_with_a_japanese_message(tmp_path, monkeypatch):
    monkeypatch.setenv("KOFU_EMAIL_URL", "smtp://mail.example.lg.jp?tls")
    result = run_kofu("outbox", "status", data_dir=tmp_path)
    assert result.returncode == 2
    assert (
        "設定エラー: 環境変数 KOFU_EMAIL_URL の値が正しくありません: 知らないオプション tls" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_unset_the_mail_goes_to_files_in_the_data_directory(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOFU_", "DJANGO_"))}
    env.update(KOFU_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="kofu.settings")
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH, settings.DEFAULT_FROM_EMAIL, settings.KOFU_PUBLIC_URL)"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == [
        "django.core.mail.backends.filebased.EmailBackend",
        str(tmp_path / "mail"),
        "kofu@localhost",
        "http://127.0.0.1:8000",
    ], result.stderr
