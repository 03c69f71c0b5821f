"""``kofu subsidy base-all``: per-municipality base amounts from two complete snapshots."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from kofu.stats.importing.services import snapshot_import_file
from kofu.subsidies.selectors import receipt_base_all
from tests.subsidies.conftest import CHIYODA, HIMESHIMA, SAPPORO

START, END = dt.date(2021, 4, 1), dt.date(2021, 12, 1)
# ⅱ = 3 × 300,000 = 900,000; T − ⅱ = 1,000,000 shared 100 : 300 : 600.
BUDGET = 1_900_000


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("subsidy", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def two_snapshots(make_snapshot):
    make_snapshot(START, {SAPPORO: (1_960_000, 500_000), CHIYODA: (66_000, 20_000), HIMESHIMA: (2_000, 100)})
    make_snapshot(END, {SAPPORO: (1_960_000, 500_600), CHIYODA: (66_000, 20_300), HIMESHIMA: (2_000, 200)})


def test_base_all_prints_code_name_issued_in_the_period_and_base(two_snapshots):
    out, err = run(
        "base-all",
        "--as-of",
        "2021-12-01",
        "--from",
        "2021-04-01",
        "--budget",
        str(BUDGET),
        "--format",
        "csv",
    )

    assert out == (
        "code,name,issued,base\n"
        "011002,北海道札幌市,600,900000\n"
        "131016,東京都千代田区,300,600000\n"
        "443221,大分県姫島村,100,400000\n"
    )
    assert "交付枚数の合計（ⅳ）1,000枚" in err
    assert "基準額の合計 1,900,000円" in err


def test_base_all_writes_a_file_when_asked(two_snapshots, tmp_path):
    target = tmp_path / "bases.csv"
    out, err = run(
        "base-all",
        "--as-of",
        "2021-12-01",
        "--from",
        "2021-04-01",
        "--budget",
        str(BUDGET),
        "-o",
        str(target),
    )

    assert out == ""
    assert target.read_text(encoding="utf-8").splitlines()[1] == "011002,北海道札幌市,600,900000"
    assert "3行" in err


def test_the_selector_returns_the_same_rows_and_totals(two_snapshots):
    result = receipt_base_all(start=START, end=END, budget=BUDGET)
    assert [(r.code, r.issued, r.base) for r in result.rows] == [
        (SAPPORO, 600, 900_000),
        (CHIYODA, 300, 600_000),
        (HIMESHIMA, 100, 400_000),
    ]
    assert (result.total_issued, result.total_base) == (1000, BUDGET)


def test_the_selector_reads_the_figures_in_a_fixed_number_of_queries(
    two_snapshots, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        receipt_base_all(start=START, end=END, budget=BUDGET)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--as-of", "2022-01-01", "--from", "2021-04-01"],
            "--as-of 2022-01-01 時点の交付状況が取り込まれていません",
        ),
        (
            ["--as-of", "2021-12-01", "--from", "2021-03-01"],
            "--from 2021-03-01 時点の交付状況が取り込まれていません",
        ),
        (["--as-of", "2021-04-01", "--from", "2021-12-01"], "より前の日付にしてください"),
        (["--as-of", "2021-12-01", "--from", "2021-04-01", "--budget", "800000"], "ⅱ）900,000円"),
        (["--as-of", "2021-12-01", "--from", "2021-04-01", "--budget", "-1"], "予算額"),
        (["--as-of", "2021-12-01", "--from", "2021-04-01", "--per-municipality", "-1"], "ⅰ）が負の数"),
    ],
)
def test_base_all_refuses_with_a_clear_message(two_snapshots, args, message):
    if "--budget" not in args:
        args = [*args, "--budget", str(BUDGET)]
    with pytest.raises(CommandError, match=message):
        run("base-all", *args)


def test_an_incomplete_snapshot_is_refused(make_snapshot):
    make_snapshot(START, {SAPPORO: (1_960_000, 500_000)})
    make_snapshot(END, {SAPPORO: (1_960_000, 500_600)}, complete=False)
    with pytest.raises(CommandError, match="2021-12-01 時点の交付状況は全市区町村分がそろっていません"):
        run("base-all", "--as-of", "2021-12-01", "--from", "2021-04-01", "--budget", str(BUDGET))


def test_a_count_that_went_down_is_refused_naming_the_municipality(make_snapshot):
    make_snapshot(START, {SAPPORO: (1_960_000, 500_000), CHIYODA: (66_000, 20_000)})
    make_snapshot(END, {SAPPORO: (1_960_000, 500_600), CHIYODA: (66_000, 19_999)})
    with pytest.raises(
        CommandError, match=r"交付枚数が減っている団体があります（1団体）.*東京都千代田区（20,000→19,999）"
    ):
        run("base-all", "--as-of", "2021-12-01", "--from", "2021-04-01", "--budget", str(BUDGET))


def test_municipalities_missing_from_one_snapshot_are_refused(make_snapshot):
    make_snapshot(START, {SAPPORO: (1_960_000, 500_000), CHIYODA: (66_000, 20_000)})
    make_snapshot(END, {SAPPORO: (1_960_000, 500_600), HIMESHIMA: (2_000, 200)})
    with pytest.raises(CommandError, match="市区町村がそろっていない") as caught:
        run("base-all", "--as-of", "2021-12-01", "--from", "2021-04-01", "--budget", str(BUDGET))
    assert "2021-12-01 時点にのみある団体: 大分県姫島村" in str(caught.value)
    assert "2021-04-01 時点にのみある団体: 東京都千代田区" in str(caught.value)


def test_no_card_issued_in_the_period_is_refused(make_snapshot):
    make_snapshot(START, {SAPPORO: (1_960_000, 500_000)})
    make_snapshot(END, {SAPPORO: (1_960_000, 500_000)})
    with pytest.raises(CommandError, match="ⅳ）が0"):
        run("base-all", "--as-of", "2021-12-01", "--from", "2021-04-01", "--budget", str(BUDGET))


@pytest.mark.slow
def test_base_all_from_the_imported_2021_files_shares_the_whole_budget(registry, shared_dir):
    for day in ("20210401", "20211201"):
        snapshot_import_file(path=shared_dir / "data" / "issuance" / day / "all_localgovs.csv")

    out, _ = run("base-all", "--as-of", "2021-12-01", "--from", "2021-04-01", "--budget", "1000000000")

    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1741
    total = sum(int(row["base"]) for row in rows)
    assert 1_000_000_000 - 1741 * 1000 < total <= 1_000_000_000
    assert all(int(row["base"]) >= 300_000 and int(row["base"]) % 1000 == 0 for row in rows)
    sapporo = next(row for row in rows if row["code"] == SAPPORO)
    assert sapporo["name"] == "北海道札幌市"
    assert int(sapporo["issued"]) > 0
