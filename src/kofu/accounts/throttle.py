"""Login throttling: failures counted per username and per client IP in Django's cache.

The cache is the database cache (``CACHES`` in settings), so every gunicorn worker sees the same
counters. Limits come from settings (``KOFU_LOGIN_MAX_FAILURES_PER_USER``, ``…_PER_IP``,
``KOFU_LOGIN_WINDOW_SECONDS``, ``KOFU_LOGIN_LOCKOUT_SECONDS``). A username is counted whether or
not the account exists, so the answers never tell which usernames are real.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

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
    digest = hashlib.sha256(value.strip().lower().encode("utf-8")).hexdigest()[:32]
    return f"kofu:login:{kind}:{digest}"


def _scopes(request: HttpRequest, username: str) -> list[tuple[str, int]]:
    return [
        (_key("user", username), settings.KOFU_LOGIN_MAX_FAILURES_PER_USER),
        (_key("ip", client_ip(request)), settings.KOFU_LOGIN_MAX_FAILURES_PER_IP),
    ]


def is_locked(request: HttpRequest, username: str) -> bool:
    """True while the username or the client's IP is locked out."""
    return any(cache.get(key + ":lock") for key, _ in _scopes(request, username))


def record_failure(request: HttpRequest, username: str) -> bool:
    """Count one failed attempt; lock the username or IP that reached its limit. True if now locked."""
    locked = False
    for key, limit in _scopes(request, username):
        cache.add(key, 0, timeout=settings.KOFU_LOGIN_WINDOW_SECONDS)
        try:
            failures = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.KOFU_LOGIN_WINDOW_SECONDS)
            failures = 1
        if failures >= limit:
            cache.set(key + ":lock", True, timeout=settings.KOFU_LOGIN_LOCKOUT_SECONDS)
            cache.delete(key)
            locked = True
    return locked


def record_success(request: HttpRequest, username: str) -> None:
    """A successful login clears the username's failure count (not the IP's)."""
    cache.delete(_key("user", username))
