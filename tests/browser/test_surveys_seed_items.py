"""Issue 19's survey items in a real browser: 表7's quotes on the cross-table page and a quote added
there; the staff 様式 downloaded, filled and uploaded by a prefecture; the ministry picking cases
into a selection, sharing it, and the prefecture reading it. Axe scan on each page."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality, Prefecture
from kofu.surveys.models import Quote, Respondent, StaffReport
from kofu.surveys.presets import add_seed_000_questions, add_seed_000_quotes
from kofu.surveys.services.measure import survey_create
from kofu.surveys.services.staff import staff_organisation_create
from tests.browser.test_surveys_pages import log_in, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def site(keep_registry, transactional_db, live_server, personas):
    survey = survey_create(slug="r4", title="交付率上位・下位団体の取組調査", actor=SYSTEM)
    add_seed_000_questions(survey=survey, actor=SYSTEM)
    add_seed_000_quotes(survey=survey, actor=SYSTEM)
    Respondent.objects.create(
        survey=survey, municipality=Municipality.objects.get(code="452025"), side="top",
        category="その他の市", rank=1,
    )  # fmt: skip
    return live_server.url


def test_the_ministry_reads_and_adds_quotes_by_theme(site, page, personas, screenshot):
    log_in(page, site, personas["ministry"].username, "/surveys/r4/crosstab/")
    table = page.locator("#quotes-obstacles")
    assert (
        table.locator("caption").inner_text()
        == "自治体の意見抜粋「カードの普及促進に向けた課題」（自由記述）"
    )
    convenience = table.get_by_role("rowheader", name="カードの利便性向上")
    assert convenience.get_attribute("rowspan") == "2"
    assert "情報漏洩を危惧し" in table.inner_text()
    assert serious_violations(page) == []
    screenshot(page, "surveys-quotes")
    page.get_by_text("意見の抜粋を追加する").click()
    page.get_by_role("combobox", name="類型（必須）").select_option(label="表6：高齢者・障がい者等への対応")
    page.get_by_role("textbox", name=re.compile("^意見（抜粋）")).fill(
        "高齢の方が来庁しにくく、出張申請の人手が足りない。"
    )
    page.get_by_role("button", name="抜粋を追加する").click()
    page.wait_for_url("**/surveys/r4/crosstab/#quotes")
    assert "高齢の方が来庁しにくく" in page.locator("#quotes-obstacles").inner_text()
    assert Quote.objects.count() == 6


def test_a_prefecture_downloads_fills_and_uploads_the_staff_workbook(
    site, page, personas, tmp_path, screenshot
):
    staff_organisation_create(
        kind="fire_hq", name="都城市消防局", prefecture=Prefecture.objects.get(code="45"), actor=SYSTEM
    )
    log_in(page, site, personas["prefecture"].username, "/surveys/staff/")
    page.get_by_role("link", name="様式（XLSX）で一括して報告する・書き出す").click()
    page.get_by_label("時点").fill("2022-03-31")
    page.get_by_label("組織の種別").select_option(label="消防本部")
    assert serious_violations(page) == []
    screenshot(page, "surveys-staff-workbook")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="XLSX を書き出す").click()
    path = tmp_path / "staff.xlsx"
    download_info.value.save_as(path)
    book = load_workbook(path)
    sheet = book.active
    assert sheet["C2"].value == "都城市消防局" and sheet.max_row == 2
    for column, value in zip("GHIJKLM", [120, 110, 100, 0, 0, 0, "必要性を感じない"], strict=True):
        sheet[f"{column}2"] = value
    book.save(path)
    page.get_by_label("回答ファイル（XLSX）").set_input_files(str(path))
    page.get_by_role("button", name="取り込む").click()
    assert "1 部署の報告を取り込みました（staff.xlsx）" in page.get_by_role("status").inner_text()
    assert StaffReport.objects.get().reasons == "必要性を感じない"


def test_the_ministry_shares_a_selection_and_the_prefecture_reads_it(
    site, page, personas, browser, screenshot
):
    call_command("surveys", "load-practices", stdout=io.StringIO())
    log_in(page, site, personas["ministry"].username, "/surveys/practices/")
    page.get_by_label("分類").select_option(label="都道府県による支援")
    page.get_by_role("button", name="絞り込む").click()
    assert "優良事例 5 件" in page.locator("#practices caption").inner_text()
    page.get_by_label("福井県：取得キャンペーンとオンライン申請用端末の貸与を事例集に載せる").check()
    page.get_by_label("富山県：「申請サポート隊」の派遣を事例集に載せる").check()
    page.get_by_label("事例集の名称").fill("都道府県の支援の例")
    assert serious_violations(page) == []
    screenshot(page, "surveys-practices")
    page.get_by_role("button", name="事例集を作る").click()
    page.wait_for_url("**/surveys/practices/selections/*/")
    url = page.url
    page.get_by_role("button", name="都道府県に共有する").click()
    assert "都道府県へ共有しました" in page.locator("#share-status").inner_text()
    assert serious_violations(page) == []
    other = browser.new_context(locale="ja-JP").new_page()
    log_in(other, site, personas["prefecture"].username, "/surveys/practices/")
    other.get_by_role("link", name="都道府県の支援の例").click()
    assert other.url == url and "掲載事例 2 件" in other.locator("main").inner_text()
    assert "30台" in other.locator("main").inner_text()
