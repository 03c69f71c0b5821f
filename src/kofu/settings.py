"""Django settings for kofu, read from the environment.

* ``DATABASE_URL``: ``sqlite:////path/file.db`` or ``postgres://user:pass@host:5432/db``;
  default: ``kofu.sqlite3`` in the data directory.
* ``KOFU_DATA_DIR``: where the default SQLite file lives (default: the user's data directory).
* ``KOFU_DEBUG``, ``KOFU_SECRET_KEY``, ``KOFU_HMAC_KEY``, ``KOFU_ALLOWED_HOSTS``.
* ``KOFU_EMAIL_URL``, ``KOFU_EMAIL_FROM``, ``KOFU_PUBLIC_URL``: where e-mail goes, its sender and the
  site's address in its links (kofu.outbox; default: one file per message in ``KOFU_DATA_DIR/mail``).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from kofu.config import (
    ConfigError,
    data_dir,
    email_settings,
    env_bool,
    env_email_from,
    env_int,
    env_list,
    env_public_url,
    local_secret_key,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

DEBUG = env_bool("KOFU_DEBUG", False)
SECRET_KEY = os.environ.get("KOFU_SECRET_KEY") or local_secret_key(DATA_DIR)
#: The key of the keyed digests (HMAC-SHA256) kofu stores instead of typed values (rate counters,
#: idempotency keys; kofu.core.keyed): never in the database. Production requires it from the
#: environment; elsewhere a random key is created once in the data directory.
KOFU_HMAC_KEY = os.environ.get("KOFU_HMAC_KEY") or local_secret_key(DATA_DIR, "hmac_key")
ALLOWED_HOSTS = env_list("KOFU_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "kofu.core",
    "kofu.accounts",
    "kofu.registry",
    "kofu.stats",
    "kofu.plans",
    "kofu.subsidies",
    "kofu.cards",
    "kofu.surveys",
    "kofu.outbox",
    "kofu.bookings",
    "kofu.walkins",
    "kofu.forecast",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kofu.accounts.request_source.RequestSourceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kofu.accounts.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "kofu.urls"
WSGI_APPLICATION = "kofu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


_SUPPORTED_ENGINES = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}
_DATABASE_URL_EXAMPLE = "例: sqlite:////var/lib/kofu/kofu.sqlite3 または postgres://user:pass@host:5432/kofu"


#: Seconds a worker keeps its database connection between requests (0: a new one per request).
#: Reusing it saves PostgreSQL a backend start and SQLite the connection set-up on every request.
CONN_MAX_AGE = env_int("KOFU_DB_CONN_MAX_AGE", 60)


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        url = "sqlite:///" + str(DATA_DIR / "kofu.sqlite3")
    try:
        config = dj_database_url.parse(url, conn_max_age=CONN_MAX_AGE, conn_health_checks=CONN_MAX_AGE > 0)
    except Exception as exc:  # dj-database-url raises several kinds
        raise ConfigError(f"DATABASE_URL を解釈できません: {exc}（{_DATABASE_URL_EXAMPLE}）") from exc
    if config.get("ENGINE") not in _SUPPORTED_ENGINES:
        raise ConfigError(
            f"DATABASE_URL のデータベースには対応していません: {config.get('ENGINE')}（{_DATABASE_URL_EXAMPLE}）"
        )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["ENGINE"] = "kofu.core.sqlite_backend"  # writers queue on a file lock (ADR 0006)
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
        }
        # Tests run on an in-memory database (Django's default for SQLite), named so explicitly
        # because the engine is kofu's own: pytest-xdist would otherwise derive a file name per
        # worker from the path of the real database.
        config["TEST"] = {"NAME": ":memory:"}
    elif env_bool("KOFU_DB_SERVER_SIDE_BINDING", False):
        # PostgreSQL binds parameters itself and psycopg prepares a statement run five times on a
        # connection: the booking path's statements are parsed and planned once per worker.
        config["OPTIONS"] = {**dict(config.get("OPTIONS") or {}), "server_side_binding": True}
    return dict(config)


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:me"
#: Where pages under the ``resident`` rule send a visitor who has not identified (notice number + birth date).
KOFU_RESIDENT_LOGIN_URL = "bookings:start"
LOGOUT_REDIRECT_URL = "stats:dashboard"
#: Staff sessions end after 30 minutes without a request, and when the browser closes.
SESSION_COOKIE_AGE = env_int("KOFU_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# --- Security baseline (docs/operations.md, SECURITY.md 11/14/19/20) ---------------------------
#: No cache is configured (Django's per-process default; nothing uses it): throttling counts are in
#: ``accounts.RateCounter`` (kofu.accounts.counters), one upsert per count, shared by every worker.
#: Staff login: failures allowed per username / per client IP within the window, then a lockout.
KOFU_LOGIN_MAX_FAILURES_PER_USER = env_int("KOFU_LOGIN_MAX_FAILURES_PER_USER", 10)
KOFU_LOGIN_MAX_FAILURES_PER_IP = env_int("KOFU_LOGIN_MAX_FAILURES_PER_IP", 50)
KOFU_LOGIN_WINDOW_SECONDS = env_int("KOFU_LOGIN_WINDOW_SECONDS", 15 * 60)
KOFU_LOGIN_LOCKOUT_SECONDS = env_int("KOFU_LOGIN_LOCKOUT_SECONDS", 15 * 60)
#: Staff must enrol a TOTP second factor before any staff page (off by default here; on under
#: kofu.settings_production unless switched off there explicitly).
KOFU_REQUIRE_STAFF_MFA = env_bool("KOFU_REQUIRE_STAFF_MFA", False)
OTP_TOTP_ISSUER = "kofu"
#: Purpose codes of the resident-record access log not shown to residents (legally required
#: non-disclosure, SECURITY 17), e.g. ``KOFU_ACCESS_LOG_HIDDEN_PURPOSES=inquiry``. Default: none.
KOFU_ACCESS_LOG_HIDDEN_PURPOSES = env_list("KOFU_ACCESS_LOG_HIDDEN_PURPOSES", [])
#: How long a one-time set-password link for a staff account stays valid (seconds; default 3 days).
PASSWORD_RESET_TIMEOUT = env_int("KOFU_SET_PASSWORD_LINK_SECONDS", 3 * 24 * 60 * 60)
#: Aggregates for ministry staff show cells below k as "<k" (kofu.rules.privacy.suppress).
KOFU_SUPPRESSION_K = env_int("KOFU_SUPPRESSION_K", 10)
#: Residents' personal data is purged this many days after the card was handed over, mailed or
#: cancelled (``kofu cards purge``; SECURITY.md 22). At least 1.
KOFU_RETENTION_DAYS = env_int("KOFU_RETENTION_DAYS", 365, minimum=1)
#: Imported files (kofu.core.tabular, docs/operations.md): checked before parsing — the file's size,
#: an XLSX's unpacked size and the compression ratio of each of its parts —, then every cell's
#: length and the number of rows. The defaults take a whole-city J-LIS delivery file (3.7 million
#: rows, about 560 MB).
KOFU_IMPORT_MAX_BYTES = env_int("KOFU_IMPORT_MAX_BYTES", 1024 * 1024 * 1024, minimum=1)
KOFU_IMPORT_MAX_UNPACKED_BYTES = env_int("KOFU_IMPORT_MAX_UNPACKED_BYTES", 256 * 1024 * 1024, minimum=1)
KOFU_IMPORT_MAX_RATIO = env_int("KOFU_IMPORT_MAX_RATIO", 100, minimum=1)
KOFU_IMPORT_MAX_FIELD_CHARS = env_int("KOFU_IMPORT_MAX_FIELD_CHARS", 128 * 1024, minimum=1)
KOFU_IMPORT_MAX_ROWS = env_int("KOFU_IMPORT_MAX_ROWS", 5_000_000, minimum=1)
#: Resident pickup bookings (kofu.bookings): horizon, cut-offs, holds and rate limits.
KOFU_BOOKING_HORIZON_DAYS = env_int("KOFU_BOOKING_HORIZON_DAYS", 31)
KOFU_BOOKING_CLOSING_DAYS = env_int("KOFU_BOOKING_CLOSING_DAYS", 3)
KOFU_BOOKING_CHANGE_CUTOFF_HOURS = env_int("KOFU_BOOKING_CHANGE_CUTOFF_HOURS", 24)
KOFU_BOOKING_HOLD_SECONDS = env_int("KOFU_BOOKING_HOLD_SECONDS", 5 * 60)
#: Reminders go this many days before the visit (``kofu bookings remind``, run daily from cron).
KOFU_BOOKING_REMIND_DAYS = env_int("KOFU_BOOKING_REMIND_DAYS", 2)
#: A seat a resident cancels or moves away from is given back only after this many minutes (ZMS's
#: deallocation duration), so that seats cannot be passed on; 0 gives it back at once.
KOFU_BOOKING_RELEASE_MINUTES = env_int("KOFU_BOOKING_RELEASE_MINUTES", 15)
#: The waiting list for an earlier slot (kofu.bookings.waitlist): offers per resident, how long an
#: offer holds its seat, and how many days earlier than the booking an offered slot must be.
#: Notices paced to capacity (kofu.bookings.pacing): batches older than SETTLE_DAYS give the response
#: rate (DEFAULT_RESPONSE_PERCENT without any), free seats of the next PACING_WEEKS, sent over SPREAD_DAYS.
KOFU_NOTICE_SETTLE_DAYS = env_int("KOFU_NOTICE_SETTLE_DAYS", 14, minimum=1)
KOFU_NOTICE_PACING_WEEKS = env_int("KOFU_NOTICE_PACING_WEEKS", 4, minimum=1)
KOFU_NOTICE_SPREAD_DAYS = env_int("KOFU_NOTICE_SPREAD_DAYS", 5, minimum=1)
KOFU_NOTICE_DEFAULT_RESPONSE_PERCENT = env_int("KOFU_NOTICE_DEFAULT_RESPONSE_PERCENT", 50, minimum=1)
KOFU_WAITLIST_MAX_OFFERS = env_int("KOFU_WAITLIST_MAX_OFFERS", 3, minimum=1)
KOFU_WAITLIST_OFFER_HOURS = env_int("KOFU_WAITLIST_OFFER_HOURS", 12, minimum=1)
KOFU_WAITLIST_MIN_DAYS_EARLIER = env_int("KOFU_WAITLIST_MIN_DAYS_EARLIER", 2)
KOFU_BOOKING_MAX_FAILURES_PER_NUMBER = env_int("KOFU_BOOKING_MAX_FAILURES_PER_NUMBER", 20)
KOFU_BOOKING_MAX_REQUESTS_PER_IP = env_int("KOFU_BOOKING_MAX_REQUESTS_PER_IP", 300)
KOFU_BOOKING_RATE_WINDOW_SECONDS = env_int("KOFU_BOOKING_RATE_WINDOW_SECONDS", 60)
KOFU_BOOKING_LOCKOUT_SECONDS = env_int("KOFU_BOOKING_LOCKOUT_SECONDS", 15 * 60)
#: How long one worker reuses an answer of the availability feed (seconds; 0: never). Seats taken or
#: given back in the same worker, and slots saved, start a new answer at once; other workers' within
#: this time (the feed tells shared caches ``max-age=60`` anyway).
KOFU_AVAILABILITY_CACHE_SECONDS = env_int("KOFU_AVAILABILITY_CACHE_SECONDS", 1, minimum=0)
#: The waiting room of the booking API (kofu.accounts.waiting_room): above this many bookings a
#: second, residents get a numbered place and an estimated wait (202) instead of an error; 0: off.
KOFU_BOOKING_QUEUE_RATE = env_int("KOFU_BOOKING_QUEUE_RATE", 0, minimum=0)
#: How many may go straight in at once after a quiet spell (default: one second's worth).
KOFU_BOOKING_QUEUE_BURST = env_int("KOFU_BOOKING_QUEUE_BURST", 0, minimum=0) or max(
    1, KOFU_BOOKING_QUEUE_RATE
)
#: How long a place in the queue stays valid.
KOFU_BOOKING_QUEUE_TICKET_SECONDS = env_int("KOFU_BOOKING_QUEUE_TICKET_SECONDS", 3600, minimum=60)
# --- E-mail: every message goes through the outbox (kofu.outbox, docs/operations.md "E-mail") -----
#: Where mail goes: smtp://user:pass@host:587?starttls, smtps://…, console://, file:///dir. Unset (a
#: developer's machine, the demo): one file per message in KOFU_DATA_DIR/mail. Production requires it.
KOFU_EMAIL_URL = os.environ.get("KOFU_EMAIL_URL", "").strip()
#: EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER/PASSWORD, EMAIL_USE_TLS/SSL, EMAIL_TIMEOUT or
#: EMAIL_FILE_PATH, as kofu.config.email_settings reads them from the URL.
globals().update(email_settings(KOFU_EMAIL_URL or (DATA_DIR / "mail").as_uri()))
DEFAULT_FROM_EMAIL = env_email_from("KOFU_EMAIL_FROM", "kofu@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
#: The site's address as residents reach it: the links in e-mails (a booking's change/cancel page).
KOFU_PUBLIC_URL = env_public_url("KOFU_PUBLIC_URL", "http://127.0.0.1:8000")
#: ``kofu outbox send`` retries a failed message until it has been tried this many times in all.
KOFU_EMAIL_MAX_ATTEMPTS = env_int("KOFU_EMAIL_MAX_ATTEMPTS", 5, minimum=1)
#: Content-Security-Policy (django-csp 4): no inline script or style anywhere in kofu.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise serves from finders in development; it wants the folder
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_my_numbers": {"()": "kofu.core.logs.MaskMyNumbers"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_my_numbers"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("KOFU_LOG_LEVEL", "WARNING")},
}
