"""Claim pages end to end: a municipality files a claim and reads its statement; the ministry sums up."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kofu.accounts.models import AuditEvent
from kofu.rules.subsidy_claims import COST_CATEGORIES
from kofu.subsidies.models import Claim
from kofu.subsidies.services import claim_transition

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "fiscal_year": "2021",
        "at_counter": "1000",
        "outreach": "200",
        "support": "300",
        "unit_price": "2000",
        "note": "",
    } | {f"spend_{category.key}": "0" for category in COST_CATEGORIES}
    data |= {
        "spend_personnel": "5000000",
        "spend_publicity": "3500000",
        "spend_receipt_encouragement": "2500000",
    }
    return data | changes


def test_a_municipality_files_a_claim_and_sees_its_statement(client, personas, receipt_snapshots):
    client.force_login(personas["municipality"])
    assert client.get("/subsidies/claims/new/").status_code == 200
    response = client.post("/subsidies/claims/new/", form_data())
    claim = Claim.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/subsidies/claims/{claim.pk}/"
    page = client.get(response["Location"])
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    text = page.content.decode()
    assert "宮崎県都城市" in text and "2021年度（令和3年度）" in text
    assert (
        "上限額 = (申請時来庁方式 1,000件 + 出張申請受付方式 200件 + 申請サポート方式 300件) × 単価 2,000円"
        in text
    )
    assert "基準額 = 300,000 + (1,000,000,000 − 900,000) × 60,000 ÷ 85,300" in text
    assert "10,500,000" in text  # 5,000,000 + 3,000,000 + 2,500,000
    assert "提出する" in text and "内容を修正する" in text

    response = client.post(f"/subsidies/claims/{claim.pk}/transition/", {"action": "submit", "comment": ""})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED
    assert "修正できません" in client.get(f"/subsidies/claims/{claim.pk}/edit/", follow=True).content.decode()


def test_form_errors_name_the_field_in_japanese(client, personas):
    client.force_login(personas["municipality"])
    response = client.post("/subsidies/claims/new/", form_data(spend_personnel="abc", unit_price="2500"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "人件費（実支出額・円）は整数（半角数字）で入力してください" in text
    assert "宣伝及び集客経費の単価（円）は2021年度（令和3年度）の上限2,000円以下で入力してください" in text
    assert not Claim.objects.exists()


def test_a_second_claim_for_the_same_year_is_refused_on_the_form(client, personas):
    client.force_login(personas["municipality"])
    client.post("/subsidies/claims/new/", form_data())
    response = client.post("/subsidies/claims/new/", form_data())
    assert "既にあります" in response.content.decode()
    assert Claim.objects.count() == 1


def test_the_municipality_edits_a_draft(client, personas, claim):
    client.force_login(personas["municipality"])
    assert client.get(f"/subsidies/claims/{claim.pk}/edit/").status_code == 200
    response = client.post(f"/subsidies/claims/{claim.pk}/edit/", form_data(spend_leaflets="12345"))
    assert response.status_code == 302
    assert claim.spends.get(category="leaflets").amount == 12_345
    assert AuditEvent.objects.filter(action="subsidies.claim.update").exists()


@pytest.mark.parametrize(
    "persona", ["other_municipality", "other_prefecture", "other_prefecture_municipality"]
)
def test_another_jurisdiction_gets_404_for_every_claim_page(client, personas, claim, persona):
    client.force_login(personas[persona])
    for url in [f"/subsidies/claims/{claim.pk}/", f"/subsidies/claims/{claim.pk}/statement.xlsx"]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/subsidies/claims/{claim.pk}/transition/", {"action": "submit"}).status_code == 404
    if persona != "other_prefecture":
        assert client.get(f"/subsidies/claims/{claim.pk}/edit/").status_code == 404
    assert "宮崎県都城市" not in client.get("/subsidies/claims/").content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_a_draft_claim_is_its_municipalitys_own(client, personas, claim):
    """Not filed yet: the prefecture and the ministry neither open nor count it."""
    for persona in ("prefecture", "ministry"):
        client.force_login(personas[persona])
        assert client.get(f"/subsidies/claims/{claim.pk}/").status_code == 404
        assert "都城市" not in client.get("/subsidies/claims/").content.decode()
        assert "都城市" not in client.get("/subsidies/summary/?fiscal_year=2021").content.decode()
    client.force_login(personas["municipality"])
    assert client.get(f"/subsidies/claims/{claim.pk}/").status_code == 200


def test_the_prefecture_sees_its_municipalitys_statement_but_cannot_act(client, personas, claim, viewers):
    claim_transition(claim_id=claim.pk, action="submit", actor=viewers["municipality"])
    client.force_login(personas["prefecture"])
    text = client.get(f"/subsidies/claims/{claim.pk}/").content.decode()
    assert "補助対象額の明細" in text and "提出する" not in text and "確認済みにする" not in text
    assert client.get(f"/subsidies/claims/{claim.pk}/edit/").status_code == 404
    assert "都城市" in client.get("/subsidies/summary/?fiscal_year=2021").content.decode()
    assert client.get("/subsidies/summary/prefectures/46/").status_code == 404
    assert client.get("/subsidies/summary/prefectures/45/").status_code == 200


def test_the_ministry_sees_the_national_summary_and_checks_a_claim(
    client, personas, claim, viewers, receipt_snapshots
):
    claim_transition(claim_id=claim.pk, action="submit", actor=viewers["municipality"])
    client.force_login(personas["ministry"])
    text = client.get("/subsidies/summary/").content.decode()
    assert "全国" in text and "宮崎県" in text and "10,500,000" in text
    response = client.get("/subsidies/summary/?fiscal_year=2021&format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["団体別"].iter_rows(values_only=True))
    assert rows[1][0] == "452025" and rows[1][-1] == 10_500_000
    assert list(book["都道府県別"].iter_rows(values_only=True))[-1][-1] == 10_500_000

    assert "確認済みにする" in client.get(f"/subsidies/claims/{claim.pk}/").content.decode()
    response = client.post(
        f"/subsidies/claims/{claim.pk}/transition/", {"action": "return", "comment": ""}, follow=True
    )
    assert "理由を入力してください" in response.content.decode()
    client.post(f"/subsidies/claims/{claim.pk}/transition/", {"action": "check", "comment": "確認しました"})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CHECKED


def test_the_statement_downloads_as_xlsx_with_its_formulas(client, personas, claim, receipt_snapshots):
    client.force_login(personas["municipality"])
    response = client.get(f"/subsidies/claims/{claim.pk}/statement.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    total = next(row for row in rows if row[0] == "合計")
    assert total[4] == 10_500_000
    assert any(row[5] and "千円未満切捨て" in row[5] for row in rows)


def test_municipality_staff_do_not_see_summaries_or_grants(client, personas):
    client.force_login(personas["municipality"])
    for url in ["/subsidies/summary/", "/subsidies/grants/", "/subsidies/summary/prefectures/45/"]:
        assert client.get(url).status_code == 404, url


def test_the_summary_and_list_pages_use_a_fixed_number_of_queries(
    client, personas, viewers, receipt_snapshots, django_assert_max_num_queries
):
    from kofu.registry.models import Municipality
    from kofu.subsidies.services import claim_create
    from tests.subsidies.conftest import claim_input

    for code, persona in [("452025", "municipality"), ("452033", "other_municipality")]:
        claim_create(
            municipality=Municipality.objects.get(code=code), data=claim_input(), actor=viewers[persona]
        )
    client.force_login(personas["ministry"])
    client.get("/subsidies/summary/")  # warm caches (content types, sessions)
    # 22: the national page also reads the reference period once more for the ⅳ check, and the
    # 基準額 and the plans' 概算交付見込額 once each for every municipality (ADR 0030).
    with django_assert_max_num_queries(22):
        assert client.get("/subsidies/summary/?fiscal_year=2021").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/subsidies/claims/").status_code == 200


def test_the_ministry_filters_the_list_to_submitted_claims(client, personas, viewers, claim):
    from kofu.subsidies.services import claim_transition

    client.force_login(personas["ministry"])
    assert "宮崎県都城市" not in client.get("/subsidies/claims/?fiscal_year=2021").content.decode()  # a draft
    assert (
        "条件に合う実績報告はありません" in client.get("/subsidies/claims/?status=submitted").content.decode()
    )
    claim_transition(claim_id=claim.pk, action="submit", actor=viewers["municipality"])
    assert "宮崎県都城市" in client.get("/subsidies/claims/?status=submitted").content.decode()
