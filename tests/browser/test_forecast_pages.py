"""The forecast pages in a real browser: the municipality's forecast and renewals, the capacity
what-ifs on its plan, the prefecture's view with shortfalls and candidates, the ministry's national
curve. Axe scan on each page."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from kofu.plans.models import PlanMonth, SmoothingPlan
from kofu.registry.models import Municipality
from tests.browser.test_plans_workflow import log_in, serious_violations
from tests.forecast.conftest import MONTHS
from tests.stats.factories import load_issuance_snapshot

pytestmark = pytest.mark.browser


@pytest.fixture
def site(keep_registry, transactional_db, live_server, personas):
    """The live server with eight published months and a tight plan for 都城市."""
    for as_of in MONTHS[-8:]:
        load_issuance_snapshot(as_of)
    plan = SmoothingPlan.objects.create(
        municipality=Municipality.objects.get(code="452025"),
        base_month="2022-09",
        population=160_000,
        issued=130_000,
        per_window_daily=Decimal("80"),
        windows=1,
    )
    for month in ("2022-10", "2022-11", "2022-12", "2023-01", "2023-02", "2023-03"):
        PlanMonth.objects.create(plan=plan, month=month, target=6000)
    return live_server.url


def test_the_municipality_reads_its_forecast_and_tries_what_ifs(site, page, personas, screenshot):
    log_in(page, site, personas["municipality"].username, "/forecast/municipalities/452025/")
    assert page.locator("#t-rates tbody tr").count() == 6
    assert page.locator("#t-targets tbody tr").count() == 3
    assert page.locator("#t-renewals tbody tr").count() == 60
    assert "統計から推計" in page.locator("#t-renewals").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "forecast-municipality")

    page.get_by_label("期間の始め").fill("2025-01-01")
    page.get_by_label("期間の終わり").fill("2025-12-31")
    page.get_by_role("button", name="表示").click()
    assert page.locator("#t-renewals tbody tr").count() == 12
    with page.expect_download() as download:
        page.get_by_role("link", name="更新の見通しをCSVで保存").click()
    text = download.value.path().read_text(encoding="utf-8")
    assert text.splitlines()[0] == "month,card_renewals,certificate_renewals,basis"
    assert text.splitlines()[1].startswith("2025-01,")

    page.get_by_role("link", name="窓口の処理能力と更新の波（交付円滑化計画）").click()
    page.wait_for_url(re.compile(r"/forecast/municipalities/452025/capacity/$"))
    assert "不足（" in page.locator("#t-capacity").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "forecast-capacity")
    page.get_by_label("追加する窓口数").fill("5")
    page.get_by_label("毎週土曜日に開庁する").check()
    page.get_by_role("button", name="試算する").click()
    assert "試算の条件で 0か月" in page.locator("#summary").inner_text()
    assert serious_violations(page) == []


def test_the_prefecture_sees_shortfalls_and_candidates(site, page, personas, screenshot):
    log_in(page, site, personas["prefecture"].username, "/forecast/prefectures/45/")
    assert "都城市" in page.locator("#l-shortfalls").inner_text()
    assert page.locator("#t-municipalities tbody tr").count() == 26
    assert serious_violations(page) == []
    screenshot(page, "forecast-prefecture")
    page.get_by_role("link", name="宮崎県の事情聴取の候補（3か月先までの見通し）").click()
    assert "都城市" in page.locator("#t-candidates").inner_text()  # short of windows
    assert serious_violations(page) == []


def test_the_ministry_reads_the_national_curve(site, page, personas, screenshot):
    log_in(page, site, personas["ministry"].username, "/forecast/national/")
    assert page.locator("#t-prefectures tbody tr").count() == 47
    assert page.locator("#t-wave tbody tr").count() == 60
    assert serious_violations(page) == []
    screenshot(page, "forecast-national")


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("municipality", "/forecast/municipalities/452025/"),
        ("municipality", "/forecast/municipalities/452025/capacity/"),
        ("ministry", "/forecast/national/"),
    ],
)
def test_the_forecast_charts_are_drawn_for_a_390_px_phone(site, browser, personas, who, path):
    """ADR 0031: at 390 px (2×) the page picks the narrow chart, shown unscaled: its 12 pt title is
    at least 14 CSS px, nothing scrolls sideways but tables."""
    from kofu.stats.charts import NARROW_DPI
    from tests.browser.test_phone_tables import TITLE_PX

    context = browser.new_context(
        locale="ja-JP", viewport={"width": 390, "height": 844}, device_scale_factor=2
    )
    page = context.new_page()
    log_in(page, site, personas[who].username, path)
    images = page.locator("figure.chart picture img")
    assert images.count() >= 1
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        # The narrow chart (760 px drawn for 2×: a natural width of 380 CSS px), not the 800 px one.
        natural = image.evaluate("img => img.naturalWidth")
        assert natural == 380, (path, index, natural)
        box = image.bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= 390
        title_px = 12 / 72 * NARROW_DPI / 2 * box["width"] / natural  # CSS px of the 12 pt title
        assert title_px >= TITLE_PX, (path, index, title_px)
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391
        && !e.closest('.table-scroll')).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 8)"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
    assert serious_violations(page) == []
    context.close()
