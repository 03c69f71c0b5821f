"""The lean path for the JSON API: ``/api/v1/…`` is served without the pages' middleware.

The API identifies residents by what they send (notice number + birth date, or a booking's signed
token), never by a cookie: it needs no session, no staff login, no second factor, no CSRF check,
no messages, no static files and no page headers (frame options, CSP). Each of those costs every
request a little; at a surge (every booking a resident makes) they add up to an eighth of the
server's time. :class:`LeanWSGIHandler` is Django's WSGI handler with the short list
:data:`LEAN_MIDDLEWARE`; :class:`Dispatch` (``kofu.wsgi.application``) sends the API's paths to it
and every other path to the full handler. The views are the same; ``access("public")`` sees an
anonymous user (:class:`AnonymousApiMiddleware`), so a staff member's session cookie sent along
changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponse
from django.urls import ResolverMatch

#: Paths served by the lean handler (the resident API and its public feeds).
API_PREFIX = "/api/v1/"

LEAN_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",  # nosniff, HSTS and the HTTPS redirect
    "kofu.accounts.request_source.RequestSourceMiddleware",  # the source IP for the access log
    "kofu.core.lean.AnonymousApiMiddleware",
]


class AnonymousApiMiddleware:
    """The API acts for no signed-in user: ``request.user`` is anonymous, cookies are ignored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = AnonymousUser()
        return self.get_response(request)


class LeanMiddlewareMixin:
    """Build the handler's chain from :data:`LEAN_MIDDLEWARE` instead of ``settings.MIDDLEWARE``."""

    def load_middleware(self, is_async: bool = False) -> None:
        # Django's loader reads settings.MIDDLEWARE; it runs once, when the handler is built.
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = LEAN_MIDDLEWARE
        try:
            # A mixin: the handler class it is mixed into (WSGIHandler) defines load_middleware.
            super().load_middleware(is_async)  # type: ignore[misc]
        finally:
            settings.MIDDLEWARE = full


#: The two hot paths (every booking, every availability read): resolved once, then by a dict lookup.
HOT_PATHS = ("/api/v1/bookings", "/api/v1/availability")


class LeanWSGIHandler(LeanMiddlewareMixin, WSGIHandler):
    """Django's WSGI handler with :data:`LEAN_MIDDLEWARE`; :data:`HOT_PATHS` skip URL resolution.

    The URLconf resolves each hot path once (the same view, decorators and route name as any other
    request reaches); later requests for exactly that path reuse the match, so a booking or an
    availability read does not walk the URL patterns. Everything else — the middleware, the
    view's ``access`` rule and its checks, the signals that close stale database connections,
    the exception handling — is Django's handler as before (ADR 0035).
    """

    def __init__(self) -> None:
        super().__init__()
        self._hot: dict[str, ResolverMatch] = {}

    def resolve_request(self, request: HttpRequest) -> ResolverMatch:
        path = request.path_info
        match = self._hot.get(path)
        if match is None or hasattr(request, "urlconf"):
            match = super().resolve_request(request)
            if path in HOT_PATHS and not hasattr(request, "urlconf") and not match.args and not match.kwargs:
                self._hot[path] = match
            return match
        request.resolver_match = match
        return match


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


class Dispatch:
    """The WSGI application: the API's paths to the lean handler, every other path to the full one."""

    def __init__(self, full: WSGIHandler, lean: WSGIHandler) -> None:
        self.full = full
        self.lean = lean

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        handler = self.lean if is_api_path(environ.get("PATH_INFO", "")) else self.full
        return handler(environ, start_response)
