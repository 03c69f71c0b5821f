"""The 公表用 workbook (保有枚数 since July 2023): blocks and columns by their headings, 和暦 dates in
the headings, names matched to the registry, the measure carried to every table; figures compared with
sums and rates computed here from the month's CSV (integer half-up, not kofu's code)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from kofu.stats.importing.services import ImportRefused, snapshot_import_file
from kofu.stats.models import IssuanceSnapshot, MunicipalityFigure, PrefectureFigure
from tests.stats.test_importing_support import table_counts
from tests.stats.workbook_files import Month, read_month, write_workbook

pytestmark = pytest.mark.django_db


def half_up_rate(count: int, population: int) -> str:
    """count ÷ population as a percent with one decimal, half-up, in integers."""
    tenths = (count * 2000 + population) // (2 * population)
    return f"{tenths // 10}.{tenths % 10}"


def expected_prefecture_table(month: Month) -> list[list[str]]:
    sums = month.prefectures()
    order = sorted(sums, key=lambda name: -sums[name][1] / sums[name][0])
    return [
        [str(rank), name, str(sums[name][0]), str(sums[name][1]), half_up_rate(sums[name][1], sums[name][0])]
        for rank, name in enumerate(order, start=1)
    ]


def cli_csv(*args: str) -> list[list[str]]:
    out = io.StringIO()
    call_command("stats", *args, "--format", "csv", stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


@pytest.fixture(scope="module")
def september(shared_dir):
    return read_month(shared_dir, "20220930")


@pytest.mark.parametrize(("offset", "split"), [(0, False), (3, True)])
def test_a_whole_month_imports_as_held_with_both_dates_from_the_headings(
    registry, september, tmp_path, offset, split
):
    path = write_workbook(tmp_path / "hoyu.xlsx", september, offset=offset, split=split)
    report = snapshot_import_file(path=path)
    snapshot = report.snapshot
    assert (snapshot.as_of, snapshot.population_base) == (dt.date(2022, 9, 30), dt.date(2022, 1, 1))
    assert snapshot.measure == "held" and snapshot.complete
    assert report.layout == "workbook" and report.rows_imported == 1741
    assert MunicipalityFigure.objects.filter(snapshot=snapshot).count() == 1741
    assert PrefectureFigure.objects.filter(snapshot=snapshot).count() == 47
    assert not report.warnings  # the printed totals are the sums of their municipalities

    lines = cli_csv("table", "prefectures", "--as-of", "2022-09-30")
    assert lines[0] == ["rank", "name", "population", "held", "rate", "mark"]
    assert [line[:5] for line in lines[1:48]] == expected_prefecture_table(september)


def test_names_only_rows_are_matched_by_prefecture_and_name(registry, shared_dir, tmp_path):
    month = read_month(shared_dir, "20220930", {"宮崎県", "東京都"})
    snapshot_import_file(path=write_workbook(tmp_path / "f.xlsx", month))
    figures = {
        (f.municipality.prefecture.name, f.municipality.name): (f.population, f.issued)
        for f in MunicipalityFigure.objects.select_related("municipality__prefecture")
    }
    assert sorted((p, *counts) for (p, _n), counts in figures.items()) == sorted(
        (p, pop, count) for p, _n, pop, count in month.rows
    )
    printed = {name: (pop, count) for _p, name, pop, count in month.rows}
    assert figures[("宮崎県", "三股町")] == printed["北諸県郡三股町"]  # the 郡 prefix stripped
    assert figures[("東京都", "八丈町")] == printed["八丈町"]


def test_the_issued_workbook_of_2022_keeps_its_measure(registry, shared_dir, tmp_path):
    month = read_month(shared_dir, "20220930", {"宮崎県"})
    path = write_workbook(tmp_path / "kofu.xlsx", month, count="交付枚数", national_label="全国")
    assert snapshot_import_file(path=path).snapshot.measure == "issued"
    lines = cli_csv("table", "municipalities", "--as-of", "2022-09-30", "--prefecture", "宮崎県")
    assert lines[0][:5] == ["rank", "name", "population", "issued", "rate"]


def test_month_end_in_the_heading_and_applications_in_the_national_row(registry, shared_dir, tmp_path):
    month = read_month(shared_dir, "20220930", {"宮崎県"})
    path = write_workbook(
        tmp_path / "f.xlsx", month, population_date="R7.1.1", count_date="R7.8末", applications=1234567
    )
    snapshot = snapshot_import_file(path=path).snapshot
    assert (snapshot.as_of, snapshot.population_base) == (dt.date(2025, 8, 31), dt.date(2025, 1, 1))
    assert snapshot.applications == 1234567


def test_an_unknown_name_is_refused_by_row_and_column_and_nothing_changes(registry, shared_dir, tmp_path):
    month = read_month(shared_dir, "20220930", {"宮崎県"})
    rows = [*month.rows, ("宮崎県", "架空町", 1000, 10)]
    path = write_workbook(tmp_path / "f.xlsx", Month(rows))
    before = table_counts()
    with pytest.raises(ImportRefused) as refused:
        snapshot_import_file(path=path)
    assert any(
        "架空町" in line and "「市区町村名」" in line and "行目" in line for line in refused.value.lines()
    )
    assert table_counts() == before


def test_a_printed_total_that_is_not_the_sum_is_a_warning(registry, shared_dir, tmp_path):
    month = read_month(shared_dir, "20220930", {"宮崎県"})
    path = write_workbook(tmp_path / "f.xlsx", month)
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book["公表用"]
    national = next(row for row in sheet.iter_rows() if row[0].value == "合計")
    national[3].value += 1
    book.save(path)
    report = snapshot_import_file(path=path)
    assert any("合計の行" in str(w) and "一致しません" in str(w) for w in report.warnings)


def test_the_series_across_the_change_of_measure_shows_the_break(registry, shared_dir, tmp_path):
    call_command("stats", "import", str(shared_dir / "data" / "issuance" / "20220831" / "all_localgovs.csv"))
    month = read_month(shared_dir, "20220930")
    snapshot_import_file(path=write_workbook(tmp_path / "f.xlsx", month))
    lines = cli_csv("series", "--national")
    header, rows = lines[0], lines[1:]
    assert header[:5] == ["as_of", "population", "issued", "held", "rate"]
    by_date = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_date["2022-08-31"]["held"] == "" and by_date["2022-09-30"]["issued"] == ""
    assert by_date["2022-09-30"]["held"] == str(month.national()[1])
    assert by_date["2022-09-30"]["note"]  # the break is said, not joined


def test_the_cli_reports_the_measure(registry, shared_dir, tmp_path):
    month = read_month(shared_dir, "20220930", {"宮崎県"})
    out = io.StringIO()
    call_command("stats", "import", str(write_workbook(tmp_path / "f.xlsx", month)), stdout=out)
    assert "保有枚数" in out.getvalue() and "市区町村別（公表用の表）" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("stats", "import", str(tmp_path / "f.xlsx"), stdout=io.StringIO(), stderr=io.StringIO())
    assert IssuanceSnapshot.objects.count() == 1


def test_a_csv_with_codes_and_a_held_column_is_held(registry, tmp_path):
    path = tmp_path / "hoyu.csv"
    path.write_text(
        "都道府県名,市区町村名,人口,保有枚数,人口に対する保有枚数率,団体コード\n"
        "宮崎県,都城市,160640,118000,73.5,452025\n",
        encoding="utf-8",
    )
    report = snapshot_import_file(path=path, as_of=dt.date(2025, 8, 31), population_base=dt.date(2025, 1, 1))
    assert report.layout == "municipality" and report.snapshot.measure == "held"
    lines = cli_csv("table", "municipalities", "--as-of", "2025-08-31", "--prefecture", "宮崎県")
    assert lines[0][:5] == ["rank", "name", "population", "held", "rate"]
