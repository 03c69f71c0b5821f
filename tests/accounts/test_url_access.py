"""Every URL declares its access rule; each persona gets exactly what the rule admits (else 404/login)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from kofu.accounts.permissions import RULES, allowed
from kofu.accounts.roles import ANONYMOUS, viewer_of

#: Example arguments for parameterised routes, in the persona 宮崎県都城市's jurisdiction. Other
#: parameters get "1" (ids: usually no such object, so 404 for allowed roles). Each app's own tests
#: check its objects across jurisdictions with real rows.
EXAMPLES = {"code": "452025", "key": "prefectures", "fmt": "csv", "pref": "45", "prefecture": "45"}
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


def test_the_administrator_rules_admit_administrators_only(every_persona):
    from kofu.accounts.permissions import ADMIN_RULES

    admitted = {
        rule: sorted(name for name, user in every_persona.items() if allowed(rule, viewer_of(user)))
        for rule in ADMIN_RULES
    }
    assert admitted == {
        "organisation_admin": ["ministry", "municipality_admin", "prefecture_admin"],
        "supervising_admin": ["ministry", "prefecture_admin"],
        "municipality_admin": ["municipality_admin"],
    }


def concrete(route: str) -> str:
    import re

    route = route.replace("^", "").replace("$", "").replace("\\.", ".")
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: EXAMPLES.get(m.group(1), "1"), route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: EXAMPLES.get(m.group(1), "1"), route)
    return "/" + route


PERSONAS = [
    "anonymous",
    "municipality",
    "municipality_admin",
    "other_municipality",
    "prefecture",
    "prefecture_admin",
    "other_prefecture",
    "ministry",
]


@pytest.fixture
def every_persona(personas):
    """The shared personas plus administrators of 都城市 and 宮崎県 (the ministry persona is one)."""
    from tests.conftest import make_staff

    return {
        **personas,
        "municipality_admin": make_staff(
            "miyakonojo-admin", personas["municipality"].membership.organisation, is_admin=True
        ),
        "prefecture_admin": make_staff(
            "miyazaki-admin", personas["prefecture"].membership.organisation, is_admin=True
        ),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_is_allowed_exactly_what_the_rule_says(every_persona, client, persona):
    viewer = ANONYMOUS
    if persona != "anonymous":
        client.force_login(every_persona[persona])
        viewer = viewer_of(every_persona[persona])
    for route, pattern in routes():
        if route.startswith("accounts/logout"):
            continue
        response = client.get(concrete(route))
        rule = pattern.callback.access_rule
        if allowed(rule, viewer):
            # Allowed: the page, a redirect (e.g. to a form step), 404 for an example id that does
            # not exist, or 405 for POST-only endpoints; never a refusal or a crash.
            assert response.status_code in {200, 302, 404, 405}, (route, persona, response.status_code)
        elif persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], route
        else:
            assert response.status_code == 404, (route, persona, response.status_code)


#: Routes of the residents' data lifecycle (issue 5 and 8) and the rule each must declare; the walk
#: above visits them as every persona. Exports answer 405 to the walk's GET (POST only) and 403 to
#: the own municipality's staff without export_resident_pii (tests/cards/test_renewals.py).
LIFECYCLE_ROUTES = {
    "cards/<str:code>/renewals/": "municipality_staff",
    "cards/<str:code>/renewals/export/": "municipality_staff",
    "cards/<str:code>/notices/<int:batch_id>.pdf": "municipality_staff",
    "cards/prefecture/<str:pref>/": "prefecture_or_ministry",
}


def test_the_lifecycle_routes_are_walked_with_their_rules():
    found = {route: pattern.callback.access_rule for route, pattern in routes()}
    assert {route: found.get(route) for route in LIFECYCLE_ROUTES} == LIFECYCLE_ROUTES


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_lifecycle_pages_answer_each_persona(every_persona, client, persona):
    expected = {
        "/cards/452025/renewals/": {"municipality": 200, "municipality_admin": 200},
        "/cards/prefecture/45/": {"prefecture": 200, "prefecture_admin": 200, "ministry": 200},
    }
    if persona != "anonymous":
        client.force_login(every_persona[persona])
    for url, allowed_personas in expected.items():
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302, url
        else:
            assert response.status_code == allowed_personas.get(persona, 404), (url, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_booking_staff_pages_with_a_real_site_open_only_for_its_own_municipality(
    every_persona, client, persona
):
    """The bookings staff routes with the ids of a real 都城市 site and rule (the walk above only
    sees ids that do not exist): its own staff get the page, every other persona 404 or login."""
    import datetime as dt

    from kofu.bookings.models import OpeningRule, Site
    from kofu.registry.models import Municipality

    site = Site.objects.create(municipality=Municipality.objects.get(code="452025"), name="都城市役所")
    rule = OpeningRule.objects.create(site=site, weekdays="0", start=dt.time(9), end=dt.time(12), windows=1)
    if persona != "anonymous":
        client.force_login(every_persona[persona])
    staff_routes = [(route, pattern) for route, pattern in routes() if route.startswith("bookings/staff/")]
    assert len(staff_routes) >= 9
    for route, _pattern in staff_routes:
        url = "/" + route.replace("<int:site_id>", str(site.pk)).replace("<int:rule_id>", str(rule.pk))
        response = client.get(url)
        if persona in ("municipality", "municipality_admin"):
            assert response.status_code == 200, url
        elif (
            persona in ("other_municipality", "other_prefecture_municipality")
            and "<int:site_id>" not in route
        ):
            # Their own site list and "new site" form, without this site.
            assert response.status_code == 200 and "都城市役所" not in response.content.decode(), url
        elif persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        else:
            assert response.status_code == 404, (url, persona)
