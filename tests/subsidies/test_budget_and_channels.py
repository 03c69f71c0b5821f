"""The national budget and remaining budget, ⅳ official vs kofu's, frames, and channel counts
from the monthly reports (seeds 000, 004 p.12–13, p.19)."""

from __future__ import annotations

from kofu.plans import services as plan_services
from kofu.registry.models import Municipality
from tests.plans.conftest import report_figures
from tests.subsidies.conftest import MIYAKONOJO


def test_the_ministry_sees_the_budget_the_remaining_budget_and_the_iv_check(
    client, personas, viewers, claim, receipt_snapshots
):
    from kofu.subsidies.services import claim_transition

    # A draft is its municipality's own: only a submitted claim counts against the budget.
    claim_transition(claim_id=claim.pk, action="submit", actor=viewers["municipality"])
    client.force_login(personas["ministry"])
    page = client.get("/subsidies/summary/?fiscal_year=2021").content.decode()
    # Seed 000: 59,262百万円; seed 004 p.12: ① 62億円 ② 30億円 ③ 10億円.
    assert "59,262,000,000" in page and "6,200,000,000" in page and "69,462,000,000" in page
    payable = claim_payable(client, claim)
    assert f"{69_462_000_000 - payable:,}" in page
    # ⅳ: the seed's 15,975,568 beside kofu's 60,000 + 25,000 + 300 from the small snapshots.
    assert "15,975,568枚" in page and "85,300枚" in page and f"{85_300 - 15_975_568:,}枚" in page


def claim_payable(client, claim) -> int:
    from kofu.subsidies.selectors.claims import claim_statement

    return claim_statement(claim).statement.total_payable


def test_a_prefecture_sees_no_national_budget(client, personas, claim):
    client.force_login(personas["prefecture"])
    page = client.get("/subsidies/summary/?fiscal_year=2021").content.decode()
    assert "予算額と残額" not in page and "59,262" not in page


def test_a_year_without_a_published_budget_says_so(client, personas, viewers):
    from kofu.subsidies.services import claim_create
    from tests.subsidies.conftest import claim_input

    claim_create(
        municipality=Municipality.objects.get(code=MIYAKONOJO),
        data=claim_input(fiscal_year=2023, unit_price=1_000, spend={"personnel": 10}),
        actor=viewers["municipality"],
    )
    client.force_login(personas["ministry"])
    page = client.get("/subsidies/summary/?fiscal_year=2023").content.decode()
    assert "予算額は資料に記載がありません" in page


def _report(viewers, month: str, **figures) -> None:
    plan_services.report_file(
        municipality=Municipality.objects.get(code=MIYAKONOJO),
        month=month,
        data=report_figures(**figures),
        actor=viewers["municipality"],
    )


def test_the_statement_flags_channel_counts_that_differ_from_the_monthly_reports(
    client, personas, viewers, claim
):
    client.force_login(personas["municipality"])
    page = client.get(f"/subsidies/claims/{claim.pk}/").content.decode()
    assert "実績報告なし" in page  # kofu holds no report for FY2021 yet
    # FY2021 = 2021-04 … 2022-03: two reports inside it, one (2022-04) outside.
    _report(viewers, "2021-05", apps_at_counter=600, apps_outreach=100, apps_support=300)
    _report(viewers, "2022-03", apps_at_counter=400, apps_outreach=50, apps_support=0)
    _report(viewers, "2022-04", apps_at_counter=9_999, apps_outreach=9_999, apps_support=9_999)
    page = client.get(f"/subsidies/claims/{claim.pk}/").content.decode()
    # The claim says 1,000 / 200 / 300: 申請時来庁 agrees, 出張 differs by 50, サポート agrees.
    assert "2か月分" in page
    assert page.count("× 差あり") == 1 and page.count("一致") == 2
    # The new-claim form offers the counts from the reports instead of typing them again.
    form = client.get("/subsidies/claims/new/").content.decode()
    assert "2021年度の実績報告から入れる" in form and "2022年度の実績報告から入れる" in form
    form = client.get("/subsidies/claims/new/?from_reports=2021").content.decode()
    assert 'value="1000"' in form and 'value="150"' in form and 'value="300"' in form


def test_the_statement_shows_the_separate_frame_for_offsite_centres(client, personas, viewers):
    from kofu.subsidies.services import claim_create
    from tests.subsidies.conftest import claim_input

    claim = claim_create(
        municipality=Municipality.objects.get(code=MIYAKONOJO),
        data=claim_input(
            fiscal_year=2022,
            spend={"personnel": 100, "number_writing": 20, "post_office": 3, "special_centre_offsite": 4_000},
        ),
        actor=viewers["municipality"],
    )
    client.force_login(personas["municipality"])
    page = client.get(f"/subsidies/claims/{claim.pk}/").content.decode()
    assert "別枠（庁舎外の専門センターの設置）</dt><dd>4,000円" in page
    assert "基準額の枠内</dt><dd>123円" in page
    assert "郵便局への事務委託" in page and "マイナンバーを追記" in page


def test_the_budget_command_prints_the_budget_remaining_and_iv(claim, receipt_snapshots):
    import csv
    import io

    import pytest
    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("budget", "--fiscal-year", "2021", stdout=out)
    rows = {r["item"]: r["amount"] for r in csv.DictReader(io.StringIO(out.getvalue()))}
    payable = claim_payable(None, claim)
    assert rows["initial"] == "59262000000" and rows["supplementary_centre"] == "3000000000"
    assert rows["remaining"] == str(69_462_000_000 - payable)
    assert (rows["iv_official"], rows["iv_kofu"], rows["iv_difference"]) == ("15975568", "85300", "-15890268")
    with pytest.raises(CommandError, match="2023年度の予算額は資料に記載がありません"):
        call_command("budget", "--fiscal-year", "2023", stdout=io.StringIO())


def test_plan_national_prints_the_same_rows_as_the_page(viewers):
    import io

    from django.core.management import call_command

    from tests.plans.conftest import month_rows, plan_figures

    plan_services.plan_save(
        municipality=Municipality.objects.get(code=MIYAKONOJO),
        data=plan_figures(),
        months=month_rows(targets=(3_300_000, 1, 1, 1, 1, 1)),
        actor=viewers["municipality"],
    )
    out = io.StringIO()
    call_command("plan", "national", "--format", "csv", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "month,planned,plans,ceiling,share_of_ceiling_percent,over_ceiling,doubled_pace"
    assert lines[1] == "2022-10,3300000,1,3300000,100.0,false,2800000"
    assert len(lines) == 7
