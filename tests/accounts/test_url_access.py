"""Every URL declares its access rule, and every URL that names an object proves the scoping.

The walk visits every route as every persona: a route without an object id answers what its rule
says (the page for a role it admits, else 404 or the way to log in). For every route with an object
id the test creates real objects of 宮崎県都城市 (and so of 宮崎県) and asserts the page (or its
normal redirect) for the personas that own or oversee them and 404 for every other jurisdiction:
another municipality of the prefecture, a municipality of another prefecture, another prefecture,
and the ministry wherever it sees aggregates only.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from kofu.accounts.permissions import ADMIN_RULES, RULES, allowed
from kofu.accounts.roles import ANONYMOUS, SYSTEM, Resident, store_resident, viewer_of
from tests.conftest import FAST_PASSWORD_HASHERS, as_resident, make_personas, make_staff, resident_books
from tests.module_data import module_transaction

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


def parameters(route: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", route)  # also finds the (?P<name>…) of regex routes


#: Example values where a caller gives none (other parameters: "1", usually no such object).
EXAMPLES = {"code": "452025", "key": "prefectures", "fmt": "csv", "pref": "45", "prefecture": "45"}


def concrete(route: str, values: dict[str, object] | None = None) -> str:
    """The route with ``values`` (by default :data:`EXAMPLES`) in its parameters."""
    given = EXAMPLES if values is None else values
    route = route.replace("^", "").replace("$", "").replace("\\.", ".")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(given.get(m.group(1), "1")), route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(given.get(m.group(1), "1")), route)
    return "/" + route


PERSONAS = [
    "anonymous",
    "resident",
    "municipality",
    "municipality_admin",
    "other_municipality",
    "other_prefecture_municipality",
    "prefecture",
    "prefecture_admin",
    "other_prefecture",
    "ministry",
]

#: Who owns or oversees 都城市's objects.
CITY = frozenset({"municipality", "municipality_admin"})
PREF = frozenset({"prefecture", "prefecture_admin"})
NATION = frozenset({"ministry"})
EVERYONE = frozenset(PERSONAS)


@dataclass(frozen=True)
class Expect:
    """Who gets the page of a route with an object id (all others: 404, or the way to log in)."""

    owners: frozenset[str]
    method: str = "get"
    #: The owner's answer: the page, or its normal redirect (a POST without a form: back to the page).
    ok: frozenset[int] = frozenset({200, 302})


POST = {"method": "post"}
#: Every route that names an object, and who may open it with the ids of 都城市's objects. A new
#: route with a parameter fails the test below until it is listed here.
SCOPED: dict[str, Expect] = {
    # accounts: an administrator manages their own organisation's accounts only
    "accounts/staff/<int:user_id>/": Expect(frozenset({"municipality_admin"})),
    # cards: aggregates for the jurisdiction, residents' records for the municipality's own staff
    "cards/<str:code>/": Expect(CITY | PREF | NATION),
    "cards/<str:code>/cards/<int:card_id>/": Expect(CITY),
    "cards/<str:code>/cards/<int:card_id>/proxy/": Expect(CITY),
    "cards/<str:code>/import/": Expect(CITY),
    "cards/<str:code>/list/": Expect(CITY),
    "cards/<str:code>/lookup/": Expect(CITY, **POST),
    "cards/<str:code>/notices/": Expect(CITY),
    "cards/<str:code>/notices/<int:batch_id>.pdf": Expect(CITY),
    "cards/<str:code>/renewals/": Expect(CITY),
    "cards/<str:code>/renewals/export/": Expect(CITY, method="post", ok=frozenset({400})),
    "cards/prefecture/<str:pref>/": Expect(PREF | NATION),
    # bookings: the municipality's own sites
    "bookings/staff/<int:site_id>/closures/": Expect(CITY),
    "bookings/staff/<int:site_id>/day/": Expect(CITY),
    "bookings/staff/<int:site_id>/edit/": Expect(CITY),
    "bookings/staff/<int:site_id>/rules/": Expect(CITY),
    "bookings/staff/<int:site_id>/rules/<int:rule_id>/": Expect(CITY),
    "bookings/staff/<int:site_id>/slots/": Expect(CITY),
    "bookings/staff/<int:site_id>/windows/": Expect(CITY),
    # walk-in tickets: the municipality's own sites (the hall's call display is public)
    "walkins/<int:site_id>/": Expect(CITY),
    "walkins/<int:site_id>/figures/": Expect(CITY),
    # plans: read by the jurisdiction, changed by the municipality, reviewed by its prefecture
    "plans/municipalities/<str:code>/": Expect(CITY | PREF | NATION),
    "plans/municipalities/<str:code>/edit/": Expect(CITY),
    "plans/municipalities/<str:code>/import/": Expect(CITY, **POST),
    "plans/municipalities/<str:code>/plan.xlsx": Expect(CITY),
    "plans/municipalities/<str:code>/reports/": Expect(CITY | PREF | NATION),
    "plans/municipalities/<str:code>/reports/file/": Expect(CITY),
    "plans/municipalities/<str:code>/transition/": Expect(CITY | PREF, **POST),
    "plans/municipalities/<str:code>/versions/<int:number>/": Expect(CITY | PREF | NATION),
    "plans/municipalities/<str:code>/hearings/<str:level>/": Expect(PREF),
    "plans/prefectures/<str:pref>/": Expect(PREF | NATION),
    "plans/prefectures/<str:pref>/hearings/": Expect(PREF | NATION),
    "plans/prefectures/<str:pref>/plans.xlsx": Expect(PREF | NATION),
    "plans/prefectures/<str:pref>/reports/": Expect(PREF | NATION),
    # subsidies: claims read by the jurisdiction, changed by the municipality
    "subsidies/claims/<int:pk>/": Expect(CITY | PREF | NATION),
    "subsidies/claims/<int:pk>/edit/": Expect(CITY),
    "subsidies/claims/<int:pk>/statement.xlsx": Expect(CITY | PREF | NATION),
    "subsidies/claims/<int:pk>/transition/": Expect(CITY | PREF | NATION, **POST),
    "subsidies/summary/prefectures/<str:pref>/": Expect(PREF | NATION),
    # surveys: the ministry's surveys, the municipality's answers and events, staff bodies
    "surveys/<slug:slug>/": Expect(CITY | PREF | NATION),
    "surveys/<slug:slug>/answer/": Expect(CITY),
    "surveys/<slug:slug>/answers/<str:code>/": Expect(CITY | PREF),
    "surveys/<slug:slug>/crosstab/": Expect(NATION),
    "surveys/<slug:slug>/import/": Expect(NATION),
    "surveys/<slug:slug>/questions/new/": Expect(NATION),
    "surveys/<slug:slug>/quotes/new/": Expect(NATION, method="post", ok=frozenset({400})),
    "surveys/<slug:slug>/respondents/select/": Expect(NATION, method="post", ok=frozenset({302, 400})),
    "surveys/events/<int:pk>/applications/": Expect(CITY),
    # a selection the ministry shared goes to every prefecture (not one jurisdiction's object)
    "surveys/practices/selections/<int:pk>/": Expect(PREF | NATION | {"other_prefecture"}),
    "surveys/practices/selections/<int:pk>/share/": Expect(NATION, **POST),
    "surveys/events/<int:pk>/edit/": Expect(CITY),
    "surveys/events/<int:pk>/sessions/": Expect(CITY),
    "surveys/staff/organisations/<int:pk>/": Expect(CITY | PREF | NATION),
    # outbox: the municipality's administrator retries its own failed messages
    "outbox/<int:message_id>/retry/": Expect(frozenset({"municipality_admin"}), **POST),
    # forecast: a municipality's forecast for its jurisdiction, a prefecture's for its own and the ministry
    "forecast/municipalities/<str:code>/": Expect(CITY | PREF | NATION),
    "forecast/municipalities/<str:code>/renewals.csv": Expect(CITY | PREF | NATION),
    "forecast/municipalities/<str:code>/capacity/": Expect(CITY | PREF | NATION),
    "forecast/prefectures/<str:pref>/": Expect(PREF | NATION),
    "forecast/prefectures/<str:pref>/candidates/": Expect(PREF | NATION),
}

#: Routes with a parameter that are public by design (statistics; links that carry their own
#: credential: the booking's signed token, the one-time set-password link).
PUBLIC = {
    "^stats/tables/(?P<key>[a-z0-9-]+)\\.(?P<fmt>csv|xlsx)$",
    "stats/charts/municipalities/<str:code>.png",
    "stats/municipalities/<str:code>/",
    "stats/prefectures/<str:code>/",
    "stats/charts/prefectures/<str:code>.png",
    "^stats/convenience-stores\\.(?P<fmt>csv|xlsx)$",
    "^stats/ages\\.(?P<fmt>csv|xlsx)$",
    "^stats/series/national\\.(?P<fmt>csv|xlsx)$",
    "^stats/series/prefectures/(?P<code>\\d{2})\\.(?P<fmt>csv|xlsx)$",
    "^stats/series/municipalities/(?P<code>\\d{6})\\.(?P<fmt>csv|xlsx)$",
    "accounts/set-password/<uidb64>/<token>/",
    "api/v1/bookings/<str:token>",
    "bookings/manage/<str:token>/",
    "bookings/reminders/off/<str:token>/",
    "bookings/manage/<str:token>/waitlist/",
    "bookings/waitlist/<str:token>/",
    "walkins/<int:site_id>/display/",
    "bookings/manage/<str:token>/cancel/",
    "bookings/manage/<str:token>/calendar.ics",
    "bookings/manage/<str:token>/print/",
    "surveys/events/<int:pk>/book/",  # a published event taking bookings ahead: anyone books
    "surveys/events/bookings/<str:token>/",
}


def test_every_url_declares_a_known_access_rule():
    missing = [
        route for route, pattern in routes() if getattr(pattern.callback, "access_rule", None) not in RULES
    ]
    assert missing == []


def test_every_url_with_an_object_id_is_in_the_scoping_walk():
    with_ids = {route for route, _pattern in routes() if parameters(route)}
    assert with_ids - set(SCOPED) - PUBLIC == set()
    assert set(SCOPED) | PUBLIC <= with_ids  # no stale entries


def make_every_persona() -> dict:
    """The shared personas plus administrators of 都城市 and 宮崎県 (the ministry persona is one)."""
    personas = make_personas()
    return {
        **personas,
        "municipality_admin": make_staff(
            "miyakonojo-admin", personas["municipality"].membership.organisation, is_admin=True
        ),
        "prefecture_admin": make_staff(
            "miyazaki-admin", personas["prefecture"].membership.organisation, is_admin=True
        ),
    }


@pytest.fixture(scope="module")
def walk_data(request, django_db_setup, django_db_blocker, shared_dir):
    """The personas and 都城市's objects, built once for the module and rolled back after it
    (tests/module_data.py); each test reads them in its own rolled-back transaction. Built with the
    settings every test has (tests/conftest.py: the fast hasher, seats back at once). The statistics
    pages then read the same snapshots for every persona, and the later personas get their charts
    from the process's memo (kofu.stats.cache), as a second visitor of the site does."""
    with module_transaction(request, django_db_blocker):
        with (
            django_db_blocker.unblock(),
            override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS, KOFU_BOOKING_RELEASE_MINUTES=0),
        ):
            users = make_every_persona()
            objects = build_city(users)
        yield {name: user.pk for name, user in users.items()}, objects


@pytest.fixture
def every_persona(walk_data, db):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk(walk_data[0].values())
    return {name: users[pk] for name, pk in walk_data[0].items()}


@pytest.fixture
def city(walk_data, db):
    """都城市's objects: ids and tokens by route parameter, ids by route prefix, and the resident."""
    return walk_data[1]


def test_the_administrator_rules_admit_administrators_only(every_persona):
    admitted = {
        rule: sorted(name for name, user in every_persona.items() if allowed(rule, viewer_of(user)))
        for rule in ADMIN_RULES
    }
    assert admitted == {
        "organisation_admin": ["ministry", "municipality_admin", "prefecture_admin"],
        "supervising_admin": ["ministry", "prefecture_admin"],
        "municipality_admin": ["municipality_admin"],
    }


def build_city(every_persona):
    """Real objects of 都城市: a card with its notice, a site with a rule and a booking, a plan with
    a submitted version, a claim, a survey it answers, an outreach event, a staff-acquisition body
    (and the national statistics of 2022-01-01, which the public pages show)."""
    from kofu.accounts.grants import export_permission_set
    from kofu.bookings import notify
    from kofu.bookings.models import OpeningRule, Site, Slot, Window
    from kofu.cards.models import Card, NoticeBatch
    from kofu.cards.services import new_notice_number
    from kofu.outbox.services.queue import message_queue
    from kofu.plans import services as plans
    from kofu.registry.models import Municipality
    from kofu.rules import cards as card_rules
    from kofu.stats.demo.loader import demo_path
    from kofu.subsidies.services import claim_create, claim_transition
    from kofu.surveys.models import BestPractice, OutreachEvent, Respondent
    from kofu.surveys.services.measure import survey_create
    from kofu.surveys.services.outreach import event_save
    from kofu.surveys.services.outreach_booking import booking_token, outreach_book, outreach_booking_open
    from kofu.surveys.services.practices import best_practice_create, selection_create, selection_share
    from kofu.surveys.services.staff import staff_organisation_create
    from tests.plans.conftest import month_rows, plan_figures
    from tests.stats.factories import ISSUANCE, load_issuance_snapshot
    from tests.subsidies.conftest import claim_input

    load_issuance_snapshot("2021-12-01")  # two months: the renewal forecast has a curve to follow
    load_issuance_snapshot("2022-01-01")
    call_command(  # the age × sex table of the same month (its page, downloads and chart)
        "stats", "import", str(ISSUANCE / "20220101" / "demographics.csv"), stdout=io.StringIO()
    )
    call_command(
        "stats",
        "import-convenience",
        str(demo_path("convenience_participation_20220101.csv")),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    miyakonojo = Municipality.objects.select_related("prefecture").get(code="452025")
    staff = viewer_of(every_persona["municipality"])
    for username in ("miyakonojo", "miyakonojo-admin"):  # so the notice PDF opens for its own staff
        export_permission_set(username=username, allowed=True, actor=SYSTEM)
    today = timezone.localdate()
    batch = NoticeBatch.objects.create(
        municipality=miyakonojo,
        sent_on=today,
        visit_from=today,
        visit_until=today + dt.timedelta(days=60),
        size=1,
        created_at=timezone.now(),
    )
    card = Card.objects.create(
        municipality=miyakonojo,
        application_id="W000001",
        channel=card_rules.ONLINE,
        received_on=today - dt.timedelta(days=40),
        name="都城 太郎",
        birth_date=dt.date(1980, 5, 5),
        address="都城市姫城町6街区21号",
        state=card_rules.NOTICE_SENT,
        state_changed_at=timezone.now(),
        state_since=today,
        notice_number=new_notice_number(),
        notice_batch=batch,
        notice_sent_on=today,
    )
    site = Site.objects.create(municipality=miyakonojo, name="都城市役所")
    Window.objects.create(site=site, name="1番窓口")
    rule = OpeningRule.objects.create(site=site, weekdays="0", start=dt.time(9), end=dt.time(12), windows=1)
    starts = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=7), dt.time(10)))
    slot = Slot.objects.create(
        site=site, starts_at=starts, ends_at=starts + dt.timedelta(minutes=30), capacity=2, web_capacity=2
    )
    (booking,) = resident_books(cards=[card], slot_id=slot.pk)
    plans.plan_save(municipality=miyakonojo, data=plan_figures(), months=month_rows(), actor=staff)
    plans.plan_transition(municipality=miyakonojo, action="submit", actor=staff)
    claim = claim_create(municipality=miyakonojo, data=claim_input(), actor=staff)
    # Filed and returned: a draft is seen by its own municipality only; a returned claim by the
    # whole jurisdiction, and still changed by the municipality.
    claim_transition(claim_id=claim.pk, action="submit", actor=staff)
    claim_transition(
        claim_id=claim.pk, action="return", actor=viewer_of(every_persona["ministry"]), comment="確認のため"
    )
    survey = survey_create(slug="walk", title="取組調査", actor=SYSTEM)
    Respondent.objects.create(survey=survey, municipality=miyakonojo, category="その他の市", side="top")
    event = event_save(
        event=OutreachEvent(
            municipality=miyakonojo,
            title="確定申告会場での出張申請受付",
            venue_type="tax_return",
            venue="都城市総合文化ホール",
            address="宮崎県都城市北原町",
            starts_on=today,
            ends_on=today,
            opens_at=dt.time(9),
            closes_at=dt.time(16),
            staff=3,
        ),
        actor=staff,
    )
    bookable = event_save(
        event=OutreachEvent(
            municipality=miyakonojo, title="公民館での出張申請受付", venue_type="community_centre",
            venue="姫城地区公民館", address="宮崎県都城市姫城町", starts_on=today + dt.timedelta(days=2),
            ends_on=today + dt.timedelta(days=2), opens_at=dt.time(10), closes_at=dt.time(12), published=True,
        ),
        actor=staff,
    )  # fmt: skip
    outreach_booking_open(event=bookable, minutes=60, seats=3, actor=staff)
    ahead = outreach_book(
        event=bookable, slot_id=bookable.slots.first().pk, name="たろう", phone="0986-23-2111", email="",
        actor=ANONYMOUS,
    )  # fmt: skip
    body = staff_organisation_create(
        kind="local_government",
        name="都城市",
        prefecture=miyakonojo.prefecture,
        municipality=miyakonojo,
        actor=staff,
    )
    selection = selection_share(
        selection=selection_create(
            title="出張申請受付の事例",
            practices=[
                best_practice_create(
                    practice=BestPractice(municipality=miyakonojo, measure="公民館"), actor=SYSTEM
                )
            ],
            actor=SYSTEM,
        ),
        actor=SYSTEM,
    )
    message = message_queue(
        kind="booking.confirm",
        to="taro@example.jp",
        subject="予約を受け付けました",
        body="ご予約ありがとうございます。",
        municipality_id=miyakonojo.pk,
    )
    values: dict[str, object] = {
        "code": "452025",
        "pref": "45",
        "prefecture": "45",
        "key": "prefectures",
        "fmt": "csv",
        "user_id": every_persona["municipality"].pk,
        "card_id": card.pk,
        "batch_id": batch.pk,
        "message_id": message.pk,
        "site_id": site.pk,
        "rule_id": rule.pk,
        "number": 1,
        "level": "prefecture",
        "slug": survey.slug,
        "token": notify.manage_token(booking),
        "uidb64": "MQ",
    }
    by_route = {
        "subsidies/claims/": {"pk": claim.pk},
        "surveys/events/<int:pk>/book/": {"pk": bookable.pk},
        "surveys/events/bookings/": {"token": booking_token(ahead)},
        "surveys/events/": {"pk": event.pk},
        "surveys/practices/": {"pk": selection.pk},
        "surveys/staff/": {"pk": body.pk},
        "stats/prefectures/": {"code": "45"},
        "^stats/series/prefectures/": {"code": "45"},
        "stats/charts/prefectures/": {"code": "45"},
        "bookings/reminders/off/": {"token": notify.opt_out_token(booking)},
        "bookings/waitlist/": {"token": waitlist_token(booking)},
    }
    return values, by_route, as_resident(card)


def waitlist_token(booking) -> str:
    """The signed link of a waiting-list entry of ``booking`` (the offer page's credential)."""
    from kofu.bookings.models import WaitlistEntry
    from kofu.bookings.waitlist import offer_token

    return offer_token(
        WaitlistEntry.objects.create(booking=booking, created_at=timezone.now(), queued_at=timezone.now())
    )


def client_of(persona: str, every_persona, resident: Resident) -> Client:
    client = Client()
    if persona == "resident":
        session = client.session
        store_resident(session, resident)
        session.save()
    elif persona != "anonymous":
        client.force_login(every_persona[persona])
    return client


def url_of(route: str, values: dict[str, object], by_route: dict[str, dict[str, object]]) -> str:
    """The route with the ids of 都城市's objects (``pk`` and a prefecture's ``code`` by route)."""
    extra = next((ids for prefix, ids in by_route.items() if route.startswith(prefix)), {})
    return concrete(route, {**values, **extra}) + QUERIES.get(route, "")


#: Query strings a route needs to answer (the availability feed asks which municipality).
QUERIES = {"api/v1/availability": "?municipality=452025"}


def refused(response, rule: str, persona: str) -> bool:
    """The answer of a persona outside the route's jurisdiction: 404, or the way to identify
    (residents' pages: the notice number and birth date; staff pages: the login)."""
    if rule == "resident" and persona != "resident":
        return response.status_code == 302 and response["Location"] == "/bookings/"
    if persona in ("anonymous", "resident"):
        return response.status_code == 302 and "/accounts/login/" in response["Location"]
    return response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_its_own_jurisdiction(every_persona, city, persona):
    values, by_route, resident = city
    client = client_of(persona, every_persona, resident)
    actor = {"anonymous": ANONYMOUS, "resident": resident}.get(persona) or viewer_of(every_persona[persona])
    wrong = []
    for route, pattern in routes():
        if route.startswith("accounts/logout"):
            continue
        rule = pattern.callback.access_rule
        url = url_of(route, values, by_route)
        expect = SCOPED.get(route)
        if expect is None:  # no object id (or public by design): what the rule says
            response = client.get(url)
            if allowed(rule, actor):
                ok = response.status_code in {200, 302, 405}
            else:
                ok = refused(response, rule, persona)
        else:
            response = getattr(client, expect.method)(url)
            ok = (
                response.status_code in expect.ok
                if persona in expect.owners
                else refused(response, rule, persona)
            )
        if not ok:
            wrong.append((route, response.status_code))
    assert wrong == []


#: Routes of the residents' data lifecycle (issue 5 and 8) and the rule each must declare.
LIFECYCLE_ROUTES = {
    "cards/<str:code>/renewals/": "municipality_staff",
    "cards/<str:code>/renewals/export/": "municipality_staff",
    "cards/<str:code>/notices/<int:batch_id>.pdf": "municipality_staff",
    "cards/prefecture/<str:pref>/": "prefecture_or_ministry",
}


def test_the_lifecycle_routes_are_walked_with_their_rules():
    found = {route: pattern.callback.access_rule for route, pattern in routes()}
    assert {route: found.get(route) for route in LIFECYCLE_ROUTES} == LIFECYCLE_ROUTES
