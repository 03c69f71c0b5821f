"""Booking ahead for an outreach event (事前予約制, seed 002 事例集 P7・P8・P10) in a real browser:
a resident finds the event, books a slot with a name and an e-mail address, gets the booking
number, and cancels by the booking's own page; the municipality sees the list per session.
At 1280 px and 390 px, axe at no serious violation on each page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from kofu.surveys.models import OutreachBooking, OutreachEvent
from kofu.surveys.services.outreach import event_save
from kofu.surveys.services.outreach_booking import outreach_booking_open
from tests.browser.test_surveys_pages import log_in, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def site(keep_registry, transactional_db, live_server, personas):
    day = timezone.localdate() + dt.timedelta(days=3)
    event = event_save(
        event=OutreachEvent(
            municipality=Municipality.objects.get(code="452025"), title="公民館での出張申請受付",
            venue_type="community_centre", venue="姫城地区公民館", address="宮崎県都城市姫城町",
            starts_on=day, ends_on=day, opens_at=dt.time(10), closes_at=dt.time(12), published=True,
        ),
        actor=SYSTEM,
    )  # fmt: skip
    outreach_booking_open(event=event, minutes=30, seats=2, actor=SYSTEM)
    return live_server.url, event


@pytest.mark.parametrize("width", [1280, 390])
def test_a_resident_books_and_cancels(site, page, personas, screenshot, width):
    base, event = site
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/surveys/events/")
    page.get_by_role("link", name="公民館での出張申請受付を予約する").click()
    page.wait_for_url(f"**/surveys/events/{event.pk}/book/")
    assert serious_violations(page) == []
    page.get_by_role("button", name="予約する").click()  # nothing filled in: errors, nothing booked
    assert page.get_by_label("お呼びするお名前").get_attribute("aria-invalid") == "true"
    assert serious_violations(page) == []
    screenshot(page, f"outreach-book-errors-{width}")
    page.get_by_label("10:30〜11:00", exact=False).check()
    page.get_by_label("お呼びするお名前").fill("みやこのじょう はなこ")
    page.get_by_label("メールアドレス").fill("hanako@example.jp")
    page.get_by_role("button", name="予約する").click()
    page.wait_for_url("**/surveys/events/bookings/**")
    booking = OutreachBooking.objects.get()
    assert page.locator("#booking-number").inner_text() == booking.number
    assert page.locator("#booking-status").inner_text() == "予約中"
    assert serious_violations(page) == []
    screenshot(page, f"outreach-booked-{width}")
    page.get_by_role("button", name="この予約を取り消す").click()
    page.wait_for_selector("text=を取り消しました")
    assert page.locator("#booking-status").inner_text() == "取消し"
    assert serious_violations(page) == []
    booking.refresh_from_db()
    assert booking.status == "cancelled" and booking.slot.booked == 0

    log_in(page, base, personas["municipality"].username, f"/surveys/events/{event.pk}/sessions/")
    assert page.get_by_role("table", name="10:30", exact=False).locator(f"text={booking.number}").count() == 1
    assert serious_violations(page) == []
    screenshot(page, f"outreach-sessions-{width}")
