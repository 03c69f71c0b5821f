"""The lists put on the one list shape after the staff list (ADR 0031) in a real browser at 1280
and 390 px: the survey index, the best-practice catalogue, the notice batches and the prefecture's
reports — filtered and paged through the form, axe at 0 violations, no sideways page scroll,
44 px targets."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from tests.browser.test_list_pages import check_page
from tests.browser.test_plans_workflow import log_in
from tests.browser.test_resident_flow_browser import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def lists(keep_registry, transactional_db, live_server, personas):
    if Municipality.objects.count() < 1741:
        from kofu.registry.services import registry_load_reference

        registry_load_reference()
    from kofu.cards.models import NoticeBatch
    from kofu.surveys.services.measure import survey_create

    for number in range(52):
        survey_create(slug=f"r-{number:03d}", title=f"取組調査 {number:03d}", actor=SYSTEM)
    call_command("surveys", "load-practices", stdout=io.StringIO())
    city = Municipality.objects.get(code="452025")
    for day in range(55):
        sent = dt.date(2022, 4, 1) + dt.timedelta(days=day)
        NoticeBatch.objects.create(
            municipality=city,
            sent_on=sent,
            visit_from=sent + dt.timedelta(days=7),
            visit_until=sent + dt.timedelta(days=14),
            size=10,
            created_at=timezone.now(),
        )
    return live_server.url


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_lists_filter_and_page_at_desk_and_phone_width(lists, browser, personas, viewport):
    context = browser.new_context(locale="ja-JP", viewport=viewport)
    page = context.new_page()

    log_in(page, lists, personas["ministry"].username, "/surveys/")
    assert "（52件、1/2ページ" in page.locator("#surveys-caption").inner_text()
    check_page(page, viewport)
    page.get_by_role("link", name="次のページ").click()
    page.wait_for_url(re.compile(r"\?page=2$"))
    assert page.locator("#surveys-caption + thead + tbody tr").count() == 2
    page.get_by_label("調査名・識別名").fill("r-01")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r"q=r-01"))
    assert "（10件" in page.locator("#surveys-caption").inner_text()

    page.goto(lists + "/surveys/practices/")
    page.get_by_label("分類").select_option("staff")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r"theme=staff"))
    assert "優良事例 7 件" in page.locator("#practices caption").inner_text()
    check_page(page, viewport)

    log_in(page, lists, personas["municipality"].username, "/cards/452025/notices/")
    assert "55回（1/2ページ）" in page.locator("#batches-count").inner_text()
    page.get_by_label("発送月").fill("2022-05")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r"sent_month=2022-05"))
    assert page.locator("#notice-batches li").count() == 25  # 2022-05-01 … 05-25
    check_page(page, viewport)

    log_in(page, lists, personas["prefecture"].username, "/plans/prefectures/45/reports/")
    page.get_by_label("対象月").fill("2022-10")
    page.get_by_label("市区町村名").fill("延岡")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r"q=%E5%BB%B6%E5%B2%A1"))
    assert page.locator("#t-prefecture-reports tbody tr").count() == 1
    check_page(page, viewport)
    context.close()
