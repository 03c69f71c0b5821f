"""``kofu grants``: the advanced grant types' conditions for every municipality of a snapshot."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from kofu.registry.models import Municipality
from kofu.stats.importing.services import snapshot_import_file
from kofu.subsidies.models import GoalDeclaration
from kofu.subsidies.selectors import grant_check
from tests.subsidies.conftest import CHIYODA, HIMESHIMA, SAPPORO

AS_OF = dt.date(2022, 10, 31)


def run(command: str, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def snapshot(make_snapshot):
    # National: 300 / 900 = 1/3 exactly. 札幌 at the average, 千代田 above, 姫島 below.
    return make_snapshot(AS_OF, {SAPPORO: (300, 100), CHIYODA: (300, 150), HIMESHIMA: (300, 50)})


def test_check_prints_rate_average_eligibility_and_cards_needed(snapshot):
    run("grants", "declare", SAPPORO, HIMESHIMA, "--on", "2022-09-01")

    out, err = run("grants", "check", "--as-of", "2022-10-31", "--format", "csv")

    assert out == (
        "code,name,rate,national_average,eligible,cards_needed\n"
        "011002,北海道札幌市,33.3,33.3,true,\n"  # exactly at the average, declared
        "131016,東京都千代田区,50.0,33.3,false,\n"  # above, but no declared goal
        "443221,大分県姫島村,16.7,33.3,false,50\n"  # declared, but 50 cards short
    )
    assert "全国平均 33.3%" in err
    assert "申請条件を満たす 1団体（3団体中）" in err


def test_declared_by_counts_only_goals_declared_on_or_before_that_day(snapshot):
    run("grants", "declare", SAPPORO, "--on", "2022-11-15")

    later = grant_check(as_of=AS_OF)
    by_date = grant_check(as_of=AS_OF, declared_by=dt.date(2022, 10, 31))

    assert later.rows[0].assessment.eligible
    assert not by_date.rows[0].assessment.eligible


def test_declare_takes_five_digit_codes_redates_and_withdraw_removes(snapshot):
    out, _ = run("grants", "declare", "13101", "--on", "2022-08-01", "--note", "広報12月号")
    run("grants", "declare", CHIYODA, "--on", "2022-09-01")

    declaration = GoalDeclaration.objects.get()
    assert (declaration.municipality.code, declaration.declared_on) == (CHIYODA, dt.date(2022, 9, 1))
    assert "東京都千代田区" in out
    listed, _ = run("grants", "declared")
    assert "131016 東京都千代田区: 2022-09-01 表明" in listed

    out, _ = run("grants", "withdraw", CHIYODA)
    assert "削除しました" in out
    assert not GoalDeclaration.objects.exists()


@pytest.mark.parametrize(
    ("code", "message"),
    [("999999", "検査数字"), ("12a", "数字ではありません"), ("011011", "団体台帳にありません")],
)
def test_declare_refuses_malformed_and_unknown_codes(snapshot, code, message):
    with pytest.raises(CommandError, match=message):
        run("grants", "declare", code, "--on", "2022-09-01")


def test_declare_refuses_a_ward_of_a_designated_city(snapshot):
    sapporo = Municipality.objects.get(code=SAPPORO)
    Municipality.objects.create(
        code="011011",
        prefecture=sapporo.prefecture,
        name="札幌市中央区",
        kind=Municipality.Kind.WARD,
        parent=sapporo,
    )
    with pytest.raises(CommandError, match="指定都市の区です"):
        run("grants", "declare", "011011", "--on", "2022-09-01")


def test_check_refuses_missing_and_incomplete_snapshots(make_snapshot):
    with pytest.raises(CommandError, match="2022-10-31 時点の交付状況が取り込まれていません"):
        run("grants", "check", "--as-of", "2022-10-31")
    make_snapshot(AS_OF, {SAPPORO: (300, 100)}, complete=False)
    with pytest.raises(CommandError, match="全市区町村分がそろっていません"):
        run("grants", "check", "--as-of", "2022-10-31")


def test_check_refuses_a_bad_date(snapshot):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("grants", "check", "--as-of", "2022/10/31")


def test_check_reads_in_a_fixed_number_of_queries(snapshot, django_assert_max_num_queries):
    run("grants", "declare", SAPPORO, "--on", "2022-09-01")
    with django_assert_max_num_queries(3):
        grant_check(as_of=AS_OF)


@pytest.mark.slow
def test_check_on_an_imported_file_uses_the_national_totals(registry, shared_dir):
    snapshot_import_file(path=shared_dir / "data" / "issuance" / "20220101" / "all_localgovs.csv")

    out, err = run("grants", "check", "--as-of", "2022-01-01")

    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1741
    # seed 004: 全国 126,654,244 / 51,871,720 = 41.0 %
    assert {row["national_average"] for row in rows} == {"41.0"}
    assert "51,871,720／126,654,244" in err
    assert all(row["eligible"] == "false" for row in rows)  # nobody has declared
    assert all(
        (row["cards_needed"] == "") == (float(row["rate"]) >= 41.0) for row in rows if row["rate"] != "41.0"
    )
