"""Tables built from partial snapshots (published totals), marks, changes and XLSX layout."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kofu.registry.models import Municipality, Prefecture
from kofu.stats.models import GroupTotal, IssuanceSnapshot, MunicipalityFigure, PrefectureFigure
from kofu.stats.tables import TableError, build_table
from kofu.stats.tables.changes import compare
from kofu.stats.tables.output import write_xlsx

pytestmark = pytest.mark.django_db


def snapshot(as_of: dt.date, base: dt.date, *, complete: bool = False) -> IssuanceSnapshot:
    return IssuanceSnapshot.objects.create(as_of=as_of, population_base=base, complete=complete)


def figure(snap: IssuanceSnapshot, prefecture: str, name: str, population: int, issued: int) -> None:
    municipality = Municipality.objects.get(prefecture__name=prefecture, name=name)
    MunicipalityFigure.objects.create(
        snapshot=snap, municipality=municipality, population=population, issued=issued
    )


@pytest.fixture
def partial(registry):
    snap = snapshot(dt.date(2022, 10, 31), dt.date(2022, 1, 1))
    GroupTotal.objects.create(snapshot=snap, label="全国", population=125927902, issued=64384833)
    GroupTotal.objects.create(snapshot=snap, label="指定都市", population=27484780, issued=14570913)
    GroupTotal.objects.create(
        snapshot=snap, label="特別区・市（指定都市を除く）", population=87897927, issued=44671965
    )
    GroupTotal.objects.create(snapshot=snap, label="町村", population=10545195, issued=5141955)
    for code, population, issued in [
        ("45", 1078313, 705411),
        ("28", 5488605, 3057796),
        ("47", 1485670, 608790),
    ]:
        PrefectureFigure.objects.create(
            snapshot=snap, prefecture=Prefecture.objects.get(code=code), population=population, issued=issued
        )
    return snap


def test_partial_snapshot_uses_published_group_totals_with_printed_labels(partial):
    table = build_table("categories", as_of=dt.date(2022, 10, 31))
    assert [(r.name, str(r.rate)) for r in table.rows] == [
        ("全国", "51.1"),
        ("指定都市", "53.0"),
        ("特別区・市(指定都市を除く)", "50.8"),
        ("町村", "48.8"),
    ]


def test_partial_snapshot_refuses_a_grouping_it_has_no_totals_for(partial):
    with pytest.raises(TableError, match="特別区"):
        build_table("categories", as_of=dt.date(2022, 10, 31), grouping="wards-separate")


def test_published_prefectures_are_ranked_and_marked_below_the_national_average(partial):
    table = build_table("prefectures", as_of=dt.date(2022, 10, 31))
    assert [(r.rank, r.name, str(r.rate), r.at_or_below_average) for r in table.rows] == [
        (1, "宮崎県", "65.4", False),
        (2, "兵庫県", "55.7", False),
        (3, "沖縄県", "41.0", True),
    ]


def test_tables_needing_municipalities_say_so(partial):
    with pytest.raises(TableError, match="特別区"):
        build_table("special-wards", as_of=dt.date(2022, 10, 31))


def test_unknown_grouping_and_table_are_refused(partial):
    with pytest.raises(TableError, match="まとめ方"):
        build_table("categories", as_of=dt.date(2022, 10, 31), grouping="by-size")
    with pytest.raises(TableError, match="集計表"):
        build_table("towns", as_of=dt.date(2022, 10, 31))


def test_change_between_snapshots_gives_points_and_rank_moves(registry):
    earlier = snapshot(dt.date(2022, 1, 1), dt.date(2021, 1, 1))
    later = snapshot(dt.date(2022, 10, 31), dt.date(2022, 1, 1))
    figure(earlier, "東京都", "中央区", 1000, 500)
    figure(earlier, "東京都", "港区", 1000, 400)
    figure(later, "東京都", "中央区", 1000, 550)
    figure(later, "東京都", "港区", 1000, 600)
    changes = compare(
        build_table("special-wards", as_of=dt.date(2022, 10, 31)),
        build_table("special-wards", as_of=dt.date(2022, 1, 1)),
    )
    assert [(c.row.name, c.points, c.rank_move) for c in changes] == [
        ("港区", Decimal("20.0"), 1),
        ("中央区", Decimal("5.0"), -1),
    ]


def test_category_follows_the_date_a_city_became_a_core_city(registry):
    before = snapshot(dt.date(2021, 3, 1), dt.date(2020, 1, 1))
    after = snapshot(dt.date(2021, 5, 1), dt.date(2021, 1, 1))
    for snap in (before, after):
        figure(snap, "長野県", "長野市", 1000, 300)
        figure(snap, "長野県", "松本市", 1000, 400)
    assert [r.name for r in build_table("core-cities", as_of=before.as_of).rows] == ["長野市"]
    assert [r.name for r in build_table("core-cities", as_of=after.as_of).rows] == ["松本市", "長野市"]


def test_xlsx_is_laid_out_like_the_publication(partial, tmp_path):
    path = tmp_path / "prefectures.xlsx"
    write_xlsx(build_table("prefectures", as_of=dt.date(2022, 10, 31)), path)
    sheet = load_workbook(path).active
    assert "令和4年10月31日現在" in sheet["A1"].value
    assert "人口算出基準日: 2022-01-01" in sheet["A2"].value
    assert [c.value for c in sheet[4]] == [
        "順位",
        "団体名",
        "人口（令和4年1月1日時点）",
        "交付枚数",
        "人口に対する交付枚数率",
        "全国平均以下",
    ]
    assert [c.value for c in sheet[5]] == [1, "宮崎県", 1078313, 705411, pytest.approx(0.654), None]
    assert sheet["E5"].number_format == "0.0%"
    assert (sheet["B7"].value, sheet["F7"].value) == ("沖縄県", "※")
    assert sheet["A3"].value.startswith("出典: 総務省「マイナンバーカードの市区町村別交付枚数等について」")
