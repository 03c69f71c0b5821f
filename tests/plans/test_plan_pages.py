"""The plan workflow through the web pages, as each role, and who may see what."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from kofu.plans.models import MonthlyReport, PlanStatus, SmoothingPlan

TOKYO = ZoneInfo("Asia/Tokyo")


def plan_post(targets=(10_000,) * 6, weekend_days=2, **overrides):
    data = {
        "base_month": "2022-09",
        "deadline": "2023-03",
        "population": "160000",
        "issued": "100000",
        "per_window_daily": "80",
        "windows": "10",
        "shared_windows": "0",
        "shared_per_window_daily": "0",
        "staff_per_window": "1",
        "terminals_per_window": "1",
        "office_max_windows": "12",
        "notes": "",
        "profile": "manual",
        "m-TOTAL_FORMS": str(len(targets)),
        "m-INITIAL_FORMS": str(len(targets)),
    }
    months = ["2022-10", "2022-11", "2022-12", "2023-01", "2023-02", "2023-03"]
    for i, (month, target) in enumerate(zip(months, targets, strict=False)):
        data.update(
            {
                f"m-{i}-month": month,
                f"m-{i}-target": str(target),
                f"m-{i}-weekend_days": str(
                    weekend_days[i] if isinstance(weekend_days, tuple) else weekend_days
                ),
                f"m-{i}-windows": "8",
                f"m-{i}-staff": "8",
                f"m-{i}-terminals": "8",
                f"m-{i}-temporary_windows": "0",
            }
        )
    data.update(overrides)
    return data


def login(client, user):
    client.logout()
    client.force_login(user)
    return client


def test_municipality_submits_prefecture_returns_municipality_revises_prefecture_accepts(client, personas):
    plan_url = "/plans/municipalities/452025/"
    login(client, personas["municipality"])
    assert client.get("/plans/").url == plan_url
    assert client.get(plan_url + "edit/").status_code == 200
    response = client.post(plan_url + "edit/", plan_post(weekend_days=0))
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(plan_url + "transition/", {"action": "submit"})
    assert SmoothingPlan.objects.get().status == PlanStatus.SUBMITTED

    login(client, personas["prefecture"])
    assert client.get("/plans/").url == "/plans/prefectures/45/"
    page = client.get(plan_url).content.decode()
    for title in ("ほとんどの住民", "十分な窓口数", "臨時窓口", "土日の交付"):
        assert title in page
    assert "× 要助言" in page  # no weekend opening planned
    assert "差し戻す" in page and "確認済みにする" in page
    client.post(plan_url + "transition/", {"action": "return", "advice": "毎週土日いずれも開庁してください"})
    assert SmoothingPlan.objects.get().status == PlanStatus.RETURNED

    login(client, personas["municipality"])
    page = client.get(plan_url).content.decode()
    assert "毎週土日いずれも開庁してください" in page
    # Every Saturday and Sunday (seed 004 p.10): 2022-10 has 10 weekend days, the others 8.
    client.post(plan_url + "edit/", plan_post(weekend_days=(10, 8, 8, 8, 8, 8)))
    client.post(plan_url + "transition/", {"action": "submit"})

    login(client, personas["prefecture"])
    assert "× 要助言" not in client.get(plan_url).content.decode()
    client.post(plan_url + "transition/", {"action": "accept", "advice": ""})
    plan = SmoothingPlan.objects.get()
    assert (plan.status, plan.version) == (PlanStatus.ACCEPTED, 2)
    page = client.get(plan_url + "versions/1/").content.decode()
    assert "第1版" in page
    rollup = client.get("/plans/prefectures/45/").content.decode()
    assert "都城市" in rollup and "確認済み" in rollup


def test_even_distribution_fills_the_targets_and_errors_name_the_field(client, personas):
    login(client, personas["municipality"])
    url = "/plans/municipalities/452025/edit/"
    response = client.post(url, plan_post(population="abc"))
    assert "住民基本台帳人口: " in response.content.decode()
    summary = response.content.decode().split('id="error-summary"')[1].split("</div>")[0]
    assert '<a href="#id_population">住民基本台帳人口: ' in summary  # listed at the top, linked to the field
    client.post(url, plan_post(targets=("",) * 6, profile="even"))
    plan = SmoothingPlan.objects.get()
    assert [m.target for m in plan.months.order_by("month")] == [10_000] * 6
    response = client.post(url, plan_post(notes="番号 123456789018"))
    assert "備考: 個人番号" in response.content.decode()


def test_the_xlsx_template_round_trips_through_the_import(client, personas):
    login(client, personas["municipality"])
    client.post("/plans/municipalities/452025/edit/", plan_post())
    response = client.get("/plans/municipalities/452025/plan.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["計画"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "月")
    sheet.cell(row=header + 2, column=2, value=12_345)  # 2022-10 target
    sheet.cell(row=header + 2, column=3, value=4)
    out = io.BytesIO()
    book.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "plan.xlsx"
    response = client.post("/plans/municipalities/452025/import/", {"file": upload})
    assert response.status_code == 302
    first = SmoothingPlan.objects.get().months.order_by("month").first()
    assert (first.month, first.target, first.weekend_days) == ("2022-10", 12_345, 4)


def test_an_import_error_names_the_file_row_and_column(client, personas):
    from kofu.plans import xlsx
    from kofu.registry.models import Municipality

    content = xlsx.template(
        Municipality.objects.get(code="452025"),
        {
            "base_month": "2022-09",
            "deadline": "2022-10",
            "population": 10,
            "issued": 1,
            "per_window_daily": 80,
            "windows": 1,
            "shared_windows": 0,
            "shared_per_window_daily": 0,
        },
        [{"month": "2022-10", "target": "たくさん", "weekend_days": 0, "temporary_windows": 0}],
    )
    with pytest.raises(xlsx.PlanFileError, match=r"p.xlsx 27行目「B列（交付枚数）」: 整数ではありません"):
        xlsx.read(content, filename="p.xlsx")


def test_staff_and_terminals_follow_the_plan_ratios(client, personas):
    login(client, personas["municipality"])
    client.post(
        "/plans/municipalities/452025/edit/", plan_post(staff_per_window="1.5", terminals_per_window="2")
    )
    from kofu.plans.selectors import plan_of, sized
    from kofu.registry.models import Municipality

    month = sized(plan_of(Municipality.objects.get(code="452025"))).months[0]
    assert month.staff_needed == -(-month.windows_needed * 3 // 2)
    assert month.terminals_needed == 2 * month.windows_needed


def test_the_prefecture_exports_its_plans_as_xlsx(client, personas):
    login(client, personas["municipality"])
    client.post("/plans/municipalities/452025/edit/", plan_post())
    login(client, personas["prefecture"])
    response = client.get("/plans/prefectures/45/plans.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    summary = list(book["計画一覧"].iter_rows(values_only=True))
    assert any(row[0] == "452025" and row[2] == "作成中" for row in summary)
    assert len([r for r in book["月別"].iter_rows(values_only=True) if r[0] == "452025"]) == 6


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("other_municipality", "/plans/municipalities/452025/"),
        ("other_municipality", "/plans/municipalities/452025/reports/"),
        ("other_prefecture_municipality", "/plans/municipalities/452025/"),
        ("other_prefecture", "/plans/municipalities/452025/"),
        ("other_prefecture", "/plans/prefectures/45/"),
        ("other_prefecture", "/plans/prefectures/45/plans.xlsx"),
        ("other_prefecture", "/plans/prefectures/45/hearings/"),
        ("prefecture", "/plans/municipalities/452025/edit/"),
        ("prefecture", "/plans/municipalities/462012/"),
        ("prefecture", "/plans/municipalities/452025/hearings/ministry/"),
        ("municipality", "/plans/prefectures/45/"),
        ("municipality", "/plans/hearings/"),
    ],
)
def test_other_jurisdictions_get_404(client, personas, persona, url):
    login(client, personas["municipality"])
    client.post("/plans/municipalities/452025/edit/", plan_post())
    login(client, personas[persona])
    assert client.get(url).status_code == 404


def test_other_jurisdictions_cannot_move_the_plan(client, personas):
    login(client, personas["municipality"])
    client.post("/plans/municipalities/452025/edit/", plan_post())
    client.post("/plans/municipalities/452025/transition/", {"action": "submit"})
    login(client, personas["other_prefecture"])
    assert client.post("/plans/municipalities/452025/transition/", {"action": "accept"}).status_code == 404
    login(client, personas["other_municipality"])
    assert client.post("/plans/municipalities/452025/edit/", plan_post()).status_code == 404
    assert SmoothingPlan.objects.get().status == PlanStatus.SUBMITTED


def clock(monkeypatch, moment):
    """Set the plans app's clock (only its own modules: the session keeps real time)."""
    from types import SimpleNamespace

    fake = SimpleNamespace(now=lambda: moment, localdate=lambda: moment.astimezone(TOKYO).date())
    monkeypatch.setattr("kofu.plans.services.timezone", fake)
    monkeypatch.setattr("kofu.plans.views.reports.timezone", fake)


def test_a_report_filed_after_the_15th_is_flagged_late(client, personas, monkeypatch):
    login(client, personas["municipality"])
    client.post("/plans/municipalities/452025/edit/", plan_post())
    late = dt.datetime(2022, 11, 16, 9, 0, tzinfo=TOKYO)
    clock(monkeypatch, late)
    form = {
        "cards_issued": "9000",
        "cumulative_issued": "109000",
        "cumulative_applications": "130000",
        "apps_at_counter": "1",
        "apps_outreach": "0",
        "apps_support": "0",
        "apps_online": "0",
        "apps_mail": "0",
        "apps_other": "0",
        "windows_open": "8",
        "weekend_days_opened": "2",
        "cards_waiting": "10",
        "days_arrival_to_notice": "12",
        "notes": "",
    }
    response = client.post("/plans/municipalities/452025/reports/file/?month=2022-10", form)
    assert response.status_code == 302
    # 2022-12-20: the October report was late, November's is missing (due 12-15).
    clock(monkeypatch, dt.datetime(2022, 12, 20, 9, 0, tzinfo=TOKYO))
    page = client.get("/plans/municipalities/452025/reports/").content.decode()
    assert "期限後に提出（遅延）" in page and "未提出（期限超過）" in page
    assert "-1,000" in page  # October: 9,000 issued against 10,000 planned
    # Each month is a link to its report; the form offers the first month still to file.
    assert 'href="/plans/municipalities/452025/reports/file/?month=2022-10"' in page
    assert 'href="/plans/municipalities/452025/reports/file/?month=2022-11"' in page
    assert 'name="month" value="2022-11"' in page
    login(client, personas["prefecture"])
    page = client.get("/plans/prefectures/45/reports/?month=2022-10").content.decode()
    rows = page.split("<tbody>")[1]  # the state filter's options name every state too
    assert "期限後に提出（遅延）" in rows and rows.count("未提出（期限超過）") == 25
    assert MonthlyReport.objects.get().filed_at == late


def test_a_hearing_outcome_is_recorded_by_the_prefecture(client, personas):
    from kofu.plans.models import Hearing

    login(client, personas["prefecture"])
    url = "/plans/municipalities/452025/hearings/prefecture/?month=2022-10"
    assert client.get(url).status_code == 200
    response = client.post(url, {"backlog_reasons": "", "action_plan": "休日窓口を増やす"})
    assert "滞留が生じている理由: " in response.content.decode()
    client.post(url, {"backlog_reasons": "交付前設定の遅れ", "action_plan": "休日窓口を増やす", "advice": ""})
    hearing = Hearing.objects.get()
    assert (hearing.month, hearing.level, hearing.backlog_reasons) == (
        "2022-10",
        "prefecture",
        "交付前設定の遅れ",
    )
    login(client, personas["other_prefecture"])
    assert client.get(url).status_code == 404


def test_a_report_for_a_month_still_to_come_is_refused(client, personas, monkeypatch):
    clock(monkeypatch, dt.datetime(2022, 11, 16, 9, 0, tzinfo=TOKYO))
    login(client, personas["municipality"])
    response = client.get("/plans/municipalities/452025/reports/file/?month=2022-12", follow=True)
    assert "まだ来ていない月です" in response.content.decode()
    assert client.get("/plans/municipalities/452025/reports/file/?month=2022-11").status_code == 200


def test_the_prefecture_may_change_the_hearing_thresholds_on_the_page(client, personas, miyakonojo):
    from kofu.accounts.roles import viewer_of
    from kofu.plans import services
    from tests.plans.conftest import report_figures

    services.report_file(
        municipality=miyakonojo,
        month="2022-10",
        data=report_figures(days_arrival_to_notice=15),
        actor=viewer_of(personas["municipality"]),
    )
    login(client, personas["prefecture"])
    url = "/plans/prefectures/45/hearings/?month=2022-10"
    assert "都城市" not in client.get(url).content.decode()
    page = client.get(url + "&max_days=14&min_rate=33").content.decode()
    assert "15日で、14日以上" in page and "基準を変更して表示中" in page


def test_the_hearing_record_keeps_the_thresholds_the_list_was_drawn_with(client, personas, miyakonojo):
    from kofu.accounts.roles import viewer_of
    from kofu.plans import services
    from kofu.plans.models import Hearing
    from tests.plans.conftest import report_figures

    services.report_file(
        municipality=miyakonojo,
        month="2022-10",
        data=report_figures(days_arrival_to_notice=15),
        actor=viewer_of(personas["municipality"]),
    )
    login(client, personas["prefecture"])
    url = "/plans/municipalities/452025/hearings/prefecture/?month=2022-10&max_days=14&min_rate=33"
    assert "15日で、14日以上" in client.get(url).content.decode()
    response = client.post(url, {"backlog_reasons": "委託の遅れ", "action_plan": "増員"})
    assert response.url == "/plans/prefectures/45/hearings/?month=2022-10&max_days=14&min_rate=33"
    assert "15日で、14日以上" in Hearing.objects.get().reasons
