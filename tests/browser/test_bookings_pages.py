"""Pickup bookings in a real browser: a resident books with the notice number and birth date,
confirms and cancels through the signed link; window staff work the day sheet. Axe on each page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from tests.conftest import PASSWORD, make_staff, resident_books

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.fixture
def site(keep_registry, transactional_db, live_server, settings):
    from kofu.accounts import services
    from kofu.bookings.fixtures import booking_fixture
    from kofu.registry.services import registry_load_reference

    settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP = 0
    if Municipality.objects.count() < 1741:
        registry_load_reference()
    make_staff(
        "window",
        services.organisation_for_municipality(
            municipality=Municipality.objects.get(code="452025"), actor=SYSTEM
        ),
    )
    return live_server.url, booking_fixture(capacity=2, residents=2)


def test_resident_books_confirms_and_cancels(site, page, screenshot):
    url, fixture = site
    resident = fixture["residents"][0]
    page.goto(url + "/bookings/")
    assert serious_violations(page) == []
    screenshot(page, "bookings-start")
    page.get_by_label("交付通知書番号").fill(resident["notice_number"])
    page.get_by_label("生年月日").fill("1900-01-01")
    page.get_by_role("button", name="次へ").click()
    assert "正しくありません" in page.locator("#form-errors").inner_text()

    assert page.get_by_label("交付通知書番号").input_value() == resident["notice_number"]  # kept
    page.get_by_label("生年月日").fill(resident["birth_date"])
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url(re.compile(r"/bookings/family/$"))
    page.get_by_role("button", name="自分だけ予約する").click()
    page.wait_for_url(re.compile(r"/bookings/slots/$"))
    assert serious_violations(page) == []
    screenshot(page, "bookings-slots")
    page.locator(f"#slot-{fixture['slot']}").check()
    page.get_by_label("メールアドレス（任意）").fill("hanako@example.jp")
    page.get_by_role("button", name="この日時で仮押さえする").click()
    page.wait_for_url(re.compile(r"/bookings/confirm/$"))
    assert "10:00" in page.locator("#confirm-when").inner_text()
    assert serious_violations(page) == []
    page.get_by_role("button", name="予約を確定する").click()
    page.wait_for_url(re.compile(r"/bookings/manage/[^/]+/$"))
    assert page.locator("#booking-status").inner_text() == "予約済み"
    assert resident["notice_number"] not in page.url and resident["birth_date"] not in page.url
    assert serious_violations(page) == []
    screenshot(page, "bookings-manage")
    page.get_by_role("link", name="予約を取り消す").click()
    page.get_by_role("button", name="はい、取り消す").click()
    page.wait_for_selector("#booking-status:text('取消')")


def test_staff_day_sheet_check_in_and_phone_booking(site, page, screenshot):
    from kofu.bookings import services
    from kofu.bookings.models import Booking, Slot
    from kofu.cards.models import Card

    url, fixture = site
    first, second = (Card.objects.get(notice_number=r["notice_number"]) for r in fixture["residents"])
    resident_books(cards=[first], slot_id=fixture["slot"])
    # The fixture's seats are all web seats: give one to the phone quota.
    services.slot_set_capacity(
        slot_id=fixture["slot"], capacity=2, web_capacity=1, phone_capacity=1, actor=SYSTEM
    )
    slot = Slot.objects.select_related("site").get(pk=fixture["slot"])
    day = timezone.localtime(slot.starts_at).date()
    page.goto(f"{url}/accounts/login/?next=/bookings/staff/")
    page.get_by_label("利用者名").fill("window")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(r"/bookings/staff/$"))
    assert serious_violations(page) == []
    page.goto(f"{url}/bookings/staff/{slot.site_id}/day/?date={day:%Y-%m-%d}")
    assert first.name in page.locator("#t-day").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "bookings-day-sheet")
    page.get_by_role("button", name="受付").click()
    page.wait_for_selector("#t-day:has-text('受付済み')")

    page.get_by_label("交付通知書番号").fill(second.notice_number)
    page.get_by_label("受付方法").select_option(label="電話")
    page.get_by_role("button", name="予約を登録する").click()
    page.wait_for_selector(f"#t-day:has-text('{second.name}')")
    assert Booking.objects.get(card=second).channel == "phone"
    assert day >= dt.date.today()
