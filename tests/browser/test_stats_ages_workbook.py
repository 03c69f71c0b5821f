"""Issue 14 items 1–2 in a real browser (desktop and a 390 px phone, axe): the month of a 公表用
workbook shown as 保有枚数 on the dashboard, and the age × sex page reached from it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kofu.registry.models import Municipality
from tests.browser.test_stats_maps_series import PHONE, fits_the_screen
from tests.browser.test_stats_pages import serious_violations
from tests.stats.age_files import demographics, read_ages, write_age_workbook
from tests.stats.workbook_files import read_month, write_workbook

pytestmark = pytest.mark.browser


@pytest.fixture
def site(keep_registry, transactional_db, live_server, shared_dir, tmp_path):
    """A month imported by the command as a held workbook, with its age × sex workbook table."""
    if Municipality.objects.count() < 1741:
        from kofu.registry.services import registry_load_reference

        registry_load_reference()
    month = write_workbook(tmp_path / "hoyu.xlsx", read_month(shared_dir, "20220930"))
    ages = write_age_workbook(tmp_path / "nenrei.xlsx", read_ages(demographics(shared_dir, "20220930")))
    call_command("stats", "import", str(month), str(ages), stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="ja-JP", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_a_held_month_and_its_age_pyramid(site, page, phone, screenshot):
    page.goto(site + "/stats/?as_of=2022-09-30")
    body = page.locator("main").inner_text()
    assert "保有枚数" in body and "交付枚数" not in page.locator("h1").inner_text()
    assert serious_violations(page) == []
    page.get_by_role("link", name="男女・年齢別の保有枚数（人口ピラミッド）").click()
    page.wait_for_url(site + "/stats/ages/")
    assert page.locator("h1").inner_text().startswith("男女・年齢別の保有枚数")
    table = page.get_by_role("table")
    assert table.locator("tbody tr").count() == 20
    first = table.locator("tbody tr").first
    assert first.locator("th").inner_text() == "全体"
    assert "61,657,397" in first.inner_text()
    image = page.locator("#pyramid img")
    image.scroll_into_view_if_needed()
    for _ in range(50):  # the chart is drawn on first request
        if image.evaluate("img => img.complete && img.naturalWidth > 0"):
            break
        page.wait_for_timeout(200)
    assert image.evaluate("img => img.naturalWidth") == 800
    assert serious_violations(page) == []
    screenshot(page, "ages")
    with page.expect_download() as caught:
        page.get_by_role("link", name="男女・年齢別の表のCSVをダウンロード").click()
    header = open(caught.value.path(), encoding="utf-8-sig").readline().strip()
    assert header == "age,sex,population,held,rate"

    phone.goto(site + "/stats/ages/?as_of=2022-09-30")
    assert fits_the_screen(phone)
    assert serious_violations(phone) == []
    screenshot(phone, "ages-phone")
