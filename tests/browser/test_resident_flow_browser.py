"""The resident flow in a real browser at 1280 and 390 px (issue 15 items 3, 6, 7; issue 16 item 1):
axe on every step, a family booking, keyboard only, the error summary taking the focus, 44 px
radio targets and no sideways scrolling on a phone; one staff flow by keyboard."""

from __future__ import annotations

import re

import pytest

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from kofu.rules.wareki import wareki
from tests.browser.test_bookings_pages import serious_violations
from tests.conftest import PASSWORD, make_staff

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def all_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']}" for v in results.response["violations"]]


@pytest.fixture
def town(keep_registry, transactional_db, live_server, settings):
    """A site with an address and hours, one slot of 4 seats, a household of three and a neighbour."""
    from kofu.bookings.fixtures import booking_fixture
    from kofu.bookings.models import OpeningRule, Site
    from kofu.registry.services import registry_load_reference

    settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP = 0
    if Municipality.objects.count() < 1741:
        registry_load_reference()
    fixture = booking_fixture(capacity=4, residents=2, family=3)
    site = Site.objects.latest("pk")
    site.address = "宮崎県都城市姫城町6街区21号"
    site.save()
    OpeningRule.objects.create(
        site=site, weekdays="0,1,2,3,4", start="08:30", end="17:15", windows=2, label="平日"
    )
    return live_server.url, fixture


def check_page(page, viewport) -> None:
    assert all_violations(page) == []
    if viewport == PHONE:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{page.url} scrolls sideways ({width}px)"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_a_family_books_together_and_cancels_after_being_asked(town, browser, viewport, screenshot):
    import datetime as dt

    url, fixture = town
    lead = fixture["residents"][0]
    spouse, child = lead["family"]
    context = browser.new_context(locale="ja-JP", viewport=viewport)
    page = context.new_page()
    tag = viewport["width"]
    page.goto(url + "/bookings/")
    check_page(page, viewport)
    page.get_by_label("交付通知書番号").fill(lead["notice_number"])
    page.get_by_label("生年月日").fill("令和99年1月1日")
    page.get_by_role("button", name="次へ").click()
    assert page.evaluate("document.activeElement.id") == "form-errors"  # the summary has the focus
    assert page.get_by_label("交付通知書番号").input_value() == lead["notice_number"]
    page.locator("#form-errors a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_birth_date"
    check_page(page, viewport)
    screenshot(page, f"resident-error-{tag}")

    page.get_by_label("生年月日").fill(wareki(dt.date.fromisoformat(lead["birth_date"])))
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url(re.compile(r"/bookings/family/$"))
    check_page(page, viewport)
    page.locator("#id_member-0-notice_number").fill(spouse["notice_number"])
    page.locator("#id_member-0-birth_date").fill(spouse["birth_date"].replace("-", "/"))
    page.locator("#id_member-1-notice_number").fill(child["notice_number"])
    page.locator("#id_member-1-birth_date").fill(wareki(dt.date.fromisoformat(child["birth_date"])))
    screenshot(page, f"resident-family-{tag}")
    page.get_by_role("button", name="ご家族と一緒に日時を選ぶ").click()
    page.wait_for_url(re.compile(r"/bookings/slots/$"))
    assert "3人" in page.locator("#party-size").inner_text()
    choice = page.locator(f"label[for='slot-{fixture['slot']}']")
    assert "残り4席" in choice.inner_text()
    assert choice.bounding_box()["height"] >= 44  # the whole line is the radio's target
    assert "宮崎県都城市姫城町6街区21号" in page.content()
    check_page(page, viewport)
    screenshot(page, f"resident-slots-{tag}")
    choice.click()
    page.get_by_role("button", name="この日時で仮押さえする").click()
    page.wait_for_url(re.compile(r"/bookings/confirm/$"))
    assert "3人" in page.locator("#confirm-party").inner_text()
    check_page(page, viewport)
    page.get_by_role("button", name="予約を確定する").click()
    page.wait_for_url(re.compile(r"/bookings/manage/[^/]+/$"))
    number = page.locator("#booking-number").inner_text()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", number)
    assert "3人" in page.locator("#booking-party").inner_text()
    assert 'aria-current="step"' in page.content()
    check_page(page, viewport)
    screenshot(page, f"resident-done-{tag}")

    page.get_by_role("link", name="予約を取り消す").click()
    page.wait_for_url(re.compile(r"/cancel/$"))
    check_page(page, viewport)
    page.get_by_role("link", name="いいえ、予約に戻る").click()
    assert page.locator("#booking-status").inner_text() == "予約済み"
    page.get_by_role("link", name="予約を取り消す").click()
    page.get_by_role("button", name="はい、取り消す").click()
    page.wait_for_selector("#booking-status:text('取消')")
    check_page(page, viewport)
    page.get_by_role("button", name="新しい日時で予約する").click()
    page.wait_for_url(re.compile(r"/bookings/family/$"))

    # The booking number, typed as a resident would, opens the (cancelled) booking again.
    page.goto(url + "/bookings/find/")
    check_page(page, viewport)
    page.get_by_label("予約番号").fill(number.lower().replace("-", ""))
    page.get_by_label("生年月日").fill(lead["birth_date"])
    page.get_by_role("button", name="予約を開く").click()
    page.wait_for_url(re.compile(r"/bookings/manage/[^/]+/$"))
    assert page.locator("#booking-number").inner_text() == number
    context.close()


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focus is on ``selector`` (the keyboard is the only way to move)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_resident_books_with_the_keyboard_only(town, page):
    url, fixture = town
    resident = fixture["residents"][1]
    page.goto(url + "/bookings/")
    tab_to(page, "#id_notice_number")
    page.keyboard.type(resident["notice_number"])
    tab_to(page, "#id_birth_date")
    page.keyboard.type("2/30")  # unreadable: the summary takes the focus
    page.keyboard.press("Enter")
    page.wait_for_selector("#form-errors")
    assert page.evaluate("document.activeElement.id") == "form-errors"
    tab_to(page, "#form-errors a")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_birth_date"
    page.keyboard.press("Control+A")
    page.keyboard.type(resident["birth_date"].replace("-", "/"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/bookings/family/$"))
    tab_to(page, "button[name=alone]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/bookings/slots/$"))
    tab_to(page, "input[name=slot]")
    page.keyboard.press("Space")
    assert page.locator(f"#slot-{fixture['slot']}").is_checked()
    tab_to(page, "#id_email")
    page.keyboard.type("hanako@example.jp")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/bookings/confirm/$"))
    tab_to(page, "button[name=confirm]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/bookings/manage/[^/]+/$"))
    assert page.locator("#booking-status").inner_text() == "予約済み"
    tab_to(page, "a[href$='/cancel/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/cancel/$"))
    tab_to(page, "button[name=cancel]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#booking-status:text('取消')")


def test_window_staff_sign_in_and_check_a_resident_in_with_the_keyboard_only(town, page):
    from django.utils import timezone

    from kofu.accounts import services
    from kofu.bookings.models import Slot
    from kofu.cards.models import Card
    from tests.conftest import resident_books

    url, fixture = town
    make_staff(
        "window",
        services.organisation_for_municipality(
            municipality=Municipality.objects.get(code="452025"), actor=SYSTEM
        ),
    )
    card = Card.objects.get(notice_number=fixture["residents"][0]["notice_number"])
    resident_books(cards=[card], slot_id=fixture["slot"])
    slot = Slot.objects.get(pk=fixture["slot"])
    page.goto(
        f"{url}/accounts/login/?next=/bookings/staff/{slot.site_id}/day/%3Fdate%3D{timezone.localtime(slot.starts_at):%Y-%m-%d}"
    )
    tab_to(page, "input[name=username]")
    page.keyboard.type("window")
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("#t-day")
    assert serious_violations(page) == []
    tab_to(page, "button[value=check_in]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#t-day:has-text('受付済み')")
