"""The statistics pages in a real browser: navigation, sorting, downloads, and an axe scan of each."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from kofu.registry.models import Municipality
from tests.stats.factories import load_issuance_snapshot

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
def site(keep_registry, transactional_db, live_server):
    """The live server with the registry and two complete snapshots (2021-12-01, 2022-01-01)."""
    if Municipality.objects.count() < 1741:
        from kofu.registry.services import registry_load_reference

        registry_load_reference()
    load_issuance_snapshot("2021-12-01")
    load_issuance_snapshot("2022-01-01")
    return live_server.url


def test_dashboard_to_prefecture_to_municipality(site, page, screenshot):
    page.goto(site + "/")
    assert page.locator("h1").inner_text().startswith("マイナンバーカードの交付状況")
    assert "令和4年1月1日" in page.locator(".dates").inner_text()
    assert page.locator("#t-prefectures tbody tr").first.locator("th").inner_text() == "宮崎県"
    assert page.locator("svg.choropleth a").count() == 47
    ranking = page.locator("#t-prefectures img")
    ranking.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=ranking.element_handle())
    assert serious_violations(page) == []
    screenshot(page, "dashboard")

    # The skip link is the first stop and is visible when focused.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.bounding_box()["y"] >= 0

    page.locator("#t-prefectures tbody").get_by_role("link", name="宮崎県", exact=True).click()
    page.wait_for_url(re.compile(r"/stats/prefectures/45/\?as_of=2022-01-01$"))
    assert page.locator("h1").inner_text().startswith("宮崎県の交付状況")
    assert "53.7" in page.locator(".summary .key").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "prefecture")

    page.get_by_role("link", name="都城市", exact=True).click()
    page.wait_for_url(re.compile(r"/stats/municipalities/452025/\?as_of=2022-01-01$"))
    assert page.locator("h1").inner_text().startswith("宮崎県都城市の交付状況")
    chart = page.locator("#history img")
    chart.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth === 800", arg=chart.element_handle())
    assert "全国平均" in chart.get_attribute("alt")
    assert page.locator("#history tbody tr").count() == 2
    assert serious_violations(page) == []
    screenshot(page, "municipality")


def test_sorting_by_a_header_with_and_without_javascript(site, page, browser):
    page.goto(site + "/stats/?as_of=2022-01-01")
    rows = page.locator("#t-prefectures tbody tr")
    header = page.locator("#t-prefectures thead th").filter(has_text="人口")
    header.get_by_role("link").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert rows.first.locator("th").inner_text() == "東京都"
    assert "sort=prefectures.population" in page.url and "dir=desc" in page.url
    header.get_by_role("link").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert rows.first.locator("th a").inner_text() == "鳥取県"

    # The same link works as a plain request when scripts are off.
    context = browser.new_context(java_script_enabled=False, locale="ja-JP")
    try:
        plain = context.new_page()
        plain.goto(site + "/stats/?as_of=2022-01-01")
        plain.locator("#t-prefectures thead th").filter(has_text="交付枚数").get_by_role("link").click()
        plain.wait_for_url(re.compile(r"sort=prefectures\.issued"))
        assert plain.locator("#t-prefectures tbody tr").first.locator("th").inner_text() == "東京都"
        assert (
            plain.locator("#t-prefectures thead th[aria-sort=descending]").inner_text().startswith("交付枚数")
        )
    finally:
        context.close()


def test_xlsx_download_opens_with_openpyxl(site, page, tmp_path):
    page.goto(site + "/stats/?as_of=2022-01-01")
    with page.expect_download() as info:
        page.locator("#t-prefectures .downloads").get_by_role(
            "link", name="都道府県別のXLSX（Excel）をダウンロード"
        ).click()
    download = info.value
    assert download.suggested_filename == "kofu-prefectures-20220101.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    sheet = load_workbook(path).active
    assert "都道府県別" in sheet["A1"].value and "令和4年1月1日" in sheet["A1"].value
    assert sheet["B5"].value == "宮崎県"
    assert sheet.max_row >= 4 + 47
