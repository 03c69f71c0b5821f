"""Importing 住民基本台帳人口 for a base date, and the kofu registry command."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from kofu.core.tabular import ImportRefused
from kofu.registry.importing.master import registry_import_master
from kofu.registry.importing.population import registry_import_population
from kofu.registry.models import PopulationSnapshot
from tests.stats.test_importing_support import table_counts, write

BASE = dt.date(2021, 1, 1)


def refused(path) -> list[str]:
    before = table_counts()
    with pytest.raises(ImportRefused) as caught:
        registry_import_population(path=path, base_date=BASE)
    assert table_counts() == before
    return [str(m) for m in caught.value.messages]


def test_populations_from_the_published_figures(registry, shared_dir, tmp_path):
    # Built from the 2022-01-01 file: its population column is the 2021-01-01 base.
    source = (shared_dir / "data" / "issuance" / "20220101" / "all_localgovs.csv").read_text(
        encoding="utf-8-sig"
    )
    missing = {"三宅村": "133817", "八丈町": "134015"}  # <NA> in the published file
    lines = ["団体コード,都道府県名,名称,人口", "010006,北海道,北海道計,5228732"]
    for line in source.splitlines()[1:]:
        cells = line.replace('"', "").split(",")
        code = missing.get(cells[2], cells[8])
        lines.append(f"{code},{cells[1]},{cells[2]},{cells[3]}")
    lines.append(",,合計,126654244")
    report = registry_import_population(path=write(tmp_path / "pop.csv", "\n".join(lines)), base_date=BASE)
    assert report.skipped_total_rows == ["2行目: 北海道計", "1744行目: 合計"]
    assert report.created == 1741
    assert (
        sum(PopulationSnapshot.objects.filter(base_date=BASE).values_list("population", flat=True))
        == 126_654_244
    )


def test_a_row_without_code_is_refused(registry, tmp_path):
    text = "団体コード,名称,人口\n,三宅村,2440\n"
    assert refused(write(tmp_path / "p.csv", text)) == ["p.csv 2行目「団体コード」: 団体コードが空欄です"]


def test_populations_are_stored_and_replaced_for_the_same_date(registry, tmp_path):
    path = write(
        tmp_path / "p.csv", '団体コード,名称,人口\n011002,札幌市,"1,961,575"\n131016,千代田区,66680\n'
    )
    first = registry_import_population(path=path, base_date=BASE)
    assert (first.created, first.updated) == (2, 0)
    assert PopulationSnapshot.objects.get(municipality__code="011002", base_date=BASE).population == 1961575
    path = write(tmp_path / "p.csv", "団体コード,名称,人口\n011002,札幌市,1961576\n")
    second = registry_import_population(path=path, base_date=BASE)
    assert (second.created, second.updated) == (0, 1)
    assert PopulationSnapshot.objects.get(municipality__code="011002", base_date=BASE).population == 1961576


def test_ward_populations_by_ward_name(registry, shared_dir, tmp_path):
    registry_import_master(path=shared_dir / "data" / "localgov" / "localgovjp_20211101.csv")
    workbook = openpyxl.Workbook()
    workbook.active.append(["住民基本台帳人口（令和3年1月1日現在）"])
    workbook.active.append(["団体コード", "市区町村名", "人口"])
    workbook.active.append(["011011", "中央区", 248680])
    workbook.save(tmp_path / "wards.xlsx")
    report = registry_import_population(path=tmp_path / "wards.xlsx", base_date=BASE)
    assert report.created == 1


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("011002,札幌市,19x", "p.csv 2行目「人口」: 数値ではありません: '19x'"),
        ("011002,札幌市,0", "p.csv 2行目「人口」: 人口が0です"),
        ("011002,札幌市,-5", "p.csv 2行目「人口」: 負の数です: '-5'"),
        (
            "011002,函館市,100",
            "p.csv 2行目「名称」: 団体コード 011002 は台帳では 北海道札幌市 です: '函館市'",
        ),
        ("011003,札幌市,100", "p.csv 2行目「団体コード」: 団体コードの検査数字が一致しません: 011003"),
        ("019992,幻町,100", "p.csv 2行目「団体コード」: 団体コード 019992 は台帳にありません"),
        ("011002,札幌市", "p.csv 2行目: 列が足りません（見出しは3列、この行は2列）"),
    ],
    ids=["letters", "zero", "negative", "name-mismatch", "check-digit", "unknown", "truncated"],
)
def test_bad_rows_are_refused(registry, tmp_path, row, expected):
    messages = refused(write(tmp_path / "p.csv", f"団体コード,名称,人口\n{row}\n"))
    assert messages[0].startswith(expected), messages


def test_a_duplicate_is_refused(registry, tmp_path):
    text = "団体コード,名称,人口\n011002,札幌市,1\n11002,札幌市,1\n"
    assert refused(write(tmp_path / "p.csv", text)) == [
        "p.csv 3行目「団体コード」: 同じ団体が2回あります（2行目と同じ）"
    ]


def test_the_command_imports_and_shows(registry, tmp_path):
    out = io.StringIO()
    path = write(tmp_path / "p.csv", "団体コード,名称,人口\n011002,札幌市,1961575\n")
    call_command("registry", "import-population", str(path), "--base-date", "2021-01-01", stdout=out)
    assert out.getvalue().startswith(
        "p.csv: 住民基本台帳人口（CSV (UTF-8)） 基準日 2021-01-01、新規 1、置換 0"
    )
    out = io.StringIO()
    call_command("registry", "show", "11002", stdout=out)
    text = out.getvalue()
    assert text.startswith("011002 北海道札幌市（サッポロシ）")
    assert "団体区分: 指定都市（1972-04-01〜）" in text
    assert "人口 2021-01-01: 1,961,575人" in text
    out = io.StringIO()
    call_command("registry", "show", "東京都千代田区", stdout=out)
    assert out.getvalue().startswith("131016 東京都千代田区")


def test_the_command_refuses_with_messages_and_a_non_zero_exit(registry, tmp_path):
    err = io.StringIO()
    path = write(tmp_path / "m.csv", "団体コード,都道府県名,市区町村名\n011003,北海道,札幌市\n")
    with pytest.raises(CommandError, match="m.csv を取り込めませんでした"):
        call_command("registry", "import-master", str(path), stderr=err)
    assert err.getvalue() == "m.csv 2行目「団体コード」: 団体コードの検査数字が一致しません: 011003\n"
    with pytest.raises(CommandError, match="--base-date"):
        call_command("registry", "import-population", str(path), "--base-date", "soon")
    with pytest.raises(CommandError, match="団体が見つかりません"):
        call_command("registry", "show", "999997")
