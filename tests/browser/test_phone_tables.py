"""Phones (issue 15 item 6), at 390 px: a statistics table that scrolls sideways keeps its key
column in view, names stay on one line, nothing but the table scrolls; axe on the page."""

from __future__ import annotations

import pytest

from kofu.registry.models import Municipality
from tests.browser.test_stats_pages import serious_violations
from tests.stats.factories import load_issuance_snapshot

pytestmark = pytest.mark.browser


@pytest.fixture
def stats(keep_registry, transactional_db, live_server):
    if Municipality.objects.count() < 1741:
        from kofu.registry.services import registry_load_reference

        registry_load_reference()
    load_issuance_snapshot("2022-01-01")
    return live_server.url


def test_the_prefecture_table_keeps_its_names_in_view_on_a_phone(stats, browser):
    context = browser.new_context(locale="ja-JP", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(stats + "/stats/prefectures/45/?as_of=2022-01-01")
    table = page.locator("table.data").first
    name = table.locator("tbody th[scope=row]").first
    line_height = name.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || 24")
    assert name.bounding_box()["height"] < 2 * line_height + 12  # one line, not a character per line
    scroller = table.locator("xpath=ancestor::div[contains(@class,'table-scroll')][1]")
    if scroller.evaluate("el => el.scrollWidth > el.clientWidth"):
        scroller.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        view, box = scroller.bounding_box(), name.bounding_box()
        # Scrolled to the last column, the name is still inside the visible part of the table.
        assert view["x"] - 1 <= box["x"] and box["x"] + box["width"] <= view["x"] + view["width"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    context.close()


#: Smallest CSS size of a chart's 12 pt title on a phone (the wide chart scaled to 390 px gave 7 px).
TITLE_PX = 14


@pytest.mark.parametrize(
    "path",
    ["/stats/?as_of=2022-01-01", "/stats/prefectures/45/?as_of=2022-01-01", "/stats/municipalities/452025/"],
)
def test_charts_are_drawn_for_the_phone_and_fit_it(stats, browser, path):
    from kofu.stats.charts import NARROW_DPI

    context = browser.new_context(
        locale="ja-JP", viewport={"width": 390, "height": 844}, device_scale_factor=2
    )
    page = context.new_page()
    page.goto(stats + path)
    images = page.locator("figure.chart picture img")
    assert images.count() >= 1
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        assert "size=phone" in image.evaluate("img => img.currentSrc")
        box = image.bounding_box()
        natural = image.evaluate("img => img.naturalWidth")
        assert 0 <= box["x"] and box["x"] + box["width"] <= 390
        title_px = 12 / 72 * NARROW_DPI * box["width"] / natural  # CSS px of the 12 pt title
        assert title_px >= TITLE_PX, (path, index, title_px)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    context.close()


def test_a_wide_screen_keeps_the_wide_chart(stats, browser):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(stats + "/stats/municipalities/452025/")
    image = page.locator("figure.chart picture img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth === 800", arg=image.element_handle())
    assert "size=phone" not in image.evaluate("img => img.currentSrc")
    context.close()
