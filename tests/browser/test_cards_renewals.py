"""Renewal reminders in a real browser: counts per month, then the CSV through the export form
(purpose required, free text refused when it holds a My Number). Axe scan on each page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.utils import timezone

from kofu.accounts.roles import SYSTEM
from kofu.cards.models import Card, PersonalDataExport, ResidentAccess
from kofu.registry.models import Municipality
from tests.browser.test_cards_pages import serious_violations
from tests.conftest import PASSWORD, make_staff

pytestmark = pytest.mark.browser


@pytest.fixture
def site(keep_registry, transactional_db, live_server):
    from kofu.accounts import services
    from kofu.accounts.grants import export_permission_set
    from kofu.registry.services import registry_load_reference

    if Municipality.objects.count() < 1741:
        registry_load_reference()
    miyakonojo = Municipality.objects.get(code="452025")
    organisation = services.organisation_for_municipality(municipality=miyakonojo, actor=SYSTEM)
    make_staff("window", organisation)
    make_staff("exporter", organisation)
    export_permission_set(username="exporter", allowed=True, actor=SYSTEM)
    for n, (birth, delivered) in enumerate(
        [(dt.date(1980, 4, 1), dt.date(2022, 5, 9)), (dt.date(1990, 6, 15), dt.date(2022, 6, 10))]
    ):
        Card.objects.create(
            municipality=miyakonojo,
            application_id=f"RN{n:04d}",
            channel="counter",
            received_on=dt.date(2022, 3, 1),
            name=f"更新 太郎{n}",
            birth_date=birth,
            address="宮崎県都城市姫城町1番",
            state="handed_over",
            state_changed_at=timezone.now(),
            state_since=delivered,
            delivered_on=delivered,
            handed_over_on=delivered,
        )
    return live_server.url


def login(page, site, username: str) -> None:
    page.goto(f"{site}/accounts/login/?next=/cards/452025/renewals/")
    page.get_by_label("利用者名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(r"/cards/452025/renewals/"))


def show_period(page) -> None:
    page.get_by_label("期間（開始）").fill("2026-06-01")
    page.get_by_label("期間（終了）").fill("2027-04-30")
    page.get_by_role("button", name="表示").click()
    page.wait_for_selector("#t-renewals")


def test_staff_without_the_permission_see_counts_but_no_export(site, page, screenshot):
    login(page, site, "window")
    show_period(page)
    assert page.locator("#total").inner_text() == "2"
    assert page.locator("tr[data-month='2026-06'] td.certificate").inner_text() == "1"
    assert page.locator("tr[data-month='2027-04'] td.certificate").inner_text() == "1"
    assert "権限が必要です" in page.locator("#export-refused").inner_text()
    assert page.locator("#export-form").count() == 0
    assert "更新 太郎" not in page.content()
    assert serious_violations(page) == []
    screenshot(page, "cards-renewals-no-permission")


def test_the_export_form_needs_a_purpose_and_gives_the_csv(site, page, screenshot):
    login(page, site, "exporter")
    show_period(page)
    assert serious_violations(page) == []
    page.get_by_label("出力の目的").select_option(label="その他（内容を記入）")
    page.get_by_label(re.compile("目的の内容")).fill("送付先の確認 1234 5678 9018")
    page.get_by_role("button", name="CSVを出力する").click()
    page.wait_for_selector("[role=alert], .errorlist")
    assert "個人番号（マイナンバー）と思われる12桁の数字は入力できません" in page.content()
    assert page.get_by_label(re.compile("目的の内容")).input_value() == ""  # not echoed back
    assert serious_violations(page) == []
    screenshot(page, "cards-renewals-refused-purpose")
    assert not PersonalDataExport.objects.exists()

    page.get_by_label("出力の目的").select_option(label="有効期限の更新案内の送付")
    with page.expect_download() as download:
        page.get_by_role("button", name="CSVを出力する").click()
    path = download.value.path()
    rows = list(csv.reader(io.StringIO(open(path, encoding="utf-8-sig").read())))
    assert download.value.suggested_filename == "renewals-452025-20260601-20270430.csv"
    assert [row[:3] for row in rows[1:]] == [
        ["certificate", "2026-06-15", "RN0001"],
        ["certificate", "2027-04-01", "RN0000"],
    ]
    assert PersonalDataExport.objects.get().purpose == "renewal"
    assert ResidentAccess.objects.filter(action="export", purpose="renewal").count() == 2
