"""Every URL declares its access rule; each persona gets exactly what the rule admits (else 404/login)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from kofu.accounts.permissions import RULES, allowed
from kofu.accounts.roles import ANONYMOUS, viewer_of

#: Example arguments for each parameterised route, in the persona 宮崎県都城市's jurisdiction.
EXAMPLES = {"code": "452025", "key": "prefectures", "fmt": "csv"}
SKIP_PREFIXES = ("admin/",)


def walk(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def routes():
    return [
        (route, pattern) for route, pattern in walk(get_resolver()) if not route.startswith(SKIP_PREFIXES)
    ]


def test_every_url_declares_a_known_access_rule():
    missing = [
        route for route, pattern in routes() if getattr(pattern.callback, "access_rule", None) not in RULES
    ]
    assert missing == []


def concrete(route: str) -> str:
    import re

    route = route.replace("^", "").replace("$", "").replace("\\.", ".")
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: EXAMPLES[m.group(1)], route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: EXAMPLES[m.group(1)], route)
    return "/" + route


PERSONAS = ["anonymous", "municipality", "other_municipality", "prefecture", "other_prefecture", "ministry"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_is_allowed_exactly_what_the_rule_says(personas, client, persona):
    viewer = ANONYMOUS
    if persona != "anonymous":
        client.force_login(personas[persona])
        viewer = viewer_of(personas[persona])
    for route, pattern in routes():
        if route.startswith("accounts/logout"):
            continue
        response = client.get(concrete(route))
        rule = pattern.callback.access_rule
        if allowed(rule, viewer):
            assert response.status_code in {200, 404}, (route, persona, response.status_code)
            if response.status_code == 404:
                assert rule == "public", (route, persona)  # public pages 404 only for missing data
        elif persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], route
        else:
            assert response.status_code == 404, (route, persona, response.status_code)
