"""Where a request came from, for the logs written while it is served.

The access log records the source IP of every read or write of a resident's record (SECURITY.md
16), including the rows that services write deep below the view. :class:`RequestSourceMiddleware`
puts the client's address (:func:`kofu.accounts.throttle.client_ip`) in a context variable for the
length of one request; :func:`current_source_ip` reads it (``None`` outside a request: commands).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from kofu.accounts.throttle import client_ip

_SOURCE_IP: ContextVar[str | None] = ContextVar("kofu_source_ip", default=None)


def current_source_ip() -> str | None:
    """The address of the request being served, or ``None`` (a command, a test without a request)."""
    return _SOURCE_IP.get()


class RequestSourceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _SOURCE_IP.set(_valid_address(client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            _SOURCE_IP.reset(token)


def _valid_address(raw: str) -> str | None:
    """The address as an IP address, or ``None`` when the header held something else."""
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return None
