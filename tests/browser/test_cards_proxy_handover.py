"""Proxy handover in a real browser (資料002 事例集 P10, 函館市): the window staff open a card
waiting at the window, record the checks — the page names what is missing — and hand it to the
facility head. Axe scan on the page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from kofu.cards.models import Card
from kofu.registry.models import Municipality
from tests.browser.test_surveys_pages import log_in, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def card(keep_registry, transactional_db, live_server, personas):
    return Card.objects.create(
        municipality=Municipality.objects.get(code="452025"), application_id="HK000001", channel="outreach",
        received_on=dt.date(2022, 3, 1), name="都城 一子", birth_date=dt.date(1935, 4, 1),
        address="宮崎県都城市姫城町1番", state="notice_sent", state_changed_at=timezone.now(),
        state_since=dt.date(2022, 5, 1), notice_number="ABCDE-23456",
    )  # fmt: skip


def test_window_staff_hand_a_card_to_the_facility_head(card, live_server, page, personas, screenshot):
    log_in(page, live_server.url, personas["municipality"].username, f"/cards/452025/cards/{card.pk}/")
    page.get_by_role("link", name="本人が来られない方の代理人に交付する").click()
    page.wait_for_url(re.compile(rf"/cards/452025/cards/{card.pk}/proxy/$"))
    page.get_by_label("本人が出頭できない理由").select_option(label="介護施設・障がい者支援施設に入所")
    page.get_by_label("施設名（入所・入院の場合）").fill("介護老人福祉施設 ひまわり")
    page.get_by_label("代理人", exact=True).select_option(label="施設長")
    page.get_by_label("本人の本人確認書類").select_option(label="施設長が作成した個人番号カード顔写真証明書")
    page.get_by_label("代理人の本人確認書類を確認した").check()
    page.get_by_role("button", name="代理人に交付する").click()
    errors = page.locator("#proxy-errors").inner_text()
    assert "出頭が困難であることを証する書類" in errors and "委任欄" in errors and "暗証番号" in errors
    assert serious_violations(page) == []
    screenshot(page, "cards-proxy-handover")
    page.get_by_label(re.compile("出頭が困難であることを証する書類")).check()
    page.get_by_label(re.compile("委任欄")).check()
    page.get_by_label(re.compile("暗証番号を記入し封をした")).check()
    page.get_by_role("button", name="代理人に交付する").click()
    page.wait_for_url(re.compile(rf"/cards/452025/cards/{card.pk}/$"))
    assert page.locator("#card-state").inner_text() == "交付済み"
    assert "代理人に交付しました" in page.locator("main").inner_text()
    card.refresh_from_db()
    assert (
        card.proxy_handover.facility == "介護老人福祉施設 ひまわり" and "代理人（施設長）に交付" in card.note
    )
