"""The bookings administration pages in a real browser: window staff register a special centre,
add an opening rule (an overlapping one is refused), generate slots and edit a slot's seats; a
resident's booking page shows the card and certificate expiry. Axe on each page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from tests.browser.test_bookings_pages import serious_violations
from tests.conftest import PASSWORD, make_staff, resident_books

pytestmark = pytest.mark.browser


@pytest.fixture
def server(keep_registry, transactional_db, live_server, settings):
    from kofu.accounts import services
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
    return live_server.url


def log_in(page, url: str, next_path: str) -> None:
    page.goto(f"{url}/accounts/login/?next={next_path}")
    page.get_by_label("利用者名").fill("window")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def next_monday() -> dt.date:
    """A Monday at least a week ahead that is no holiday (the test books it)."""
    import jpholiday

    day = timezone.localdate() + dt.timedelta(days=7)
    while day.weekday() != 0 or jpholiday.is_holiday(day):
        day += dt.timedelta(days=1)
    return day


def test_staff_create_a_site_a_rule_generate_slots_and_edit_a_slots_seats(server, page, screenshot):
    from kofu.bookings.models import Site, Slot

    log_in(page, server, "/bookings/staff/")
    page.wait_for_url(re.compile(r"/bookings/staff/$"))
    page.get_by_role("link", name="会場を登録する").click()
    page.wait_for_url(re.compile(r"/bookings/staff/sites/new/$"))
    assert serious_violations(page) == []
    screenshot(page, "bookings-site-new")
    page.get_by_label("会場名").fill("都城市 特設センター（ショッピングセンター内）")
    page.get_by_label("種別").select_option(label="特設センター")
    page.get_by_label("所在地").fill("都城市早鈴町1-1")
    page.get_by_label("窓口の数").fill("2")
    page.get_by_label("Web予約の割合（%）").fill("90")
    page.get_by_label("電話予約の割合（%）").fill("20")
    page.get_by_role("button", name="会場を登録する").click()
    assert "合計は100%以下" in page.locator("#form-errors").inner_text()
    assert serious_violations(page) == []
    page.get_by_label("Web予約の割合（%）").fill("50")
    page.get_by_label("電話予約の割合（%）").fill("25")
    page.get_by_label("毎月の休業日").select_option(label="第3土曜日とその翌日曜日")
    page.get_by_role("button", name="会場を登録する").click()
    page.wait_for_url(re.compile(r"/bookings/staff/\d+/rules/$"))
    site = Site.objects.get(name="都城市 特設センター（ショッピングセンター内）")
    assert site.windows.count() == 2 and site.closed_weekend == 3
    assert "第3土曜日とその翌日曜日" in page.locator("#closed-weekend").inner_text()

    page.get_by_label("名称（平日・夜間・休日など）").fill("平日")
    for day in ("月曜日", "火曜日", "水曜日", "木曜日", "金曜日"):
        page.get_by_label(day, exact=True).check()
    page.get_by_label("開始時刻").fill("09:00")
    page.get_by_label("終了時刻").fill("11:00")
    page.get_by_label("開ける窓口数").fill("2")
    page.get_by_role("button", name="開庁時間を登録する").click()
    page.wait_for_selector("#t-rules:has-text('「平日」（月・火・水・木・金 09:00–11:00）')")
    assert serious_violations(page) == []
    screenshot(page, "bookings-rules")
    page.get_by_label("名称（平日・夜間・休日など）").fill("夜間")
    page.get_by_label("水曜日", exact=True).check()
    page.get_by_label("開始時刻").fill("10:30")
    page.get_by_label("終了時刻").fill("19:00")
    page.get_by_label("開ける窓口数").fill("1")
    page.get_by_role("button", name="開庁時間を登録する").click()
    assert "登録済みの開庁時間「平日」" in page.locator("#form-errors").inner_text()
    assert serious_violations(page) == []

    rule = site.rules.get()
    page.get_by_role("link", name=re.compile("変更・削除")).click()
    page.wait_for_url(re.compile(rf"/rules/{rule.pk}/$"))
    assert serious_violations(page) == []
    page.get_by_role("link", name="窓口", exact=True).click()
    page.wait_for_url(re.compile(r"/windows/$"))
    page.get_by_label("窓口名（必須）").fill("臨時窓口")
    page.get_by_role("button", name="窓口を追加する").click()
    page.wait_for_selector("#t-windows:has-text('臨時窓口')")
    assert serious_violations(page) == []
    page.get_by_role("link", name="会場の設定").click()
    page.wait_for_url(re.compile(r"/edit/$"))
    assert serious_violations(page) == []

    monday = next_monday()
    page.goto(f"{server}/bookings/staff/{site.pk}/slots/?date={monday:%Y-%m-%d}")
    assert serious_violations(page) == []
    page.get_by_label("開始日").fill(monday.isoformat())
    page.get_by_label("終了日").fill(monday.isoformat())
    page.get_by_role("button", name="予約枠を作る").click()
    page.wait_for_selector(".booking-messages:has-text('予約枠を 4 件作成しました')")
    assert Slot.objects.filter(site=site).count() == 4  # 09:00–11:00 in 30-minute slots
    assert serious_violations(page) == []
    screenshot(page, "bookings-slot-admin")
    first = Slot.objects.filter(site=site).order_by("starts_at").first()
    assert (first.capacity, first.web_capacity, first.phone_capacity) == (4, 2, 1)
    page.get_by_label("定員（09:00）").fill("6")
    page.get_by_label("Web予約枠（09:00）").fill("3")
    page.get_by_label("電話予約枠（09:00）").fill("2")
    page.get_by_role("button", name=re.compile(r"^変更\s*（09:00）$")).click()
    page.wait_for_selector(".booking-messages:has-text('09:00の予約枠を 定員 6')")
    first.refresh_from_db()
    assert (first.capacity, first.web_capacity, first.phone_capacity, first.walk_in_capacity) == (6, 3, 2, 1)
    page.get_by_label("定員（09:00）").fill("4")
    page.get_by_label("Web予約枠（09:00）").fill("3")
    page.get_by_label("電話予約枠（09:00）").fill("2")
    page.get_by_role("button", name=re.compile(r"^変更\s*（09:00）$")).click()
    page.wait_for_selector(".booking-messages:has-text('合計')")
    first.refresh_from_db()
    assert first.capacity == 6


def test_the_residents_booking_page_shows_the_expiry_dates(server, page, screenshot):
    from kofu.bookings.fixtures import booking_fixture
    from kofu.bookings.models import Slot
    from kofu.bookings.notify import manage_token
    from kofu.cards.models import Card

    fixture = booking_fixture(capacity=1, residents=1)
    card = Card.objects.get(notice_number=fixture["residents"][0]["notice_number"])
    (booking,) = resident_books(cards=[card], slot_id=fixture["slot"])
    page.goto(f"{server}/bookings/manage/{manage_token(booking)}/")
    assert "（見込み）" in page.locator("#card-expiry").inner_text()
    assert "（見込み）" in page.locator("#certificate-expiry").inner_text()
    assert page.locator("#expiry-projected").is_visible()
    assert page.locator("#t-access").is_visible()
    assert serious_violations(page) == []
    screenshot(page, "bookings-manage-expiry")

    day = timezone.localtime(Slot.objects.get(pk=fixture["slot"]).starts_at).date()
    Card.objects.filter(pk=card.pk).update(handed_over_on=day, state="handed_over")
    page.reload()
    assert "見込み" not in page.locator("#expiry").inner_text()
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", page.locator("#card-expiry").inner_text())
