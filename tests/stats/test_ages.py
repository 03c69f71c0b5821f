"""Age × sex (男女・年齢別): demographics.csv and the ministry's workbook table imported, printed by
`kofu stats table ages`, shown on a page; figures compared with rates computed here (integer half-up)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from kofu.stats.importing.services import ImportRefused, snapshot_import_file
from kofu.stats.models import AgeFigure, IssuanceSnapshot
from tests.stats.age_files import SEXES, demographics, read_ages, write_age_workbook
from tests.stats.test_importing_support import table_counts

pytestmark = pytest.mark.django_db


def half_up(count: int, population: int) -> str:
    tenths = (count * 2000 + population) // (2 * population)
    return f"{tenths // 10}.{tenths % 10}"


def expected_rows(ages) -> list[list[str]]:
    return [
        [age, sex, str(figures[sex][0]), str(figures[sex][1]), half_up(figures[sex][1], figures[sex][0])]
        for age, figures in ages
        for sex, _ in SEXES
    ]


def cli_ages(as_of: str) -> list[list[str]]:
    out = io.StringIO()
    call_command("stats", "table", "ages", "--as-of", as_of, "--format", "csv", stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_demographics_csv_is_imported_and_printed_as_published(shared_dir):
    path = demographics(shared_dir, "20220930")
    out = io.StringIO()
    call_command("stats", "import", str(path), stdout=out)
    assert "男女・年齢別" in out.getvalue() and "20行を取込" in out.getvalue()
    snapshot = IssuanceSnapshot.objects.get()
    assert (snapshot.as_of, snapshot.population_base, snapshot.measure) == (
        dt.date(2022, 9, 30),
        dt.date(2022, 1, 1),
        "issued",
    )
    lines = cli_ages("2022-09-30")
    assert lines[0] == ["age", "sex", "population", "issued", "rate"]
    assert lines[1:] == expected_rows(read_ages(path))
    assert [line[0] for line in lines[1:4]] == ["全体"] * 3 and lines[4][0] == "0～4歳"
    assert lines[-1][0] == "90歳以上"


def test_the_ministry_workbook_table_with_two_heading_rows_is_held(shared_dir, tmp_path):
    ages = read_ages(demographics(shared_dir, "20220930"))
    report = snapshot_import_file(path=write_age_workbook(tmp_path / "nenrei.xlsx", ages))
    snapshot = report.snapshot
    assert (snapshot.as_of, snapshot.population_base, snapshot.measure) == (
        dt.date(2022, 9, 30),
        dt.date(2022, 1, 1),
        "held",
    )
    assert not report.warnings  # the fraction-as-percent rates agree with the counts
    lines = cli_ages("2022-09-30")
    assert lines[0] == ["age", "sex", "population", "held", "rate"]
    assert lines[1:] == expected_rows(ages)


def test_an_age_file_joins_the_municipality_file_of_the_same_date(registry, shared_dir):
    call_command("stats", "import", str(demographics(shared_dir, "20220930")), stdout=io.StringIO())
    call_command(
        "stats",
        "import",
        str(shared_dir / "data" / "issuance" / "20220930" / "all_localgovs.csv"),
        stdout=io.StringIO(),
    )
    snapshot = IssuanceSnapshot.objects.get()
    assert snapshot.complete and AgeFigure.objects.filter(snapshot=snapshot).count() == 60
    with pytest.raises(CommandError):  # imported already: --replace to replace
        call_command(
            "stats",
            "import",
            str(demographics(shared_dir, "20220930")),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


def test_a_bad_cell_is_refused_by_row_and_heading_and_nothing_changes(shared_dir, tmp_path):
    ages = read_ages(demographics(shared_dir, "20220930"))
    path = write_age_workbook(tmp_path / "bad.xlsx", ages)
    import openpyxl

    book = openpyxl.load_workbook(path)
    book.active.cell(7, 3).value = "不明"  # 10～14 (row 7): 人口・女
    book.save(path)
    before = table_counts()
    with pytest.raises(ImportRefused) as refused:
        snapshot_import_file(path=path)
    assert refused.value.lines() == ["bad.xlsx 7行目「人口（R4.1.1時点）・女」: 数値ではありません: '不明'"]
    assert table_counts() == before and not AgeFigure.objects.exists()


def test_male_and_female_not_adding_up_is_a_warning(tmp_path):
    text = (
        "算出基準日,年齢,人口(男),人口(女),人口(計),交付件数(男),交付件数(女),交付件数(計),人口算出基準日\n"
        "2022/09/30,全体,100,120,221,50,60,110,2022/01/01\n"
    )
    path = tmp_path / "demographics.csv"
    path.write_text(text, encoding="utf-8")
    report = snapshot_import_file(path=path)
    assert [w.text for w in report.warnings] == ["人口の男 100 と女 120 の和が計 221 と一致しません"]


def test_the_page_the_downloads_and_the_chart(shared_dir, client):
    path = demographics(shared_dir, "20220930")
    call_command("stats", "import", str(path), stdout=io.StringIO())
    page = client.get("/stats/ages/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "男女・年齢別の交付枚数" in text and "90歳以上" in text and "61,657,397" in text
    assert "人口算出基準日 2022年1月1日" in text
    download = client.get("/stats/ages.csv?as_of=2022-09-30")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[1:] == expected_rows(read_ages(path))
    assert client.get("/stats/ages.xlsx").status_code == 200
    chart = client.get("/stats/charts/ages.png?as_of=2022-09-30")
    assert chart["Content-Type"] == "image/png" and chart.content[:4] == b"\x89PNG"
    phone = client.get("/stats/charts/ages.png?as_of=2022-09-30&size=phone").content
    assert phone[:4] == b"\x89PNG" and int.from_bytes(phone[16:20], "big") == 760  # 380 CSS px at 2×
    assert client.get("/stats/ages/?as_of=2021-01-01").status_code == 404
    feed = client.get("/stats/downloads.json").json()
    files = {f["url"].split("testserver")[-1] for f in feed["snapshots"][0]["files"] if f["table"] == "ages"}
    assert files == {"/stats/ages.csv?as_of=2022-09-30", "/stats/ages.xlsx?as_of=2022-09-30"}
    assert client.get("/stats/ages/?as_of=yesterday").status_code == 400


def test_no_table_yet_is_a_plain_message(client):
    response = client.get("/stats/ages/")
    assert response.status_code == 404 and "まだ取り込まれていません" in response.content.decode()
    with pytest.raises(CommandError, match="男女・年齢別の表は取り込まれていません"):
        cli_ages("2022-09-30")
