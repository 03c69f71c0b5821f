"""The bookings app's staff lists on the one list shape (ADR 0031) in a real browser at 1280 and
390 px: the sites list and the no-show rates with their outcomes list — filtered through the form
and paged, axe at 0 violations, no sideways page scroll, 44 px targets."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from kofu.registry.models import Municipality
from tests.browser.test_list_pages import LINES, check_page
from tests.browser.test_plans_workflow import log_in
from tests.browser.test_resident_flow_browser import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def lists(keep_registry, transactional_db, live_server, personas):
    """都城市: 51 sites (a special centre no longer taking bookings among them) and 52 past visits
    at the first, 12 of them no-shows, one made by phone."""
    from kofu.bookings.models import Booking, Site, Slot, Window
    from kofu.cards.models import Card, NoticeBatch
    from kofu.cards.services import new_notice_number
    from kofu.rules import cards as card_rules

    city = Municipality.objects.get(code="452025")
    sites = [
        Site.objects.create(municipality=city, name=f"都城市 支所{number:02d}", kind=Site.Kind.BRANCH)
        for number in range(50)
    ]
    Site.objects.create(municipality=city, name="特設センター", kind=Site.Kind.SPECIAL, active=False)
    for site in sites[:3]:
        Window.objects.create(site=site, name="1番窓口")
    today = timezone.localdate()
    starts = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=5), dt.time(10)))
    slot = Slot.objects.create(
        site=sites[0],
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        capacity=60,
        web_capacity=60,
    )
    batch = NoticeBatch.objects.create(
        municipality=city,
        sent_on=today - dt.timedelta(days=30),
        visit_from=today - dt.timedelta(days=30),
        visit_until=today + dt.timedelta(days=60),
        size=52,
        created_at=timezone.now(),
    )
    for number in range(52):
        card = Card.objects.create(
            municipality=city,
            application_id=f"L{number:06d}",
            channel=card_rules.ONLINE,
            received_on=today - dt.timedelta(days=40),
            name=f"都城 一覧{number}",
            birth_date=dt.date(1980, 5, 5),
            address=f"都城市姫城町{number}",
            state=card_rules.NOTICE_SENT,
            state_changed_at=timezone.now(),
            notice_number=new_notice_number(),
            notice_batch=batch,
            notice_sent_on=today - dt.timedelta(days=30),
            state_since=today - dt.timedelta(days=30),
        )
        created = starts - dt.timedelta(days=3)
        Booking.objects.create(
            card=card,
            slot=slot,
            status=Booking.Status.NO_SHOW if number < 12 else Booking.Status.CHECKED_IN,
            channel=Booking.Channel.PHONE if number == 0 else Booking.Channel.WEB,
            created_at=created,
            changed_at=created,
        )
    return live_server.url


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_sites_and_outcomes_lists_filter_and_page_at_desk_and_phone_width(
    lists, browser, personas, viewport, screenshot
):
    context = browser.new_context(locale="ja-JP", viewport=viewport)
    page = context.new_page()

    log_in(page, lists, personas["municipality"].username, "/bookings/staff/")
    assert "51件、1/2ページ" in page.locator("#sites-caption").inner_text()
    check_page(page, viewport)
    for link in page.locator("#t-sites tbody tr").first.locator("td.links a").all():
        assert link.evaluate(LINES) == 1, link.inner_text()  # a link never breaks a character per line
    screenshot(page, f"bookings-sites-{viewport['width']}")
    page.get_by_role("link", name="次のページ").click()
    page.wait_for_url(re.compile(r"\?page=2$"))
    assert page.locator("#t-sites tbody tr").count() == 1
    page.get_by_label("種別").select_option("special")
    page.get_by_label("予約の受付").select_option("no")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r"kind=special"))
    assert page.locator("#t-sites tbody th").all_inner_texts() == ["特設センター（受付停止）"]
    page.get_by_label("会場名・所在地").fill("支所07")
    page.get_by_label("種別").select_option("")
    page.get_by_label("予約の受付").select_option("")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r"q=%E6"))
    assert page.locator("#t-sites tbody th").all_inner_texts() == ["都城市 支所07"]
    check_page(page, viewport)

    page.get_by_role("link", name="来庁なしの率").click()
    page.wait_for_url(re.compile(r"/outcomes/$"))
    assert "来庁の結果（52件、1/2ページ" in page.locator("#outcomes-caption").inner_text()
    first_site = page.locator("#t-by-site tbody tr").first
    assert first_site.locator("td").all_inner_texts() == ["40", "12", "0", "23.1"]
    check_page(page, viewport)
    screenshot(page, f"bookings-outcomes-{viewport['width']}")
    page.get_by_role("link", name="次のページ").click()
    page.wait_for_url(re.compile(r"\?page=2$"))
    assert page.locator("#t-outcomes tbody tr").count() == 2
    page.get_by_label("予約方法").select_option("phone")
    page.get_by_label("会場", exact=True).select_option(label="都城市 支所00")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r"channel=phone"))
    assert "来庁の結果（1件" in page.locator("#outcomes-caption").inner_text()
    assert page.locator("#t-outcomes tbody td").last.inner_text() == "来庁なし"
    check_page(page, viewport)
    context.close()
