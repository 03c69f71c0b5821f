"""SECURITY 16/17: every page showing residents' records writes one access-log row per record shown.

The rows are written by the single ``PERSONAL_DATA_HOOKS`` entry (kofu.cards.access_log) after
the views say what they showed. Each scenario below opens one ``@personal_data`` page and
expects exactly the rows for the records on it; a URLconf walk checks every ``@personal_data``
URL has a scenario (or is listed as showing no resident record), and that every page that does
show a seeded resident's name or birth date is ``@personal_data``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass

import pytest
from django.core import serializers
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import SYSTEM, store_resident
from kofu.bookings import notify
from kofu.bookings.models import Booking, Site, Slot, Window
from kofu.bookings.residents import resident_of
from kofu.bookings.views.resident import SESSION_HELD
from kofu.cards.access import household_q
from kofu.cards.access_log import SELF_LABEL, SELF_SHOWN_AS
from kofu.cards.models import Card, NoticeBatch, ResidentAccess
from kofu.cards.services import new_notice_number
from kofu.rules import cards as card_rules
from tests.accounts.test_url_access import concrete, routes
from tests.conftest import resident_books

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1977, 7, 17)
VIEW, UPDATE, PRINT, EXPORT = "view", "update", "print", "export"
ISSUANCE, INQUIRY, NOTICE, SELF, RENEWAL = "issuance", "inquiry", "notice", "self", "renewal"

#: ``@personal_data`` URLs that show no resident record themselves (and why).
NO_RESIDENT_RECORD = {
    "accounts:mfa_enrol": "the staff member's own authenticator secret",
    "accounts:staff_list": "staff accounts of the administrator's organisation",
    "accounts:staff_new": "staff accounts",
    "accounts:staff_detail": "staff accounts",
    "accounts:staff_first_admin": "staff accounts",
    "cards:lookup": "a POST that redirects to cards:detail, which logs (scenario cards:lookup+detail)",
    "bookings:start": "the notice number and birth date form; redirects to slots or manage, which log",
    "surveys:outreach_booking": "an outreach booking ahead: a name to call and a contact, no card (ADR 0030)",
    "surveys:outreach_sessions": "the outreach bookings ahead of an event: no card or resident record (ADR 0030)",
}


@dataclass
class Seeded:
    a: Card  # booked, household of a and b
    b: Card
    c: Card  # not booked; household of c and d
    d: Card
    e: Card  # delivered, no notice yet
    batch: NoticeBatch
    site: Site
    slot: Slot
    booking: Booking


@pytest.fixture
def seeded(personas) -> Seeded:
    from kofu.registry.models import Municipality

    miyakonojo = Municipality.objects.get(code="452025")
    today = timezone.localdate()
    batch = NoticeBatch.objects.create(
        municipality=miyakonojo,
        sent_on=today,
        visit_from=today,
        visit_until=today + dt.timedelta(days=90),
        size=4,
        created_at=timezone.now(),
    )

    def card(n: int, address: str, state: str = card_rules.NOTICE_SENT) -> Card:
        sent = state == card_rules.NOTICE_SENT
        return Card.objects.create(
            municipality=miyakonojo,
            application_id=f"LOG{n:05d}",
            channel=card_rules.ONLINE,
            received_on=today - dt.timedelta(days=40),
            name=f"記録 花子{n}",
            name_kana=f"キロク ハナコ{n}",
            birth_date=BIRTH,
            address=address,
            phone=f"0986-11-{n:04d}",
            state=state,
            state_changed_at=timezone.now(),
            state_since=today,
            notice_number=new_notice_number() if sent else None,
            notice_batch=batch if sent else None,
            notice_sent_on=today if sent else None,
        )

    a, b = card(1, "都城市姫城町1番"), card(2, "都城市姫城町1番")
    c, d = card(3, "都城市姫城町2番"), card(4, "都城市姫城町2番")
    e = card(5, "都城市姫城町3番", state=card_rules.DELIVERED)
    site = Site.objects.create(municipality=miyakonojo, name="都城市役所 本庁舎")
    Window.objects.create(site=site, name="1番窓口")
    starts = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=7), dt.time(10, 0)))
    slot = Slot.objects.create(
        site=site, starts_at=starts, ends_at=starts + dt.timedelta(minutes=30), capacity=6, web_capacity=6
    )
    booking, _ = resident_books(cards=[a, b], slot_id=slot.pk)
    assert not ResidentAccess.objects.exists()  # the log is append-only: nothing to clear
    return Seeded(a=a, b=b, c=c, d=d, e=e, batch=batch, site=site, slot=slot, booking=booking)


def staff(personas) -> Client:
    client = Client()
    client.force_login(personas["municipality"])
    return client


def resident(card: Card, held: list[int] | None = None) -> Client:
    """A resident's browser that identified with ``card``'s notice number and birth date."""
    client = Client()
    session = client.session
    family = frozenset(Card.objects.filter(household_q(card)).values_list("pk", flat=True))
    store_resident(session, resident_of(card, family=family))
    if held:
        session[SESSION_HELD] = held
    session.save()
    return client


def day_url(s: Seeded) -> str:
    return (
        reverse("bookings:day", args=[s.site.pk]) + f"?date={timezone.localtime(s.slot.starts_at):%Y-%m-%d}"
    )


# Each scenario opens one page and returns the rows it must write: (card, action, purpose).
def scenario_card_detail(s, personas):
    assert staff(personas).get(reverse("cards:detail", args=["452025", s.a.pk])).status_code == 200
    return [(s.a, VIEW, ISSUANCE)]


def scenario_card_detail_for_an_inquiry(s, personas):
    url = reverse("cards:detail", args=["452025", s.c.pk]) + "?purpose=inquiry"
    assert staff(personas).get(url).status_code == 200
    return [(s.c, VIEW, INQUIRY)]


def scenario_proxy_handover_page(s, personas):
    assert staff(personas).get(reverse("cards:proxy", args=["452025", s.a.pk])).status_code == 200
    return [(s.a, VIEW, ISSUANCE)]


def scenario_lookup_then_detail(s, personas):
    response = staff(personas).post(
        reverse("cards:lookup", args=["452025"]), {"key": s.c.notice_number, "purpose": INQUIRY}, follow=True
    )
    assert response.status_code == 200 and s.c.name in response.content.decode()
    return [(s.c, VIEW, INQUIRY)]


def scenario_card_list(s, personas):
    url = reverse("cards:list", args=["452025"]) + f"?state={card_rules.NOTICE_SENT}"
    body = staff(personas).get(url).content.decode()
    assert s.c.application_id in body and s.a.application_id not in body  # a, b are booked now
    return [(s.c, VIEW, ISSUANCE), (s.d, VIEW, ISSUANCE)]


def may_export() -> None:
    """The staff member holds the permission to take personal data out (持ち出し)."""
    from kofu.accounts.grants import export_permission_set

    export_permission_set(username="miyakonojo", allowed=True, actor=SYSTEM)


def scenario_notice_pdf(s, personas):
    may_export()
    response = staff(personas).get(reverse("cards:notice-pdf", args=["452025", s.batch.pk]))
    assert response.content.startswith(b"%PDF") and "no-store" in response["Cache-Control"]
    return [(card, PRINT, NOTICE) for card in (s.a, s.b, s.c, s.d)]


def scenario_renewals_export(s, personas):
    """Card e handed over (delivered 2022-05-09): its certificate expires on 2026-07-17 (5th birthday)."""
    Card.objects.filter(pk=s.e.pk).update(
        state=card_rules.HANDED_OVER,
        received_on=dt.date(2022, 3, 1),
        delivered_on=dt.date(2022, 5, 9),
        handed_over_on=dt.date(2022, 6, 1),
    )
    may_export()
    period = {"start": "2026-06-01", "until": "2026-12-31", "kind": "", "purpose": RENEWAL}
    response = staff(personas).post(reverse("cards:renewals-csv", args=["452025"]), period)
    assert response.status_code == 200 and s.e.name in response.content.decode("utf-8-sig")
    return [(s.e, EXPORT, RENEWAL)]


def scenario_day_sheet(s, personas):
    body = staff(personas).get(day_url(s)).content.decode()
    assert s.a.name in body and s.b.name in body
    return [(s.a, VIEW, ISSUANCE), (s.b, VIEW, ISSUANCE)]


def scenario_resident_slots(s, personas):
    body = resident(s.c).get(reverse("bookings:slots")).content.decode()
    assert s.d.name in body  # the household member offered for booking together
    return [(s.c, VIEW, SELF), (s.d, VIEW, SELF)]


def scenario_resident_confirm(s, personas):
    held = resident_books(cards=[s.c, s.d], slot_id=s.slot.pk, hold=True)
    assert resident(s.c, [h.pk for h in held]).get(reverse("bookings:confirm")).status_code == 200
    return [(s.c, VIEW, SELF), (s.d, VIEW, SELF)]


def scenario_resident_manage(s, personas):
    response = Client().get(reverse("bookings:manage", args=[notify.manage_token(s.booking)]))
    assert response.status_code == 200
    assert s.b.name in response.content.decode()  # the family booked with a
    return [(s.a, VIEW, SELF), (s.b, VIEW, SELF)]


def scenario_resident_cancel_page(s, personas):
    response = Client().get(reverse("bookings:cancel", args=[notify.manage_token(s.booking)]))
    assert response.status_code == 200 and s.b.name in response.content.decode()
    return [(s.a, VIEW, SELF), (s.b, VIEW, SELF)]


def scenario_resident_print(s, personas):
    response = Client().get(reverse("bookings:print", args=[notify.manage_token(s.booking)]))
    assert response.status_code == 200 and s.booking.number in response.content.decode()
    return [(s.a, VIEW, SELF), (s.b, VIEW, SELF)]


def scenario_resident_calendar(s, personas):
    response = Client().get(reverse("bookings:calendar", args=[notify.manage_token(s.booking)]))
    assert response.status_code == 200 and s.a.name not in response.content.decode()
    return []  # time and place only: no resident's record is shown


def scenario_resident_family(s, personas):
    assert resident(s.c).get(reverse("bookings:family")).status_code == 200
    return [(s.c, VIEW, SELF)]


def scenario_find_by_number(s, personas):
    response = Client().post(
        reverse("bookings:find"), {"number": s.booking.number, "birth_date": "昭和52年7月17日"}
    )
    assert response.status_code == 302  # to bookings:manage, which logs
    return []


SCENARIOS = {
    "cards:detail": [scenario_card_detail, scenario_card_detail_for_an_inquiry],
    "cards:lookup+detail": [scenario_lookup_then_detail],
    "cards:list": [scenario_card_list],
    "cards:proxy": [scenario_proxy_handover_page],
    "cards:notice-pdf": [scenario_notice_pdf],
    "cards:renewals-csv": [scenario_renewals_export],
    "bookings:day": [scenario_day_sheet],
    "bookings:slots": [scenario_resident_slots],
    "bookings:confirm": [scenario_resident_confirm],
    "bookings:manage": [scenario_resident_manage],
    "bookings:cancel": [scenario_resident_cancel_page],
    "bookings:print": [scenario_resident_print],
    "bookings:calendar": [scenario_resident_calendar],
    "bookings:family": [scenario_resident_family],
    "bookings:find": [scenario_find_by_number],
}
ALL_SCENARIOS = [function for functions in SCENARIOS.values() for function in functions]


def logged() -> Counter:
    return Counter((row.card_id, row.action, row.purpose) for row in ResidentAccess.objects.all())


@pytest.mark.parametrize("scenario", ALL_SCENARIOS, ids=lambda f: f.__name__.removeprefix("scenario_"))
def test_each_page_writes_exactly_one_entry_per_resident_record_shown(seeded, personas, scenario):
    expected = scenario(seeded, personas)
    assert logged() == Counter((card.pk, action, purpose) for card, action, purpose in expected)


def test_staff_entries_name_the_reader_and_organisation_resident_entries_say_self(seeded, personas):
    scenario_card_detail(seeded, personas)
    scenario_resident_manage(seeded, personas)
    by_purpose = {row.purpose: row for row in ResidentAccess.objects.all()}
    staff_row, self_row = by_purpose[ISSUANCE], by_purpose[SELF]
    assert (staff_row.user_id, staff_row.actor_label) == (personas["municipality"].pk, "miyakonojo")
    assert staff_row.organisation == "宮崎県都城市"
    assert (self_row.user_id, self_row.actor_label, self_row.organisation) == (None, SELF_LABEL, "")
    # SECURITY 16: the reader's role and the request's source address (the test client's).
    assert (staff_row.role, staff_row.source_ip) == ("municipality_staff", "127.0.0.1")
    assert (self_row.role, self_row.source_ip) == ("resident", "127.0.0.1")


def test_the_source_address_is_the_proxys_header_only_when_configured(seeded, personas, settings):
    url = reverse("cards:detail", args=["452025", seeded.a.pk])
    staff(personas).get(url, HTTP_X_REAL_IP="203.0.113.9", REMOTE_ADDR="10.0.0.2")
    settings.KOFU_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    staff(personas).get(url, HTTP_X_REAL_IP="203.0.113.9", REMOTE_ADDR="10.0.0.2")
    staff(personas).get(url, HTTP_X_REAL_IP="unknown", REMOTE_ADDR="10.0.0.2")
    addresses = [row.source_ip for row in ResidentAccess.objects.order_by("id")]
    assert addresses == ["10.0.0.2", "203.0.113.9", None]


def test_a_write_deep_in_a_service_and_an_export_carry_the_source_address(seeded, personas):
    staff(personas).post(
        reverse("cards:detail", args=["452025", seeded.e.pk]),
        {"note_only": "1", "note": "窓口で確認"},
        REMOTE_ADDR="192.0.2.44",
    )
    scenario_renewals_export(seeded, personas)
    rows = {row.action: row for row in ResidentAccess.objects.all()}
    assert (rows[UPDATE].source_ip, rows[UPDATE].role) == ("192.0.2.44", "municipality_staff")
    assert (rows[EXPORT].source_ip, rows[EXPORT].role) == ("127.0.0.1", "municipality_staff")


def test_writes_from_the_staff_pages_are_logged_as_updates(seeded, personas):
    client = staff(personas)
    client.post(reverse("cards:detail", args=["452025", seeded.e.pk]), {"to_state": card_rules.SETUP_DONE})
    client.post(day_url(seeded), {"action": "check_in", "booking": seeded.booking.pk})
    updates = Counter((row.card_id, row.action) for row in ResidentAccess.objects.filter(action=UPDATE))
    assert updates == Counter({(seeded.e.pk, UPDATE): 1, (seeded.a.pk, UPDATE): 1})


def test_residents_see_which_organisation_looked_when_and_why_but_no_staff_names(seeded, personas, settings):
    personas["municipality"].membership.display_name = "市民課 田中"
    personas["municipality"].membership.save()
    scenario_card_detail(seeded, personas)
    staff(personas).get(reverse("cards:detail", args=["452025", seeded.a.pk]) + "?purpose=inquiry")
    page = Client().get(reverse("bookings:manage", args=[notify.manage_token(seeded.booking)]))
    body = page.content.decode()
    table = body[body.index('id="t-access"') :]
    # Both looks of the day on one line: organisation, day, both purposes, twice.
    (line,) = [row for row in table.split("<tr>") if "宮崎県都城市" in row]
    assert "交付事務" in line and "問合せ対応" in line and "2回" in line
    assert "miyakonojo" not in table and "田中" not in table
    settings.KOFU_ACCESS_LOG_HIDDEN_PURPOSES = [INQUIRY]  # legally required non-disclosure
    body = (
        Client().get(reverse("bookings:manage", args=[notify.manage_token(seeded.booking)])).content.decode()
    )
    table = body[body.index('id="t-access"') :]
    assert "問合せ対応" not in table and table.count("宮崎県都城市") == 1
    assert SELF_SHOWN_AS in table  # the resident's previous look at this page


def test_another_residents_looks_do_not_appear_on_a_residents_page(seeded, personas):
    staff(personas).get(reverse("cards:detail", args=["452025", seeded.c.pk]))
    body = (
        Client().get(reverse("bookings:manage", args=[notify.manage_token(seeded.booking)])).content.decode()
    )
    assert "宮崎県都城市" not in body[body.index('id="t-access"') :]


def test_no_personal_value_reaches_the_access_log_or_the_audit_log(seeded, personas):
    for scenario in ALL_SCENARIOS:
        scenario(seeded, personas)
    staff(personas).post(
        reverse("cards:detail", args=["452025", seeded.e.pk]), {"to_state": card_rules.SETUP_DONE}
    )
    dump = serializers.serialize("json", [*ResidentAccess.objects.all(), *AuditEvent.objects.all()])
    dump = json.dumps(json.loads(dump), ensure_ascii=False)
    assert ResidentAccess.objects.count() >= 15 and AuditEvent.objects.count() >= 3
    for card in (seeded.a, seeded.b, seeded.c, seeded.d, seeded.e):
        for value in (card.name, card.name_kana, card.address, card.phone, card.notice_number):
            assert not value or value not in dump, value
    for birth in ("1977-07-17", "1977年7月17日", "19770717", "1977/07/17"):
        assert birth not in dump


def test_every_personal_data_url_has_a_scenario_or_shows_no_resident_record():
    from django.urls import resolve

    marked = {
        resolve(concrete(route)).view_name
        for route, pattern in routes()
        if getattr(pattern.callback, "personal_data", False)
    }
    covered = {name.split("+")[0] for name in SCENARIOS} | set(NO_RESIDENT_RECORD)
    assert marked == covered


def _route_arguments(s: Seeded) -> dict[str, str]:
    return {
        "code": "452025",
        "card_id": str(s.a.pk),
        "batch_id": str(s.batch.pk),
        "site_id": str(s.site.pk),
        "token": notify.manage_token(s.booking),
    }


def _real(route: str, s: Seeded) -> str:
    import re

    arguments = _route_arguments(s)
    return concrete(re.sub(r"<(?:\w+:)?(\w+)>", lambda m: arguments.get(m.group(1), m.group(0)), route))


@pytest.mark.parametrize("who", ["municipality staff", "resident"])
def test_every_page_that_shows_a_residents_name_or_birth_date_is_personal_data(seeded, personas, who):
    client = staff(personas) if who == "municipality staff" else resident(seeded.c)
    telltales = [seeded.a.name, seeded.b.name, seeded.d.name, "1977年7月17日", "1977年07月17日", "1977-07-17"]
    unmarked = []
    for route, pattern in routes():
        if route.startswith("accounts/logout"):
            continue
        response = client.get(_real(route, seeded))
        body = response.content.decode("utf-8", "replace") if response.status_code == 200 else ""
        if any(t in body for t in telltales) and not getattr(pattern.callback, "personal_data", False):
            unmarked.append(route)
    assert unmarked == []


def test_the_hook_is_registered_once_and_a_page_that_cannot_be_logged_is_not_shown(
    seeded, personas, monkeypatch
):
    from kofu.accounts import permissions
    from kofu.cards import access_log

    assert permissions.PERSONAL_DATA_HOOKS.count(access_log.log_records_shown) == 1
    access_log.register()
    assert permissions.PERSONAL_DATA_HOOKS.count(access_log.log_records_shown) == 1

    def broken(*args, **kwargs):
        raise RuntimeError("access log unavailable")

    monkeypatch.setattr(access_log, "record", broken)
    with pytest.raises(RuntimeError):
        staff(personas).get(reverse("cards:detail", args=["452025", seeded.a.pk]))


def test_a_residents_own_cancel_is_logged_as_their_update_and_an_empty_post_is_not(seeded):
    url = reverse("bookings:manage", args=[notify.manage_token(seeded.booking)])
    assert Client().post(url, {}).status_code == 302
    assert logged() == Counter()
    assert Client().post(url, {"cancel": "1"}).url.endswith("/cancel/")
    assert logged() == Counter()  # asked first, nothing changed
    assert (
        Client().post(reverse("bookings:cancel", args=[notify.manage_token(seeded.booking)])).status_code
        == 302
    )
    # The family booking is cancelled as one: both cards were updated.
    assert logged() == Counter({(seeded.a.pk, UPDATE, SELF): 1, (seeded.b.pk, UPDATE, SELF): 1})
