"""Login throttling: failures counted per username and per client IP.

The counters are :mod:`kofu.accounts.counters` (a table in the database), so every gunicorn worker
sees the same counts. Limits come from settings (``KOFU_LOGIN_MAX_FAILURES_PER_USER``, ``…_PER_IP``,
``KOFU_LOGIN_WINDOW_SECONDS``, ``KOFU_LOGIN_LOCKOUT_SECONDS``). A username is counted whether or
not the account exists, so the answers never tell which usernames are real.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from kofu.accounts import counters

LOCKED_OUT = (
    "ログインの失敗が続いたため、しばらくログインできません。時間をおいてからもう一度お試しください。"
)


def client_ip(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or the header the reverse proxy sets.

    ``KOFU_CLIENT_IP_HEADER`` (e.g. ``HTTP_X_REAL_IP``) is trusted only when set: behind nginx,
    which overwrites it, never when clients reach gunicorn directly.
    """
    header = getattr(settings, "KOFU_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return str(request.META[header]).split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(kind: str, value: str) -> str:
    return counters.key_of(f"login-{kind}", value.strip().lower())


def _scopes(request: HttpRequest, username: str) -> list[tuple[str, int]]:
    return [
        (_key("user", username), settings.KOFU_LOGIN_MAX_FAILURES_PER_USER),
        (_key("ip", client_ip(request)), settings.KOFU_LOGIN_MAX_FAILURES_PER_IP),
    ]


def is_locked(request: HttpRequest, username: str) -> bool:
    """True while the username or the client's IP is locked out."""
    return any(counters.held(key + ":lock") for key, _ in _scopes(request, username))


def record_failure(request: HttpRequest, username: str) -> bool:
    """Count one failed attempt; lock the username or IP that reached its limit. True if now locked."""
    locked = False
    for key, limit in _scopes(request, username):
        if counters.bump(key, settings.KOFU_LOGIN_WINDOW_SECONDS) >= limit:
            counters.hold(key + ":lock", settings.KOFU_LOGIN_LOCKOUT_SECONDS)
            counters.clear(key)
            locked = True
    return locked


def record_success(request: HttpRequest, username: str) -> None:
    """A successful login clears the username's failure count (not the IP's)."""
    counters.clear(_key("user", username))
