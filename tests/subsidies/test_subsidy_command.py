"""``kofu subsidy base`` and ``publicity-cap``: the stable CLI, through call_command and as a user runs it."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kofu.subsidies.models import FiscalYearUnitPrice

SEED = ["--total-issued", "15975568", "--municipalities", "1741", "--budget", "1000000000"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("subsidy", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize(("issued", "base"), [("60000", "2094000"), ("25000", "1047000"), ("300", "308000")])
def test_base_prints_the_seeds_worked_examples_in_yen(issued, base):
    assert run("base", "--issued", issued, *SEED) == base + "\n"


def test_base_accepts_grouped_digits_and_a_different_fixed_part():
    assert run("base", "--issued", "60,000", *SEED) == "2094000\n"
    # ⅰ = 0: the whole budget shared by cards, 1e9 × 60,000 / 15,975,568 = 3,755,735.6… → 3,755,000
    assert run("base", "--issued", "60000", *SEED, "--per-municipality", "0") == "3755000\n"


def test_base_with_actual_spend_prints_the_smaller_amount():
    assert run("base", "--issued", "60000", *SEED, "--actual", "1500000") == "1500000\n"
    assert run("base", "--issued", "60000", *SEED, "--actual", "9000000") == "2094000\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--issued", "-1", *SEED], "交付枚数（ⅲ）が負の数"),
        (["--issued", "16000000", *SEED], "を超えています"),
        (
            ["--issued", "1", "--total-issued", "10", "--municipalities", "0", "--budget", "1000000000"],
            "市区町村数は1以上",
        ),
        (
            ["--issued", "1", "--total-issued", "10", "--municipalities", "1741", "--budget", "522299999"],
            "ⅱ）",
        ),
        (["--issued", "abc", *SEED], "整数で指定してください"),
        (["--issued", "1", *SEED, "--actual", "-5"], "実支出額が負の数"),
    ],
)
def test_base_refuses_bad_input_in_japanese(args, message):
    with pytest.raises(CommandError, match=message):
        run("base", *args)


def kofu(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("kofu")
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "kofu.cli"]
    env = dict(os.environ, KOFU_DATA_DIR=str(data_dir))
    env.pop("DATABASE_URL", None)
    return subprocess.run([*argv, *args], env=env, capture_output=True, text=True, timeout=120, check=False)


def test_kofu_subsidy_base_runs_as_a_user_would_without_a_database(tmp_path):
    result = kofu("subsidy", "base", "--issued", "60000", *SEED, data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "2094000\n"


def test_kofu_subsidy_base_exits_non_zero_with_a_japanese_message(tmp_path):
    result = kofu(
        "subsidy",
        "base",
        "--issued",
        "1",
        *SEED[:2],
        "--municipalities",
        "0",
        "--budget",
        "1",
        data_dir=tmp_path,
    )

    assert result.returncode != 0
    assert "市区町村数は1以上で指定してください" in result.stderr
    assert result.stdout == ""


def test_kofu_grants_check_before_init_says_to_run_init(tmp_path):
    result = kofu("grants", "check", "--as-of", "2022-10-31", data_dir=tmp_path)

    assert result.returncode != 0
    assert "kofu init を実行してください" in result.stderr


COUNTS = ["--at-counter", "1000", "--outreach", "300", "--support", "200"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "price", "cap"),
    [
        ("2021", "2000", "3000000"),
        ("2022", "2000", "3000000"),
        ("2023", "1000", "1500000"),
        ("2020", "800", "1200000"),
    ],
)
def test_publicity_cap_multiplies_the_three_channels_by_the_unit_price(year, price, cap):
    assert run("publicity-cap", "--fiscal-year", year, "--unit-price", price, *COUNTS) == cap + "\n"


@pytest.mark.django_db
def test_publicity_cap_refuses_a_unit_price_over_the_years_maximum():
    with pytest.raises(CommandError, match=r"単価1,500円は2023年度（令和5年度）の上限1,000円を超えています"):
        run("publicity-cap", "--fiscal-year", "2023", "--unit-price", "1500", *COUNTS)
    with pytest.raises(CommandError, match="申請サポート方式の受付件数が負の数"):
        run("publicity-cap", "--fiscal-year", "2023", "--unit-price", "1000", "--support", "-1")


@pytest.mark.django_db
def test_publicity_cap_with_actual_spend_prints_the_smaller_amount():
    assert (
        run("publicity-cap", "--fiscal-year", "2021", "--unit-price", "2000", *COUNTS, "--actual", "1234567")
        == "1234567\n"
    )


@pytest.mark.django_db
def test_a_configured_ceiling_applies_to_its_fiscal_year():
    out = run("set-ceiling", "--fiscal-year", "2024", "--max-unit-price", "1500", "--note", "通知")
    assert "2024年度（令和6年度）の上限単価を1,500円にしました" in out
    assert FiscalYearUnitPrice.objects.get().max_unit_price == 1500

    assert run("publicity-cap", "--fiscal-year", "2024", "--unit-price", "1500", *COUNTS) == "2250000\n"
    listed = run("ceilings")
    assert "2024年度（令和6年度）: 1,500円（設定 / configured）" in listed
    assert "2021年度（令和3年度）: 2,000円（既定 / built in）" in listed


@pytest.mark.django_db
def test_set_ceiling_refuses_zero():
    with pytest.raises(CommandError, match="上限単価は1円以上"):
        run("set-ceiling", "--fiscal-year", "2024", "--max-unit-price", "0")
