"""Importing the ministry's CSV files (as published by Code for Japan) and small variants of them."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db.models import Sum

from kofu.registry.models import Municipality, MunicipalityCategory
from kofu.rules.categories import Category
from kofu.stats.importing.services import ImportRefused, snapshot_import_file
from kofu.stats.models import GroupTotal, IssuanceSnapshot, MunicipalityFigure, PrefectureFigure
from tests.stats.test_importing_support import small_csv_text, table_counts, write


def issuance(shared_dir, date: str, name: str = "all_localgovs.csv"):
    return shared_dir / "data" / "issuance" / date / name


def test_the_2022_01_01_file_gives_1741_figures_summing_to_the_national_total(registry, shared_dir):
    report = snapshot_import_file(path=issuance(shared_dir, "20220101"))

    snapshot = report.snapshot
    assert (snapshot.as_of, snapshot.population_base) == (dt.date(2022, 1, 1), dt.date(2021, 1, 1))
    assert snapshot.complete
    assert report.layout == "municipality"
    assert report.rows_imported == 1741
    assert report.registered == []
    assert report.skipped_total_rows == []
    assert report.warnings == []
    totals = MunicipalityFigure.objects.filter(snapshot=snapshot).aggregate(
        p=Sum("population"), i=Sum("issued")
    )
    assert (totals["p"], totals["i"]) == (126_654_244, 51_871_720)
    sapporo = MunicipalityFigure.objects.get(snapshot=snapshot, municipality__code="011002")
    assert (sapporo.population, sapporo.issued, sapporo.printed_rate) == (1961575, 763069, Decimal("38.9"))


def test_import_runs_a_fixed_small_number_of_queries(registry, shared_dir, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        snapshot_import_file(path=issuance(shared_dir, "20220101"))


def test_a_later_month_with_two_codes_missing_matches_them_by_name(registry, shared_dir):
    report = snapshot_import_file(path=issuance(shared_dir, "20220930"))
    assert report.rows_imported == 1741
    assert report.snapshot.complete
    assert report.snapshot.population_base == dt.date(2022, 1, 1)
    miyake = MunicipalityFigure.objects.get(snapshot=report.snapshot, municipality__code="133817")
    hachijo = MunicipalityFigure.objects.get(snapshot=report.snapshot, municipality__code="134015")
    assert (miyake.population, miyake.issued) == (2362, 1185)
    assert (hachijo.population, hachijo.issued) == (7128, 2951)


def test_an_early_file_printing_island_and_district_prefixes_matches_by_code(registry, shared_dir):
    # 2017: 三宅島三宅村, 八丈島八丈町, 高岡郡檮原町 (registry: 梼原町).
    report = snapshot_import_file(path=issuance(shared_dir, "20170308"))
    assert report.rows_imported == 1741
    assert report.snapshot.complete


def figures(snapshot) -> dict[str, tuple[int, int]]:
    rows = MunicipalityFigure.objects.filter(snapshot=snapshot)
    return {code: (p, i) for code, p, i in rows.values_list("municipality__code", "population", "issued")}


def test_names_without_their_district_import_the_same(registry, shared_dir, tmp_path):
    original = issuance(shared_dir, "20220101")
    expected = figures(snapshot_import_file(path=original).snapshot)
    text = original.read_text(encoding="utf-8-sig")
    # "東国東郡姫島村" → "姫島村", "余市郡余市町" → "余市町"; 郡山市, 郡上市 stay.
    stripped, count = re.subn(r'"[^",]+?郡([^",]+[町村])"', r'"\1"', text)
    assert count == 917  # every town and village printed with its 郡
    report = snapshot_import_file(path=write(tmp_path / "all_localgovs.csv", stripped), replace=True)
    assert report.snapshot.complete and report.warnings == []
    assert figures(report.snapshot) == expected
    himeshima = MunicipalityFigure.objects.get(snapshot=report.snapshot, municipality__name="姫島村")
    assert (himeshima.population, himeshima.issued) == (1933, 1501)


def test_names_keep_their_district_when_the_code_is_missing(registry, tmp_path):
    rows = ['"2022/01/01","大分県","東国東郡姫島村",1933,1501,77.7,"2021/01/01","2022/01/01",""']
    report = snapshot_import_file(path=write(tmp_path / "f.csv", small_csv_text(rows)))
    assert MunicipalityFigure.objects.get(snapshot=report.snapshot).municipality.code == "443221"
    assert not report.snapshot.complete
    assert "1,740団体の数値がありません" in str(report.warnings[-1])


def test_a_shift_jis_copy_imports_the_same(registry, shared_dir, tmp_path):
    original = issuance(shared_dir, "20220101")
    expected = figures(snapshot_import_file(path=original).snapshot)
    text = original.read_text(encoding="utf-8-sig")
    report = snapshot_import_file(path=write(tmp_path / "sjis.csv", text, encoding="shift_jis"), replace=True)
    assert report.file_kind == "CSV (Shift_JIS)"
    assert report.rows_imported == 1741 and report.snapshot.complete
    assert figures(report.snapshot) == expected


def test_prefecture_and_category_files_add_to_the_same_snapshot(registry, shared_dir):
    snapshot_import_file(path=issuance(shared_dir, "20220101"))
    prefectures = snapshot_import_file(path=issuance(shared_dir, "20220101", "all_prefectures.csv"))
    groups = snapshot_import_file(path=issuance(shared_dir, "20220101", "summary_by_types.csv"))
    assert IssuanceSnapshot.objects.count() == 1
    assert (prefectures.layout, prefectures.rows_imported) == ("prefecture", 47)
    assert (groups.layout, groups.rows_imported) == ("category", 5)
    tokyo = PrefectureFigure.objects.get(prefecture__name="東京都")
    assert tokyo.snapshot == prefectures.snapshot
    labels = list(GroupTotal.objects.values_list("label", flat=True))
    assert labels == ["全国", "特別区", "指定都市", "市（指定都市を除く）", "町村"]
    assert GroupTotal.objects.get(label="全国").issued == 51_871_720


def test_the_same_date_twice_is_refused_unless_replaced(registry, shared_dir):
    first = snapshot_import_file(path=issuance(shared_dir, "20220101"))
    before = table_counts()
    with pytest.raises(ImportRefused, match="取込済み"):
        snapshot_import_file(path=issuance(shared_dir, "20220101"))
    assert table_counts() == before
    again = snapshot_import_file(path=issuance(shared_dir, "20220101"), replace=True)
    assert again.replaced and again.snapshot.pk == first.snapshot.pk
    assert table_counts() == before


def test_total_rows_are_skipped_and_reported(registry, tmp_path):
    rows = [
        '"2022/01/01","北海道","札幌市",1961575,763069,38.9,"2021/01/01","2022/01/01",11002',
        '"2022/01/01","北海道","北海道計",1961575,763069,38.9,"2021/01/01","2022/01/01",""',
        '"2022/01/01","","合計",1961575,763069,38.9,"2021/01/01","2022/01/01",""',
        '"2022/01/01","全国","",1961575,763069,38.9,"2021/01/01","2022/01/01",""',
    ]
    report = snapshot_import_file(path=write(tmp_path / "f.csv", small_csv_text(rows)))
    assert report.rows_imported == 1
    assert report.skipped_total_rows == ["3行目: 北海道計", "4行目: 合計", "5行目: 全国"]


def test_a_municipality_missing_from_the_registry_is_registered_with_its_category(registry, tmp_path):
    Municipality.objects.filter(code="443221").delete()  # 姫島村, as if the registry predated it
    rows = ['"2022/01/01","大分県","東国東郡姫島村",1933,1501,77.7,"2021/01/01","2022/01/01",443221']
    report = snapshot_import_file(path=write(tmp_path / "f.csv", small_csv_text(rows)))
    [new] = report.registered
    assert (new.code, new.name, new.district, new.prefecture.name) == (
        "443221",
        "姫島村",
        "東国東郡",
        "大分県",
    )
    assert MunicipalityCategory.objects.get(municipality=new).category == Category.VILLAGE


def test_a_printed_rate_that_disagrees_is_a_warning(registry, tmp_path):
    rows = ['"2022/01/01","北海道","札幌市",1961575,763069,39.0,"2021/01/01","2022/01/01",11002']
    report = snapshot_import_file(path=write(tmp_path / "f.csv", small_csv_text(rows)))
    assert report.rows_imported == 1
    [warning] = [w for w in report.warnings if "交付率" in w.text]
    assert str(warning).startswith("f.csv 2行目「人口に対する交付枚数率」: 公表の交付率 39.0% が計算値 38.9%")


def test_issued_over_population_is_a_warning_with_allow(registry, tmp_path):
    rows = ['"2022/01/01","北海道","札幌市",100,150,150.0,"2021/01/01","2022/01/01",11002']
    report = snapshot_import_file(
        path=write(tmp_path / "f.csv", small_csv_text(rows)), allow_over_population=True
    )
    assert report.rows_imported == 1
    assert any("を超えています" in w.text for w in report.warnings)


def test_header_variants_and_an_applications_column_are_read(registry, tmp_path):
    header = "算出基準日,都道府県名,市区町村名,総数(人口),交付枚数,申請件数,人口に対する交付枚数率,人口算出基準日,交付枚数基準日,団体コード"
    rows = ['2022/01/01,北海道,札幌市,"1,961,575","763,069","900,000",38.9%,2021/01/01,2022/01/01,011002']
    report = snapshot_import_file(path=write(tmp_path / "f.csv", small_csv_text(rows, header), "utf-8"))
    figure = MunicipalityFigure.objects.get(snapshot=report.snapshot)
    assert (figure.population, figure.issued, figure.applications) == (1961575, 763069, 900000)


def test_a_file_without_dates_needs_as_of_and_population_base(registry, tmp_path):
    header = "都道府県名,市区町村名,人口,交付枚数"
    path = write(tmp_path / "f.csv", small_csv_text(["北海道,札幌市,1961575,763069"], header))
    with pytest.raises(ImportRefused, match="--as-of"):
        snapshot_import_file(path=path)
    with pytest.raises(ImportRefused, match="--population-base"):
        snapshot_import_file(path=path, as_of=dt.date(2022, 1, 1))
    report = snapshot_import_file(path=path, as_of=dt.date(2022, 1, 1), population_base=dt.date(2021, 1, 1))
    assert report.snapshot.population_base == dt.date(2021, 1, 1)


def test_as_of_that_contradicts_the_file_is_refused(registry, tmp_path):
    path = write(tmp_path / "f.csv", small_csv_text())
    with pytest.raises(ImportRefused, match="--as-of 2022/02/01 が異なります"):
        snapshot_import_file(path=path, as_of=dt.date(2022, 2, 1))
