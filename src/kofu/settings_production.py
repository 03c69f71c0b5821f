"""Production settings: ``DJANGO_SETTINGS_MODULE=kofu.settings_production`` (see docs/operations.md).

Everything of :mod:`kofu.settings`, plus: DEBUG always off; refuses to start without
``KOFU_SECRET_KEY`` (at least 50 characters), ``KOFU_HMAC_KEY`` and ``KOFU_ALLOWED_HOSTS``; staff
need a second factor; cookies only over HTTPS;
HSTS; HTTPS redirect; trusts ``X-Forwarded-Proto`` / ``X-Real-IP`` from the reverse proxy.

Environment (besides ``DATABASE_URL`` and those of kofu.settings):

* ``KOFU_SECRET_KEY`` (required), ``KOFU_ALLOWED_HOSTS`` (required, comma-separated host names)
* ``KOFU_EMAIL_URL`` and ``KOFU_EMAIL_FROM`` (required: where residents' e-mail goes and its sender);
  ``KOFU_PUBLIC_URL`` (default ``https://`` + the first of ``KOFU_ALLOWED_HOSTS``)
* ``KOFU_HMAC_KEY`` (required: at least 32 random characters, not the secret key): the key of the
  keyed digests of typed values (kofu.core.keyed)
* ``KOFU_REQUIRE_STAFF_MFA`` (default 1 here): staff must enrol a TOTP second factor; 0 is the
  explicit opt-out (``check --deploy`` then warns)
* ``KOFU_BEHIND_PROXY`` (default 1): nginx terminates TLS and sets ``X-Forwarded-Proto`` and
  ``X-Real-IP``; set 0 only when clients reach gunicorn directly over TLS.
* ``KOFU_SSL_REDIRECT`` (default 1), ``KOFU_HSTS_SECONDS`` (default 31536000),
  ``KOFU_HSTS_PRELOAD`` (default 1), ``KOFU_CSRF_TRUSTED_ORIGINS`` (optional, e.g. https://kofu.example.jp)
"""

from __future__ import annotations

import os

from kofu.config import ConfigError, env_bool, env_email_from, env_int, env_list, env_public_url
from kofu.settings import *  # noqa: F403

DEBUG = False
#: No demo accounts: `kofu demo` refuses to load them and the login form refuses their password.
KOFU_DEMO_ALLOWED = False

_secret = os.environ.get("KOFU_SECRET_KEY", "").strip()
if not _secret:
    raise ConfigError("本番設定では環境変数 KOFU_SECRET_KEY（50文字以上のランダムな文字列）が必要です")
if len(_secret) < 50 or len(set(_secret)) < 5 or _secret.startswith("django-insecure"):
    raise ConfigError("KOFU_SECRET_KEY が弱すぎます（50文字以上のランダムな文字列にしてください）")
SECRET_KEY = _secret

_hmac_key = os.environ.get("KOFU_HMAC_KEY", "").strip()
if len(_hmac_key) < 32 or len(set(_hmac_key)) < 5 or _hmac_key == _secret:
    raise ConfigError(
        "本番設定では環境変数 KOFU_HMAC_KEY（32文字以上のランダムな文字列、KOFU_SECRET_KEY とは別の値）が必要です"
    )
KOFU_HMAC_KEY = _hmac_key

#: Staff must enrol a second factor (SECURITY 19); KOFU_REQUIRE_STAFF_MFA=0 is the explicit opt-out.
KOFU_REQUIRE_STAFF_MFA = env_bool("KOFU_REQUIRE_STAFF_MFA", True)

ALLOWED_HOSTS = env_list("KOFU_ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ConfigError("本番設定では環境変数 KOFU_ALLOWED_HOSTS（公開するホスト名、カンマ区切り）が必要です")
CSRF_TRUSTED_ORIGINS = env_list("KOFU_CSRF_TRUSTED_ORIGINS", [])

# E-mail must be configured on purpose (kofu.settings read the URL already; here it must be set).
if not os.environ.get("KOFU_EMAIL_URL", "").strip():
    raise ConfigError(
        "本番設定では環境変数 KOFU_EMAIL_URL（例: smtp://user:password@mail.example.lg.jp:587?starttls）が必要です"
    )
if not os.environ.get("KOFU_EMAIL_FROM", "").strip():
    raise ConfigError("本番設定では環境変数 KOFU_EMAIL_FROM（差出人のメールアドレス）が必要です")
DEFAULT_FROM_EMAIL = SERVER_EMAIL = env_email_from("KOFU_EMAIL_FROM", "")
KOFU_PUBLIC_URL = env_public_url("KOFU_PUBLIC_URL", f"https://{ALLOWED_HOSTS[0]}")

BEHIND_PROXY = env_bool("KOFU_BEHIND_PROXY", True)
if BEHIND_PROXY:
    # nginx sets both headers itself (overwriting whatever the client sent); see docs/operations.md.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    KOFU_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"

SECURE_SSL_REDIRECT = env_bool("KOFU_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("KOFU_HSTS_SECONDS", 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("KOFU_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
