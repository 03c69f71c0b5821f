"""Surveys in a real browser: a municipality enters its answers; the ministry reads the cross-table;
residents see the published outreach events. Axe scan on each page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from kofu.surveys.models import OutreachEvent, Respondent
from kofu.surveys.presets import add_seed_000_questions
from kofu.surveys.services.measure import answers_save, survey_create
from kofu.surveys.services.outreach import event_save
from tests.conftest import PASSWORD

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


def log_in(page, site: str, username: str, next_url: str) -> None:
    page.goto(f"{site}/accounts/login/?next={next_url}")
    page.get_by_label("利用者名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))


@pytest.fixture
def site(keep_registry, transactional_db, live_server, personas):
    """The seed 000 questionnaire with four respondents: 都城市 and 鹿児島市 (top), 延岡市 and 宮崎市 (bottom)."""
    survey = survey_create(slug="r4", title="交付率上位・下位団体の取組調査", actor=SYSTEM)
    add_seed_000_questions(survey=survey, actor=SYSTEM)
    for code, side in [("452025", "top"), ("462012", "top"), ("452033", "bottom"), ("452017", "bottom")]:
        Respondent.objects.create(
            survey=survey,
            municipality=Municipality.objects.get(code=code),
            side=side,
            category="その他の市",
            rank=1,
        )
    return live_server.url


def test_a_municipality_enters_its_answers(site, page, personas, screenshot):
    log_in(page, site, personas["municipality"].username, "/surveys/r4/")
    page.get_by_role("link", name="自団体の回答を入力する").click()
    page.wait_for_url(re.compile(r"/surveys/r4/answer/$"))
    assert "宮崎県都城市" in page.locator("main").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "surveys-answer-form")

    own = page.get_by_role("group", name=re.compile("独自の行政サービス"))
    own.get_by_label("はい（実施）").check()
    page.get_by_role("group", name=re.compile("問2 カードの取得・利用に対する独自の特典")).get_by_label(
        "はい（実施）"
    ).check()
    page.get_by_label("グッズの配布").check()
    page.get_by_role("group", name=re.compile("問4 ")).get_by_label("はい（実施）").check()
    page.get_by_role("group", name=re.compile("周知・広報の手段")).get_by_label("自治体SNS").check()
    page.get_by_role("group", name=re.compile("申請時来庁方式")).get_by_label("はい（実施）").check()
    # 問7 (temporary windows) left unanswered: the page names the question.
    page.get_by_role("button", name="回答を保存する").click()
    assert (
        "問7 臨時交付窓口を設置していますか：このフィールドは必須です。" in page.locator("main").inner_text()
    )
    assert serious_violations(page) == []

    page.get_by_role("group", name=re.compile("臨時交付窓口")).get_by_label("いいえ（未設置）").check()
    page.get_by_label("カードの普及促進に向けた課題（自由記述を類型化）（自由記述）").fill(
        "利便性の向上が必要"
    )
    page.get_by_label("カードの利便性向上").check()
    page.get_by_role("button", name="回答を保存する").click()
    page.wait_for_url(re.compile(r"/surveys/r4/answer/\?saved=1$"))
    assert page.get_by_role("status").inner_text() == "回答を保存しました。"
    assert page.get_by_label("グッズの配布").is_checked()
    assert Respondent.objects.get(municipality__code="452025").submitted_at is not None


def test_the_ministry_reads_the_cross_table(site, page, personas, screenshot):
    survey_respondents = Respondent.objects.select_related("survey", "municipality")
    base = {"own-services": False, "incentives": False, "publicity": True, "apply-at-counter": True,
            "temporary-windows": False, "obstacles": ("", "convenience")}  # fmt: skip
    for r in survey_respondents:
        top = r.side == "top"
        answers_save(
            respondent=r,
            values=base
            | {"own-services": top, "publicity-media": ("", "sns;bulletin" if top else "bulletin")},
            actor=SYSTEM,
        )
    log_in(page, site, personas["ministry"].username, "/surveys/r4/")
    page.get_by_role("link", name="クロス集計（上位・下位の比較）").click()
    page.wait_for_url(re.compile(r"/surveys/r4/crosstab/$"))
    assert "Fisher の正確確率検定" in page.locator(".method").inner_text()
    own = page.locator("#q-own-services")
    assert own.locator("caption").inner_text().startswith("表1 問1")
    other = own.locator("tr", has=page.get_by_role("rowheader", name="その他の市"))
    assert other.locator("td").all_inner_texts()[:3] == ["2", "0", "2"]
    assert "（補正）" in other.inner_text()  # a zero cell: Haldane's correction is said
    sns = page.locator(
        "#q-publicity-media tr", has=page.get_by_role("rowheader", name="自治体SNS", exact=True)
    )
    assert sns.locator("td").all_inner_texts()[:2] == ["2", "0"]
    assert serious_violations(page) == []
    screenshot(page, "surveys-crosstab")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("CSV")).click()
    lines = open(download_info.value.path(), encoding="utf-8").read().splitlines()
    assert lines[0] == "row,top,bottom,total,p_value" and "表1 その他の市,2,0,2,0.333333" in lines


def test_residents_see_published_outreach_events(site, page, screenshot):
    today = timezone.localdate()
    for title, published in [("確定申告会場での出張申請受付", True), ("準備中の受付", False)]:
        event_save(
            event=OutreachEvent(
                municipality=Municipality.objects.get(code="452025"), title=title, venue_type="tax_return",
                venue="イオンモール都城駅前", address="宮崎県都城市栄町", starts_on=today + dt.timedelta(days=3),
                ends_on=today + dt.timedelta(days=4), opens_at=dt.time(10), closes_at=dt.time(15), published=published,
            ),
            actor=SYSTEM,
        )  # fmt: skip
    page.goto(site + "/surveys/events/")
    assert page.locator("h1").inner_text() == "マイナンバーカードの出張申請受付の日程"
    events = page.locator(".event")
    assert events.count() == 1
    assert "確定申告会場での出張申請受付" in events.first.inner_text()
    assert "10:00〜15:00" in events.first.inner_text()
    assert serious_violations(page) == []
    screenshot(page, "surveys-events")
    page.get_by_label("都道府県で絞り込む").fill("鹿児島県")
    page.get_by_role("button", name="絞り込む").click()
    assert "予定されている出張申請受付はありません" in page.locator("main").inner_text()


def test_a_municipality_plans_an_event_and_records_applications(site, page, personas, screenshot):
    log_in(page, site, personas["municipality"].username, "/surveys/events/manage/")
    page.get_by_role("link", name="出張申請受付を登録する").click()
    page.wait_for_url(re.compile(r"/surveys/events/new/$"))
    assert serious_violations(page) == []
    screenshot(page, "surveys-event-form")
    page.get_by_label("名称").fill("公民館での出張申請受付")
    page.get_by_label("会場の種類").select_option(label="公民館")
    page.get_by_label("会場名").fill("中央公民館")
    page.get_by_label("所在地").fill("宮崎県都城市姫城町")
    page.get_by_label("開始日").fill("2030-05-10")
    page.get_by_label("終了日").fill("2030-05-09")
    page.get_by_label("受付開始時刻").fill("09:00")
    page.get_by_label("受付終了時刻").fill("12:00")
    page.get_by_label("住民に公開").check()
    page.get_by_role("button", name="保存する").click()
    assert "終了日：終了日は開始日以降にしてください" in page.locator("main").inner_text()
    page.get_by_label("終了日").fill("2030-05-10")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_url(re.compile(r"/surveys/events/manage/$"))
    assert serious_violations(page) == []
    page.get_by_role("link", name="公民館での出張申請受付の受付件数を記録").click()
    page.get_by_label("出張申請受付の受付件数").fill("42")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_url(re.compile(r"/surveys/events/manage/$"))
    assert "出張申請受付 42" in page.locator("tbody tr").first.inner_text()
    page.goto(site + "/surveys/events/yield/")
    row = page.locator("tr", has=page.get_by_role("rowheader", name="公民館"))
    assert row.locator("td").all_inner_texts() == ["1", "1", "42", "42.0", "42.0"]
    assert serious_violations(page) == []
    screenshot(page, "surveys-venue-yield")


def test_a_prefecture_reads_staff_acquisition(site, page, personas, screenshot):
    from kofu.registry.models import Prefecture
    from kofu.surveys.services.staff import staff_organisation_create, staff_report_save

    miyazaki = Prefecture.objects.get(code="45")
    for name, staff, applications in [
        ("宮崎市消防局", 400, 380),
        ("都城市消防局", 300, 250),
        ("延岡市消防本部", 200, 120),
    ]:
        org = staff_organisation_create(kind="fire_hq", name=name, prefecture=miyazaki, actor=SYSTEM)
        staff_report_save(
            department=org.departments.get(), as_of=dt.date(2022, 3, 31), staff=staff,
            staff_applications=applications, actor=SYSTEM,
        )  # fmt: skip
    log_in(page, site, personas["prefecture"].username, "/surveys/staff/")
    row = page.locator("#thresholds").locator("xpath=following-sibling::table[1]").locator("tbody tr").first
    assert row.inner_text().split("\t")[:6] == ["消防本部", "1", "33.3", "2", "66.7", "3"]
    assert serious_violations(page) == []
    screenshot(page, "surveys-staff")
    page.get_by_role("link", name="都城市消防局").first.click()
    page.wait_for_url(re.compile(r"/surveys/staff/organisations/\d+/$"))
    assert "83.3" in page.locator("#history ~ table").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "surveys-staff-organisation")
