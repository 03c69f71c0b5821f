"""The statistics pages added for issue 14 in a real browser, on a desktop and a 390 px phone, with axe."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command

from kofu.registry.models import Municipality
from kofu.stats.demo.loader import demo_path
from tests.browser.test_stats_pages import serious_violations
from tests.stats.factories import load_issuance_snapshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(keep_registry, transactional_db, live_server):
    """The live server with three complete months and the コンビニ交付 list of seed 004."""
    if Municipality.objects.count() < 1741:
        from kofu.registry.services import registry_load_reference

        registry_load_reference()
    for month in ("2021-12-01", "2022-01-01", "2022-02-01"):
        load_issuance_snapshot(month)
    for name in ("convenience_participation_20220101.csv", "convenience_volumes.csv"):
        call_command("stats", "import-convenience", str(demo_path(name)), stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="ja-JP", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def fits_the_screen(page) -> bool:
    """Nothing wider than the viewport (tables scroll inside their own region)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_municipal_map_on_a_desktop_and_on_a_phone(site, page, phone, screenshot):
    page.goto(site + "/stats/map/?as_of=2022-01-01")
    assert page.locator("h1").inner_text().startswith("市区町村別の交付率の地図")
    assert page.locator("svg.choropleth a").count() == 1741
    assert "国土数値情報（行政区域データ）" in page.locator("figure.map figcaption").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "municipal-map")
    # Following a municipality from the map.
    page.locator('svg.choropleth a[href^="/stats/municipalities/452025/"]').dispatch_event("click")
    page.wait_for_url(re.compile(r"/stats/municipalities/452025/\?as_of=2022-01-01$"))

    phone.goto(site + "/stats/map/?as_of=2022-01-01")
    box = phone.locator("svg.choropleth").bounding_box()
    assert box["width"] <= PHONE["width"] and box["height"] > 200
    assert fits_the_screen(phone)
    assert serious_violations(phone) == []
    screenshot(phone, "municipal-map-phone")


def test_prefecture_page_map_trend_and_series_download(site, page, phone, tmp_path, screenshot):
    page.goto(site + "/stats/prefectures/13/?as_of=2022-01-01")
    assert page.locator("svg.choropleth a").count() == 62
    chart = page.locator("#trend img")
    chart.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth === 800", arg=chart.element_handle())
    assert "東京都と全国" in chart.get_attribute("alt")
    assert page.locator("#trend tbody tr").count() == 3
    assert serious_violations(page) == []
    with page.expect_download() as info:
        page.get_by_role("link", name="東京都の推移のCSVをダウンロード").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [r["as_of"] for r in rows] == ["2021-12-01", "2022-01-01", "2022-02-01"]
    screenshot(page, "prefecture-tokyo")

    phone.goto(site + "/stats/prefectures/13/?as_of=2022-01-01")
    assert fits_the_screen(phone)
    assert serious_violations(phone) == []
    screenshot(phone, "prefecture-tokyo-phone")


def test_downloads_page_and_feed(site, page, phone):
    page.goto(site + "/stats/downloads/")
    assert page.locator("h1").inner_text().startswith("ダウンロード")
    assert page.locator("#months-caption").count() == 1
    assert page.locator("table.data tbody tr").count() == 3
    assert serious_violations(page) == []
    with page.expect_download() as info:
        page.get_by_role("link", name="2022年1月1日の都道府県別（CSV）をダウンロード").click()
    assert info.value.suggested_filename == "kofu-prefectures-20220101.csv"
    feed = page.request.get(site + "/stats/downloads.json").json()
    assert [m["as_of"] for m in feed["snapshots"]] == ["2022-02-01", "2022-01-01", "2021-12-01"]
    phone.goto(site + "/stats/downloads/")
    assert fits_the_screen(phone)
    assert serious_violations(phone) == []


def test_convenience_store_page(site, page, phone, screenshot):
    page.goto(site + "/stats/convenience-stores/")
    assert page.locator("h1").inner_text().startswith("コンビニ交付の参加状況")
    total = page.locator("#participation tbody tr.total").inner_text()
    assert "897" in total and "1,741" in total and "52" in total
    kanagawa = page.locator("#participation tbody tr", has_text="神奈川県")
    assert kanagawa.locator("td").nth(2).inner_text() == "88"
    assert serious_violations(page) == []
    page.locator("#participation tbody tr", has_text="東京都").locator("summary").click()
    assert "千代田区" in page.locator("#participation tbody tr", has_text="東京都").inner_text()
    page.fill("#as_of", "2021-12-31")
    page.get_by_role("button", name="表示する").click()
    page.wait_for_url(re.compile(r"as_of=2021-12-31"))
    assert "0" in page.locator("#participation tbody tr.total").inner_text()
    screenshot(page, "convenience")

    phone.goto(site + "/stats/convenience-stores/")
    assert fits_the_screen(phone)
    assert serious_violations(phone) == []


def test_dashboard_on_a_phone(site, phone, screenshot):
    phone.goto(site + "/stats/?as_of=2022-01-01")
    assert phone.locator("svg.choropleth a").count() == 47
    assert fits_the_screen(phone)
    assert serious_violations(phone) == []
    phone.get_by_role("link", name="市区町村別の地図（全国）").click()
    phone.wait_for_url(re.compile(r"/stats/map/\?as_of=2022-01-01$"))
    screenshot(phone, "dashboard-phone")
