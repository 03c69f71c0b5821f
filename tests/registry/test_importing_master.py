"""Importing the municipality master: ministry code list, citycode.csv and localgovjp (with wards)."""

import datetime as dt

import openpyxl
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kofu.core.tabular import ImportRefused
from kofu.registry.importing.master import registry_import_master
from kofu.registry.importing.population import registry_import_population
from kofu.registry.models import Municipality, MunicipalityCategory, Prefecture
from kofu.registry.selectors import categories_on, municipalities_on
from kofu.rules.categories import Category
from tests.stats.test_importing_support import table_counts, write

MINISTRY_HEADINGS = [
    "団体コード",
    "都道府県名（漢字）",
    "市区町村名（漢字）",
    "都道府県名（カナ）",
    "市区町村名（カナ）",
]


def refused(path) -> list[str]:
    before = table_counts()
    with pytest.raises(ImportRefused) as caught:
        registry_import_master(path=path)
    assert table_counts() == before
    return [str(m) for m in caught.value.messages]


def test_localgovjp_builds_the_registry_with_its_175_wards_from_nothing(registry, shared_dir):
    MunicipalityCategory.objects.all().delete()
    Municipality.objects.all().delete()
    Prefecture.objects.all().delete()
    report = registry_import_master(path=shared_dir / "data" / "localgov" / "localgovjp_20211101.csv")
    assert (report.prefectures_created, len(report.created), report.wards_created) == (47, 1916, 175)
    assert municipalities_on(dt.date(2022, 1, 1)).count() == 1741
    chuo = Municipality.objects.get(code="011011")
    assert (chuo.name, chuo.kind, chuo.parent.code, chuo.kana) == (
        "札幌市中央区",
        "ward",
        "011002",
        "サッポロシチュウオウク",
    )
    assert Prefecture.objects.get(code="13").lgcode == "130001"
    counts = {c: list(categories_on(dt.date(2022, 1, 1)).values()).count(c) for c in Category}
    assert counts[Category.DESIGNATED_CITY] == 20 and counts[Category.SPECIAL_WARD] == 23
    assert MunicipalityCategory.objects.filter(municipality__kind="ward").count() == 0


def test_localgovjp_on_the_reference_registry_adds_the_wards_and_is_idempotent(registry, shared_dir):
    path = shared_dir / "data" / "localgov" / "localgovjp_20211101.csv"
    first = registry_import_master(path=path)
    assert (len(first.created), first.wards_created) == (175, 175)
    assert Municipality.objects.get(code="141500").wards.count() == 3  # 相模原市
    assert (
        Municipality.objects.filter(
            prefecture__name="神奈川県", name__in=["横浜市南区", "相模原市南区"]
        ).count()
        == 2
    )
    again = registry_import_master(path=path)
    assert (again.created, again.updated, again.categories_changed) == ([], [], 0)


def test_citycode_csv_records_the_districts(registry, shared_dir):
    report = registry_import_master(path=shared_dir / "data" / "citycode.csv")
    assert report.created == []
    assert Municipality.objects.get(code="443221").district == "東国東郡"


def test_categories_with_their_dates_close_the_open_period(registry, tmp_path):
    text = "団体コード,都道府県名,市区町村名,区分,適用開始日\n122084,千葉県,松戸市,中核市,2025-04-01\n"
    report = registry_import_master(path=write(tmp_path / "core.csv", text))
    assert report.categories_changed == 1
    matsudo = Municipality.objects.get(code="122084")
    assert categories_on(dt.date(2025, 3, 31))[matsudo.pk] == Category.OTHER_CITY
    assert categories_on(dt.date(2025, 4, 1))[matsudo.pk] == Category.CORE_CITY
    again = registry_import_master(path=write(tmp_path / "core.csv", text))
    assert again.categories_changed == 0


def test_the_municipality_types_file_agrees_with_the_reference_categories(registry, shared_dir):
    report = registry_import_master(path=shared_dir / "data" / "localgov" / "municipality_types_20220101.csv")
    assert report.categories_changed == 0 and report.created == []


def test_a_category_change_without_a_date_is_refused(registry, tmp_path):
    text = "団体コード,都道府県名,市区町村名,区分\n122084,千葉県,松戸市,中核市\n"
    assert refused(write(tmp_path / "m.csv", text)) == [
        "m.csv 2行目「区分」: 区分が台帳（その他の市、記録開始から）と異なります。変更日を「適用開始日」の列に書いてください"
    ]


def test_an_unknown_category_word_is_refused(registry, tmp_path):
    text = "団体コード,都道府県名,市区町村名,区分\n122084,千葉県,松戸市,大都市\n"
    assert refused(write(tmp_path / "m.csv", text)) == [
        "m.csv 2行目「区分」: 区分が読めません: '大都市'（指定都市・特別区・中核市・市・町・村）"
    ]


def test_a_category_date_before_the_current_period_is_refused(registry, tmp_path):
    text = "団体コード,都道府県名,市区町村名,区分,適用開始日\n202029,長野県,松本市,市,2020-04-01\n"
    assert "開始日以前です" in refused(write(tmp_path / "m.csv", text))[0]


def test_the_ministry_code_list_in_xlsx_with_prefecture_rows(registry, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(MINISTRY_HEADINGS)
    sheet.append(["010006", "北海道", None, "ﾎｯｶｲﾄﾞｳ", None])
    sheet.append(["011002", "北海道", "札幌市", "ﾎｯｶｲﾄﾞｳ", "ｻｯﾎﾟﾛｼ"])
    sheet.append([13999, "東京都", "新島嶼村", "ﾄｳｷｮｳﾄ", "ｼﾝﾄｳｼｮﾑﾗ"])  # a code body: check digit appended
    workbook.save(tmp_path / "list.xlsx")
    report = registry_import_master(path=tmp_path / "list.xlsx")
    [code] = report.created
    new = Municipality.objects.get(code=code)
    assert (code, new.name, new.kana) == ("139998", "新島嶼村", "シントウショムラ")
    assert MunicipalityCategory.objects.get(municipality=new).category == Category.VILLAGE


def test_a_shift_jis_list_is_read(registry, tmp_path):
    text = "団体コード,都道府県名,郡名,市区町村名\n443221,大分県,東国東郡,姫島村\n"
    report = registry_import_master(path=write(tmp_path / "sjis.csv", text, encoding="cp932"))
    assert report.file_kind == "CSV (Shift_JIS)"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("011003,北海道,札幌市", "m.csv 2行目「団体コード」: 団体コードの検査数字が一致しません: 011003"),
        (
            "011002,青森県,札幌市",
            "m.csv 2行目「都道府県名」: 団体コード 011002 は 北海道 の団体ですが、都道府県名は 青森県 です",
        ),
        ("011002,北海道,", "m.csv 2行目「市区町村名」: 市区町村名が空欄です"),
        ("019992,北海道,幻区", "m.csv 2行目「市区町村名」: 団体区分を名称から判定できません: 北海道幻区"),
        (
            "019992,北海道,幻市 中央区",
            "m.csv 2行目「市区町村名」: 区の属する指定都市 幻市 が一覧にも台帳にもありません",
        ),
        ("011002,北海道", "m.csv 2行目: 列が足りません（見出しは3列、この行は2列）"),
    ],
    ids=["check-digit", "prefecture", "blank-name", "no-category", "ward-without-city", "truncated"],
)
def test_bad_rows_are_refused_naming_row_and_column(registry, tmp_path, row, expected):
    messages = refused(write(tmp_path / "m.csv", f"団体コード,都道府県名,市区町村名\n{row}\n"))
    assert messages[0].startswith(expected), messages


def test_a_duplicate_code_is_refused(registry, tmp_path):
    text = "団体コード,都道府県名,市区町村名\n011002,北海道,札幌市\n11002,北海道,札幌市\n"
    assert refused(write(tmp_path / "m.csv", text)) == [
        "m.csv 3行目「団体コード」: 同じ団体コードが2回あります（2行目と同じ 011002）"
    ]


def test_a_file_of_the_wrong_kind_is_refused(registry, shared_dir):
    messages = refused(shared_dir / "data" / "issuance" / "20220101" / "summary_by_types.csv")
    assert messages[0].startswith("summary_by_types.csv: 見出し行が見つかりません")


MASTER_TEXT = "団体コード,都道府県名,郡名,市区町村名,区分,適用開始日\n011002,北海道,,札幌市,指定都市,\n443221,大分県,東国東郡,姫島村,村,\n".encode()
POPULATION_TEXT = '団体コード,名称,人口\n011002,札幌市,"1,961,575"\n443221,姫島村,1933\n'.encode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    which=st.sampled_from(["master", "population"]),
    position=st.integers(min_value=0, max_value=len(POPULATION_TEXT)),
    replacement=st.binary(max_size=4),
    removed=st.integers(min_value=0, max_value=6),
)
def test_damaged_master_and_population_files_raise_only_import_refused(
    registry, tmp_path, which, position, replacement, removed
):
    text = MASTER_TEXT if which == "master" else POPULATION_TEXT
    (tmp_path / "m.csv").write_bytes(text[:position] + replacement + text[position + removed :])
    with transaction.atomic():
        before = table_counts()
        try:
            if which == "master":
                registry_import_master(path=tmp_path / "m.csv")
            else:
                registry_import_population(path=tmp_path / "m.csv", base_date=dt.date(2021, 1, 1))
        except ImportRefused:
            assert table_counts() == before
        transaction.set_rollback(True)
