"""Every view of the typed apps takes :class:`AccessRequest` (ADR 0028): one typed request, one way
to the actor (``request.viewer``).

mypy cannot see it for us: a view declared ``def v(request: HttpRequest)`` also fits the
``access`` decorator's ``Callable[..., HttpResponseBase]``. So the URLconf is walked and each view's
own signature (under its decorators, ``inspect.unwrap``) is read.
"""

from __future__ import annotations

import importlib
import inspect
import typing

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver

from kofu.accounts.permissions import AccessRequest, access

#: The URL namespaces whose views mypy checks (pyproject ``[tool.mypy] files``).
TYPED_NAMESPACES = (
    "accounts",
    "bookings",
    "bookings_api",
    "cards",
    "forecast",
    "outbox",
    "plans",
    "stats",
    "subsidies",
    "surveys",
    "walkins",
)


def views(resolver: URLResolver, namespace: str = "") -> typing.Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from views(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield namespace, entry


def typed_views() -> list[tuple[str, URLPattern]]:
    return [(ns, pattern) for ns, pattern in views(get_resolver()) if ns in TYPED_NAMESPACES]


def request_type(view: typing.Callable[..., object]) -> object:
    """The annotation of the view's first parameter, resolved (the modules use string annotations)."""
    function = inspect.unwrap(view)
    first = next(iter(inspect.signature(function).parameters))
    return typing.get_type_hints(function).get(first)


def test_the_typed_namespaces_have_views():
    found = {ns for ns, _ in typed_views()}
    assert found == set(TYPED_NAMESPACES)


@pytest.mark.parametrize(("namespace", "pattern"), typed_views(), ids=lambda v: getattr(v, "name", v))
def test_every_view_of_the_typed_apps_takes_an_access_request(namespace, pattern):
    assert request_type(pattern.callback) is AccessRequest, f"{namespace}:{pattern.name}"


def test_the_check_catches_a_view_typed_with_the_plain_request():
    @access("public")
    def plain(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    @access("public")
    def typed(request: AccessRequest) -> HttpResponse:
        return HttpResponse()

    assert request_type(plain) is HttpRequest
    assert request_type(typed) is AccessRequest


@pytest.mark.parametrize("module", sorted({pattern.callback.__module__ for _, pattern in typed_views()}))
def test_the_views_of_the_typed_apps_get_the_actor_one_way(module):
    """``request.viewer`` only: no ``request.user``, no second derivation of the actor."""
    source = inspect.getsource(importlib.import_module(module))
    assert "request.user" not in source
    assert "viewer_of(" not in source
    assert "actor_of(" not in source
