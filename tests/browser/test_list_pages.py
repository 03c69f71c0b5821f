"""Staff list pages (ADR 0031) in a real browser at 1280 and 390 px: the one filter form and pager,
axe at 0 violations, no sideways page scroll; radio and checkbox targets of at least 44 × 44 px
(bounding boxes of the box and its labels); one staff flow done with Tab, Space and Enter only."""

from __future__ import annotations

import re

import pytest

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from tests.browser.test_resident_flow_browser import DESKTOP, PHONE, all_violations, tab_to
from tests.conftest import PASSWORD, make_staff

pytestmark = pytest.mark.browser

#: The smallest radio/checkbox target, in CSS px (WCAG 2.5.5).
TARGET = 44

#: Every visible radio/checkbox whose box and labels are all smaller than TARGET × TARGET.
SMALL_TARGETS = """(target) => [...document.querySelectorAll('input[type=radio], input[type=checkbox]')]
  .filter((input) => input.offsetParent !== null)
  .filter((input) => ![input, ...input.labels].some((el) => {
      const box = el.getBoundingClientRect();
      return box.width >= target && box.height >= target;
  }))
  .map((input) => input.id || input.name)"""


#: The number of lines an element's text takes.
LINES = """(el) => { const range = document.createRange(); range.selectNodeContents(el);
  return new Set([...range.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.bottom))).size; }"""


def small_targets(page) -> list[str]:
    return page.evaluate(SMALL_TARGETS, TARGET)


@pytest.fixture
def office(keep_registry, transactional_db, live_server):
    """都城市's organisation: an administrator and 55 staff accounts (two pages of the list)."""
    if Municipality.objects.count() < 1741:
        from kofu.registry.services import registry_load_reference

        registry_load_reference()
    from kofu.accounts import services

    organisation = services.organisation_for_municipality(
        municipality=Municipality.objects.get(code="452025"), actor=SYSTEM
    )
    make_staff("miyakonojo-admin", organisation, is_admin=True)
    for number in range(55):
        make_staff(f"kakari-{number:02d}", organisation)
    return live_server.url


def log_in(page, url: str) -> None:
    page.goto(url + "/accounts/login/")
    page.get_by_label("利用者名").fill("miyakonojo-admin")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(r"/accounts/me/$"))


def check_page(page, viewport) -> None:
    assert all_violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{page.url} scrolls sideways ({width}px)"
    assert small_targets(page) == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_staff_list_filters_and_pages_and_the_form_checkbox_is_44_px(
    office, browser, viewport, screenshot
):
    context = browser.new_context(locale="ja-JP", viewport=viewport)
    page = context.new_page()
    log_in(page, office)
    page.goto(office + "/accounts/staff/")
    assert "（56件、1/2ページ" in page.locator("#t-staff caption").inner_text()
    check_page(page, viewport)
    for name in page.locator("#t-staff tbody th[scope=row]").all()[:3]:
        assert name.evaluate(LINES) == 1, name.inner_text()  # one line, not a character per line
    screenshot(page, f"staff-list-{viewport['width']}")
    page.get_by_role("link", name="次のページ").click()
    page.wait_for_url(re.compile(r"\?page=2$"))
    assert page.locator("#t-staff tbody tr").count() == 6
    page.get_by_label("利用者名・表示名").fill("kakari-1")
    page.get_by_label("状態").select_option("active")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r"q=kakari-1"))
    assert page.locator("#t-staff tbody tr").count() == 10  # kakari-10 … kakari-19, one page
    assert page.get_by_label("利用者名・表示名").input_value() == "kakari-1"
    check_page(page, viewport)

    page.goto(office + "/accounts/staff/new/")
    assert page.locator("input[type=checkbox]").count() >= 1
    check_page(page, viewport)
    context.close()


def test_an_administrator_finds_and_disables_an_account_with_the_keyboard_only(office, page):
    page.goto(office + "/accounts/login/")
    tab_to(page, "#id_username")
    page.keyboard.type("miyakonojo-admin")
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accounts/me/$"))
    tab_to(page, "a[href='/accounts/staff/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accounts/staff/$"))
    tab_to(page, "#id_q")
    page.keyboard.type("kakari-07")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=kakari-07"))
    tab_to(page, "#t-staff tbody a")
    assert page.evaluate("document.activeElement.textContent") == "kakari-07"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accounts/staff/\d+/$"))
    tab_to(page, "button[value=disable]")
    page.keyboard.press("Space")
    page.wait_for_selector("#account-state:text('無効')")
    assert "を無効にしました" in page.locator("main").inner_text()
