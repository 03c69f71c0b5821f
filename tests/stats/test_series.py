"""Series (CLI, downloads, selectors) against sums computed here from ../shared/data/issuance."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from kofu.registry.models import Municipality, Prefecture
from kofu.stats.models import IssuanceSnapshot, MunicipalityFigure
from tests.stats.factories import ISSUANCE, load_issuance_snapshot

MONTHS = ["2022-05-01", "2022-06-01", "2022-06-30", "2022-07-31", "2022-08-31"]


def published(month: str) -> list[dict[str, str]]:
    with (ISSUANCE / month.replace("-", "") / "all_localgovs.csv").open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def expected_national() -> list[tuple[str, int, int, str]]:
    """(as_of, population, issued, population base) summed from each month's municipality file."""
    result = []
    for month in MONTHS:
        rows = published(month)
        base = rows[0]["人口算出基準日"].replace("/", "-")
        result.append(
            (month, sum(int(r["総数（人口）"]) for r in rows), sum(int(r["交付枚数"]) for r in rows), base)
        )
    return result


def half_up_rate(issued: int, population: int) -> str:
    tenths = (issued * 2000 // population + 1) // 2
    return f"{tenths // 10}.{tenths % 10}"


@pytest.fixture
def months(registry):
    for month in MONTHS:
        load_issuance_snapshot(month)


def cli(*args: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("stats", "series", *args, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.mark.django_db
def test_national_series_sums_every_municipality_of_each_month(months):
    rows = cli("--national", "--format", "csv")
    expected = expected_national()
    assert [
        (r["as_of"], int(r["population"]), int(r["issued"]), r["population_base"]) for r in rows
    ] == expected
    assert [r["rate"] for r in rows] == [half_up_rate(i, p) for _, p, i, _ in expected]
    assert list(rows[0]) == [
        "as_of",
        "population",
        "issued",
        "rate",
        "population_base",
        "measure",
        "added",
        "days",
        "daily_average",
        "monthly_average",
        "note",
    ]


@pytest.mark.django_db
def test_monthly_volumes_and_averages_follow_the_differences(months):
    rows = cli("--national")
    expected = expected_national()
    assert rows[0]["added"] == rows[0]["days"] == rows[0]["daily_average"] == ""
    for row, (before, after) in zip(rows[1:], zip(expected, expected[1:], strict=False), strict=True):
        added = after[2] - before[2]
        days = (dt.date.fromisoformat(after[0]) - dt.date.fromisoformat(before[0])).days
        assert int(row["added"]) == added
        assert int(row["days"]) == days
        assert int(row["daily_average"]) == (2 * added + days) // (2 * days)  # half-up
        assert int(row["monthly_average"]) == (2 * added * 1461 + days * 48) // (2 * days * 48)


@pytest.mark.django_db
def test_the_change_of_population_base_is_visible(months):
    rows = {r["as_of"]: r for r in cli("--national")}
    # The ministry moved the population base from 2021-01-01 to 2022-01-01 with the 2022-07-31 figures
    # (Code for Japan's files) — the row says so.
    bases = [r["population_base"] for r in rows.values()]
    assert len(set(bases)) == 2
    changed = [r for r in rows.values() if "人口算出基準日が" in r["note"]]
    assert len(changed) == 1
    index = bases.index(changed[0]["population_base"])
    assert bases[index - 1] != bases[index]


@pytest.mark.django_db
def test_prefecture_and_municipality_series_are_the_month_files_figures(months):
    miyazaki = cli("--prefecture", "45")
    for row in miyazaki:
        members = [r for r in published(row["as_of"]) if r["都道府県名"] == "宮崎県"]
        assert int(row["population"]) == sum(int(r["総数（人口）"]) for r in members)
        assert int(row["issued"]) == sum(int(r["交付枚数"]) for r in members)
    miyakonojo = cli("--municipality", "452025")
    for row in miyakonojo:
        (figure,) = [r for r in published(row["as_of"]) if r["団体コード"] == "452025"]
        assert (int(row["population"]), int(row["issued"]), row["rate"]) == (
            int(figure["総数（人口）"]),
            int(figure["交付枚数"]),
            figure["人口に対する交付枚数率"],
        )
    assert len(miyazaki) == len(miyakonojo) == len(MONTHS)


@pytest.mark.django_db
def test_a_series_that_crosses_to_cards_held_shows_the_break(months):
    """From 2023-06-30 the ministry counts cards held; a series never joins it to cards issued."""
    held = IssuanceSnapshot.objects.create(
        as_of=dt.date(2022, 9, 30), population_base=dt.date(2022, 1, 1), measure="held", complete=True
    )
    latest = IssuanceSnapshot.objects.get(as_of=dt.date(2022, 8, 31))
    MunicipalityFigure.objects.bulk_create(
        MunicipalityFigure(
            snapshot=held, municipality_id=f.municipality_id, population=f.population, issued=f.issued - 1
        )
        for f in MunicipalityFigure.objects.filter(snapshot=latest)
    )
    rows = cli("--national")
    assert list(rows[0])[:5] == ["as_of", "population", "issued", "held", "rate"]
    before, after = rows[-2], rows[-1]
    assert before["issued"] and not before["held"] and before["measure"] == "issued"
    assert after["held"] and not after["issued"] and after["measure"] == "held"
    assert after["added"] == after["daily_average"] == ""
    assert "つながりません" in after["note"]
    only_held = cli("--municipality", "452025")
    assert "held" in only_held[0]


@pytest.mark.django_db
def test_xlsx_series_states_dates_and_source(months, tmp_path):
    path = tmp_path / "series.xlsx"
    call_command(
        "stats", "series", "--prefecture", "45", "--format", "xlsx", "-o", str(path), stderr=io.StringIO()
    )
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "マイナンバーカードの交付枚数の推移　宮崎県"
    assert "2022-05-01" in sheet["A2"].value and "2022-08-31" in sheet["A2"].value
    assert sheet["A3"].value.startswith("出典: 総務省")
    assert [c.value for c in sheet[4]][:4] == ["基準日", "人口", "交付枚数", "人口に対する割合（%）"]
    assert sheet.max_row == 4 + len(MONTHS)


@pytest.mark.django_db
def test_series_options_are_checked(registry):
    with pytest.raises(CommandError, match="どれか1つ"):
        cli()
    with pytest.raises(CommandError, match="どれか1つ"):
        cli("--national", "--prefecture", "45")
    with pytest.raises(CommandError, match="都道府県コード 99"):
        cli("--prefecture", "99")
    with pytest.raises(CommandError, match="取り込まれていません"):
        cli("--national")
    ward = Municipality.objects.filter(kind=Municipality.Kind.WARD).first()
    if ward is not None:
        with pytest.raises(CommandError, match="指定都市の区"):
            cli("--municipality", ward.code)
    assert Prefecture.objects.count() == 47


@pytest.mark.django_db
def test_series_downloads_equal_the_command(months, client):
    for url, args in [
        ("/stats/series/national.csv", ["--national"]),
        ("/stats/series/prefectures/45.csv", ["--prefecture", "45"]),
        ("/stats/series/municipalities/452025.csv", ["--municipality", "452025"]),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        out = io.StringIO()
        call_command("stats", "series", *args, stdout=out)
        assert response.content.decode("utf-8-sig") == out.getvalue()
    assert client.get("/stats/series/prefectures/99.csv").status_code == 404
    xlsx = client.get("/stats/series/national.xlsx")
    assert load_workbook(io.BytesIO(xlsx.content)).active["A1"].value.endswith("全国")


@pytest.mark.django_db
def test_the_national_series_is_computed_once_per_set_of_snapshots(months, django_assert_max_num_queries):
    from kofu.stats import cache
    from kofu.stats.series.selectors import national_series

    cache.clear()
    national_series()
    with django_assert_max_num_queries(1):  # the list of snapshots only
        again = national_series()
    assert len(again.points) == len(MONTHS)
    load_issuance_snapshot("2022-09-30")
    assert len(national_series().points) == len(MONTHS) + 1
    by_prefecture = defaultdict(int)
    for row in published("2022-09-30"):
        by_prefecture[row["都道府県名"]] += int(row["交付枚数"])
    assert national_series().points[-1].issued == sum(by_prefecture.values())


def test_table_help_names_the_default_grouping_of_late_2022():
    from kofu.stats.management.commands.stats import Command

    parser = Command().create_parser("kofu", "stats")
    table = parser._subparsers._group_actions[0].choices["table"]
    text = " ".join(table.format_help().split())  # argparse wraps lines at spaces
    assert "2022-06-01 より前は wards-separate、以後は wards-with-cities" in text
    assert "wards-separate（既定）" not in text
    assert "kofu stats table convenience-stores --as-of 2022-01-01 --format csv" in text
