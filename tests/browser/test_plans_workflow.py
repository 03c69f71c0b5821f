"""The smoothing plan in a real browser, as each role: the municipality drafts and submits, the
prefecture reads the four checks and returns it with advice, the municipality revises, the
prefecture accepts; then reports, hearing lists and the ministry's pages. Axe scan on each page."""

from __future__ import annotations

import re

import pytest

from kofu.plans.models import PlanStatus, SmoothingPlan
from tests.conftest import PASSWORD
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


def log_in(page, site: str, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{site}/accounts/login/?next={next_url}")
    page.get_by_label("利用者名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(re.escape(next_url) + r"(\?.*)?$"))


@pytest.fixture
def site(keep_registry, transactional_db, live_server, personas):
    """The live server with the 2022-01-01 snapshot (the plan's starting figures come from it)."""
    load_issuance_snapshot("2022-01-01")
    return live_server.url


def draft(page, *, weekend_days: int | None) -> None:
    """Distribute evenly; ``weekend_days`` in every month, or (None) every Saturday and Sunday."""
    from kofu.rules.calendar import YearMonth, weekend_days_available

    page.get_by_label("各月の交付枚数").select_option("even")
    months = [box.input_value() for box in page.locator("input[name$='-month']").all()]
    for month, box in zip(months, page.locator("input[name$='-weekend_days']").all(), strict=True):
        days = weekend_days_available(YearMonth.parse(month)) if weekend_days is None else weekend_days
        box.fill(str(days))
    page.get_by_role("button", name="保存する").click()
    page.wait_for_url(re.compile(r"/plans/municipalities/452025/$"))


def test_submit_return_revise_accept_as_municipality_and_prefecture(site, page, personas, screenshot):
    plan_url = "/plans/municipalities/452025/"
    log_in(page, site, personas["municipality"].username, plan_url)
    page.get_by_role("link", name="計画を作成する").click()
    assert (
        page.get_by_label(re.compile("^基準月（")).input_value() == "2021-12"
    )  # from the 2022-01-01 snapshot
    page.get_by_label("専用窓口数（現有）").fill("12")
    page.get_by_label("庁舎内に設置できる最大窓口数").fill("15")
    page.get_by_label("令和3年度の交付事務に要する経費の見込額（円）").fill("12000000")
    page.get_by_label("十分な交付体制が整う月").fill("2022-05")
    page.get_by_label("交付前設定の民間委託").select_option("true")
    page.get_by_label("受取日時の予約（交付平準化）").select_option("false")
    page.get_by_label("夜間開庁日数（月当たり）").fill("2")
    assert page.locator("#t-rows tbody tr").count() == 15  # 2022-01 … 2023-03
    assert serious_violations(page) == []
    screenshot(page, "plans-edit")
    draft(page, weekend_days=0)
    assert serious_violations(page) == []
    page.get_by_role("button", name="提出する").click()
    assert "提出済み" in page.locator("#plan-status").inner_text()

    log_in(page, site, personas["prefecture"].username, "/plans/prefectures/45/")
    assert serious_violations(page) == []
    screenshot(page, "plans-prefecture")
    page.locator("#t-rollup").get_by_role("link", name="都城市", exact=True).click()
    checks = page.locator("#t-checks tbody tr")
    assert checks.count() == 7  # seed 003 §6 (1–4) and the re-revision of seed 004 p.10 (5–7)
    assert "× 要助言" in checks.nth(3).inner_text()  # no weekend issuance planned
    assert "○ 適" in checks.nth(0).inner_text()
    assert "○ 適" in checks.nth(4).inner_text() and "○ 適" in checks.nth(5).inner_text()
    assert "× 要助言" in checks.nth(6).inner_text()  # no pickup booking
    assert "12,000,000円" in page.locator("#plan-costs").inner_text()
    assert "月2日" in page.locator("#t-measures").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "plans-review")
    page.get_by_label("助言・コメント（必須）").fill("毎週土日いずれも開庁する計画にしてください")
    page.get_by_role("button", name="差し戻す（修正を依頼）").click()
    assert "差戻し" in page.locator("#plan-status").inner_text()

    log_in(page, site, personas["municipality"].username, plan_url)
    assert "毎週土日いずれも開庁する計画にしてください" in page.locator("#t-history").inner_text()
    page.get_by_role("link", name="計画を編集する（画面・XLSX）").click()
    page.get_by_label("受取日時の予約（交付平準化）").select_option("true")
    draft(page, weekend_days=None)
    page.get_by_role("button", name="提出する").click()

    log_in(page, site, personas["prefecture"].username, plan_url)
    assert "× 要助言" not in page.locator("#t-checks").inner_text()
    page.get_by_role("button", name="確認済みにする").click()
    assert "確認済み" in page.locator("#plan-status").inner_text()
    plan = SmoothingPlan.objects.get()
    assert (plan.status, plan.version) == (PlanStatus.ACCEPTED, 2)

    page.goto(site + "/plans/municipalities/462012/")  # 鹿児島市: not this prefecture's
    assert page.locator("h1").inner_text() != "宮崎県の交付円滑化計画"
    assert "鹿児島市" not in page.content()


def test_reports_and_hearings_as_municipality_prefecture_and_ministry(site, page, personas, screenshot):
    log_in(page, site, personas["municipality"].username, "/plans/municipalities/452025/reports/")
    page.get_by_label("対象月").fill("2022-01")
    page.get_by_role("button", name="実績報告を入力する").click()
    page.wait_for_url(re.compile(r"/reports/file/\?month=2022-01$"))
    assert serious_violations(page) == []
    for label, value in {
        "交付枚数（当月）": "3000",
        "累計交付枚数（月末）": "60000",
        "累計申請件数（月末）": "80000",
        "交付窓口数": "6",
        "J-LISからカードが届いてから交付通知書を発送するまでの日数": "25",
    }.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="提出する").click()
    page.wait_for_url(re.compile(r"/reports/$"))
    assert "2022-01" in page.locator("#t-reports").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "plans-reports")

    log_in(page, site, personas["prefecture"].username, "/plans/prefectures/45/hearings/?month=2022-01")
    table = page.locator("#t-hearings")
    assert "都城市" in table.inner_text() and "25日で、21日以上" in table.inner_text()
    assert serious_violations(page) == []
    screenshot(page, "plans-hearings-prefecture")
    page.get_by_role("link", name="都城市の結果を記録").click()
    page.get_by_label("滞留が生じている理由").fill("交付前設定の委託が遅れている")
    page.get_by_label("今後の対応方針").fill("2月から土日窓口を開設する")
    assert serious_violations(page) == []
    page.get_by_role("button", name="記録する").click()
    assert "記録済み" in page.locator("#t-hearings").inner_text()

    log_in(page, site, personas["ministry"].username, "/plans/hearings/?month=2022-01")
    assert "下位25パーセンタイル" in page.locator("#definition").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "plans-hearings-ministry")
    page.goto(site + "/plans/")
    assert page.locator("tbody tr").count() == 47
    assert serious_violations(page) == []
    from kofu.accounts.roles import SYSTEM
    from kofu.plans import services
    from kofu.registry.models import Municipality
    from tests.plans.conftest import month_rows, plan_figures

    services.plan_save(
        municipality=Municipality.objects.get(code="452025"),
        data=plan_figures(cost_fy2021=5_000_000),
        months=month_rows(targets=(3_400_000, 10, 10, 10, 10, 10)),
        actor=SYSTEM,
    )
    page.get_by_role("link", name="全国の計画の合計（月間330万枚との比較・CSV）").click()
    first = page.locator("#t-national tbody tr").first.inner_text()
    assert "2022-10" in first and "3,400,000" in first and "上限超過" in first
    assert "5,000,000円" in page.locator("#national-summary").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "plans-national")
