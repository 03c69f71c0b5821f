"""Per-municipality 基準額 and 概算交付見込額 on the subsidy side (seed 000, seed 004 p.12–13): the
ministry registers the general 基準額; the 概算交付見込額 is the plan's own figure; both beside the
受取勧奨 base amount on the claim and summary pages; the 「基準額の枠内」 capped by it."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from openpyxl import load_workbook

from kofu.accounts.roles import SYSTEM
from kofu.core.tabular import ImportRefused
from kofu.plans import services as plan_services
from kofu.registry.models import Municipality
from kofu.subsidies.base_amounts import general_base_set, general_bases_import
from kofu.subsidies.selectors.claims import claim_statement
from tests.plans.conftest import month_rows, plan_figures
from tests.subsidies.conftest import MIYAKONOJO


@pytest.fixture
def miyakonojo(registry):
    return Municipality.objects.get(code=MIYAKONOJO)


def test_only_the_ministry_registers_a_base_amount(viewers, miyakonojo):
    with pytest.raises(PermissionDenied):
        general_base_set(municipality=miyakonojo, fiscal_year=2021, amount=1, actor=viewers["municipality"])
    general_base_set(municipality=miyakonojo, fiscal_year=2021, amount=5_000_000, actor=viewers["ministry"])


def test_the_claim_is_capped_by_the_base_and_shows_the_plans_estimate(
    client, personas, viewers, claim, miyakonojo
):
    # The claim: personnel 5,000,000 + publicity min(3,500,000, 1,500×2,000=3,000,000) in the general frame.
    before = claim_statement(claim).statement.total_payable
    general_base_set(municipality=miyakonojo, fiscal_year=2021, amount=6_000_000, actor=viewers["ministry"])
    plan_services.plan_save(
        municipality=miyakonojo, data=plan_figures(estimated_grant=7_000_000), months=month_rows(),
        actor=viewers["municipality"],
    )  # fmt: skip
    item = claim_statement(claim)
    assert item.statement.frame_subtotal("general") == 8_000_000
    assert item.statement.general_payable == 6_000_000
    assert item.statement.total_payable == before - 2_000_000
    assert item.estimated_grant == 7_000_000
    client.force_login(personas["municipality"])
    page = client.get(f"/subsidies/claims/{claim.pk}/").content.decode()
    assert "基準額（総務省からお知らせした額）</dt><dd>6,000,000円" in page
    assert "概算交付見込額（交付円滑化計画）</dt><dd>7,000,000円" in page
    assert "min(枠内の補助対象額 8,000,000円, 基準額 6,000,000円) = 6,000,000円" in page
    book = load_workbook(io.BytesIO(client.get(f"/subsidies/claims/{claim.pk}/statement.xlsx").content))
    rows = {row[0]: row for row in book.active.iter_rows(values_only=True) if row and row[0]}
    assert rows["基準額の枠内"][3:5] == (6_000_000, 6_000_000)
    assert rows["合計"][4] == item.statement.total_payable
    assert rows["概算交付見込額（交付円滑化計画）"][4] == 7_000_000
    from kofu.subsidies.services import claim_transition

    claim_transition(claim_id=claim.pk, action="submit", actor=viewers["municipality"])  # drafts are its own
    client.force_login(personas["ministry"])
    summary = client.get("/subsidies/summary/?fiscal_year=2021").content.decode()
    row = summary.split('id="muni-caption"')[1]
    assert ">6,000,000<" in row and ">7,000,000<" in row and "基準額で上限" in row


def test_without_a_plan_or_base_the_page_says_so(client, personas, claim):
    client.force_login(personas["municipality"])
    page = client.get(f"/subsidies/claims/{claim.pk}/").content.decode()
    assert "未登録（上限を適用していません）" in page and "計画に記載なし" in page


def test_the_command_sets_imports_and_lists(tmp_path, miyakonojo):
    call_command(
        "baseamounts", "set", "--municipality", MIYAKONOJO, "--fiscal-year", "2021", "--amount", "100"
    )
    listing = tmp_path / "bases.csv"
    listing.write_text('団体コード,基準額\n452025,"12,000,000"\n452017,9000000\n', encoding="utf-8")
    call_command("baseamounts", "import", str(listing), "--fiscal-year", "2021")
    out = io.StringIO()
    call_command("baseamounts", "list", "--fiscal-year", "2021", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "code,name,fiscal_year,general_base,estimated_grant"
    assert lines[1].startswith("452017,") and lines[2].startswith("452025,") and ",12000000," in lines[2]


def test_a_bad_list_refuses_the_whole_file_naming_row_and_column(tmp_path, miyakonojo):
    listing = tmp_path / "bases.csv"
    listing.write_text("団体コード,基準額\n452025,100\n999999,多い\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        general_bases_import(source=listing, fiscal_year=2021, actor=SYSTEM)
    text = "\n".join(refused.value.lines())
    assert "3行目" in text and "A列（団体コード）" in text and "B列（基準額）" in text
    assert not miyakonojo.general_base_amounts.exists()
