"""``kofu subsidy claims`` and ``kofu subsidy statement``: the same figures as the pages, on the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("subsidy", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_claims_prints_every_claim_of_the_year_as_csv(claim, receipt_snapshots):
    out, err = run("claims", "--fiscal-year", "2021")
    assert out.splitlines() == [
        "code,name,fiscal_year,status,actual,payable",
        "452025,宮崎県都城市,2021,draft,11000000,10500000",
    ]
    assert "申請 1件" in err and "10,500,000円" in err


def test_claims_of_one_prefecture_and_as_xlsx(claim, tmp_path):
    out, _ = run("claims", "--fiscal-year", "2021", "--prefecture", "46")
    assert out.splitlines() == ["code,name,fiscal_year,status,actual,payable"]
    path = tmp_path / "claims.xlsx"
    run("claims", "--fiscal-year", "2021", "--format", "xlsx", "-o", str(path))
    assert load_workbook(path)["団体別"]["A2"].value == "452025"
    with pytest.raises(CommandError, match="-o"):
        run("claims", "--fiscal-year", "2021", "--format", "xlsx")
    with pytest.raises(CommandError, match="都道府県"):
        run("claims", "--fiscal-year", "2021", "--prefecture", "99")


def test_statement_prints_every_formula(claim, receipt_snapshots):
    out, _ = run("statement", "--code", "452025", "--fiscal-year", "2021")
    assert "宮崎県都城市（452025） 2021年度（令和3年度） 作成中" in out
    assert "基準額 = 300,000 + (1,000,000,000 − 900,000) × 60,000 ÷ 85,300" in out
    assert out.rstrip().endswith("= 10,500,000円")
    with pytest.raises(CommandError, match="実績報告はありません"):
        run("statement", "--code", "452033", "--fiscal-year", "2021")
