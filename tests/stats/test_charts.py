"""Charts (matplotlib, PNG) and the prefecture map (japanmap, SVG) from plain rows: no database."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import warnings
from decimal import Decimal

import matplotlib
import pytest
from japanmap import pref_names

from kofu.stats import charts, maps
from kofu.stats.tables import TableRow

PNG = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG)
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def prefecture_rows() -> list[TableRow]:
    """47 prefectures with rates 30.0 … 53.0; below average (41.0) from 福井県 on."""
    rows = []
    for index, name in enumerate(pref_names[1:], start=1):
        rate = Decimal(530 - (index - 1) * 5).scaleb(-1)
        population = 1_000_000
        issued = int(rate * 10_000)
        rows.append(
            TableRow(
                rank=index,
                name=name,
                population=population,
                issued=issued,
                rate=rate,
                at_or_below_average=rate <= Decimal("41.0"),
                code=f"{index:02d}",
                prefecture=name,
            )
        )
    return rows


def test_charts_use_the_agg_backend_and_a_bundled_japanese_font():
    assert matplotlib.get_backend().lower() == "agg"
    assert charts.FONT.get_name() == "IPAexGothic"


def test_prefecture_ranking_is_a_png_of_the_announced_size_without_missing_glyphs():
    rows = prefecture_rows()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)" for tofu
        data = charts.prefecture_ranking(
            rows, national_rate=Decimal("41.0"), title="都道府県別の交付率（2022年1月1日時点）"
        )
    assert png_size(data) == charts.ranking_size(47)


def test_time_series_draws_a_municipality_against_the_national_average():
    own = [
        charts.Point(dt.date(2021, 12, 1), Decimal("73.0")),
        charts.Point(dt.date(2022, 1, 1), Decimal("75.1")),
    ]
    national = [
        charts.Point(dt.date(2021, 12, 1), Decimal("39.9")),
        charts.Point(dt.date(2022, 1, 1), Decimal("41.0")),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = charts.time_series(
            [("都城市", own), ("全国平均", national)], title="宮崎県都城市の交付率の推移"
        )
    assert png_size(data) == (800, 420)


def test_time_series_without_points_still_renders_and_says_so():
    assert charts.time_series([("全国", [])], title="全国の交付率の推移").startswith(PNG)


def test_charts_write_nothing_to_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    charts.time_series([("全国", [charts.Point(dt.date(2022, 1, 1), Decimal("41.0"))])], title="全国")
    assert list(tmp_path.iterdir()) == []


# --- Map ------------------------------------------------------------------------------------------


def choropleth(rows: list[TableRow]) -> maps.Choropleth:
    return maps.prefecture_choropleth(
        rows, label="都道府県別の交付率の地図", href=lambda row: f"/p/{row.code}/"
    )


def test_map_has_one_link_with_a_title_per_prefecture():
    svg = str(choropleth(prefecture_rows()).svg)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<a ") == 47 and svg.count("<path ") == 47
    assert (
        '<a href="/p/45/" aria-label="宮崎県 31.0%（45位）、全国平均以下"><title>宮崎県 31.0%（45位）、全国平均以下</title>'
        in svg
    )
    assert "<title>北海道 53.0%（1位）</title>" in svg
    assert 'aria-label="都道府県別の交付率の地図"' in svg


def test_map_colours_follow_the_legend_classes():
    result = choropleth(prefecture_rows())
    assert [item.label for item in result.legend] == [
        "30%以上35%未満",
        "35%以上40%未満",
        "40%以上45%未満",
        "45%以上50%未満",
        "50%以上55%未満",
    ]
    svg = str(result.svg)
    fills = re.findall(r'<title>([^<]+)</title><path d="[^"]+" fill="(#[0-9a-f]{6})"', svg)
    by_name = {title.split()[0]: fill for title, fill in fills}
    assert by_name["北海道"] == maps.PALETTE[-1]  # 53.0
    assert by_name["沖縄県"] == maps.PALETTE[0]  # 30.0
    assert by_name["東京都"] == maps.PALETTE[3]  # 47.0


def test_prefectures_without_figures_are_grey_and_not_links():
    rows = [row for row in prefecture_rows() if row.name != "東京都"]
    svg = str(choropleth(rows).svg)
    assert svg.count("<a ") == 46
    assert f'fill="{maps.NO_DATA}"><title>東京都: 数値なし</title>' in svg


@pytest.mark.parametrize("rates", [["41.0"], ["41.0", "41.0"], ["12.3", "99.9"]])
def test_legend_classes_cover_every_rate(rates):
    classes = maps._classes([Decimal(r) for r in rates])
    assert classes[0][0] <= min(Decimal(r) for r in rates)
    assert classes[-1][1] > max(Decimal(r) for r in rates)


def test_map_is_valid_xml():
    from xml.dom import minidom

    minidom.parse(io.StringIO(str(choropleth(prefecture_rows()).svg)))


def test_municipal_map_classes_hold_about_a_fifth_each():
    from kofu.stats.maps import _quantile_classes

    rates = [Decimal(30 + i % 50) + Decimal("0.5") for i in range(1000)]
    classes = _quantile_classes(rates)
    assert len(classes) == 5 and classes[0][0] == 30 and classes[-1][1] == 80
    counts = [sum(1 for r in rates if low <= r < high) for low, high in classes]
    assert sum(counts) == 1000 and all(150 <= c <= 250 for c in counts)
    # Breaks that would coincide fall back to equal intervals.
    assert len(_quantile_classes([Decimal("40.1")] * 10 + [Decimal("60.0")])) == 5


def test_the_phone_charts_are_380_css_px_at_twice_the_density():
    ranking = charts.prefecture_ranking(
        prefecture_rows(), national_rate=Decimal("41.0"), title="都道府県別の交付率", narrow=True
    )
    width, height = charts.ranking_size(47, narrow=True)
    assert width == 380 and png_size(ranking) == (width * 2, height * 2)
    series = charts.time_series(
        [("全国", [charts.Point(dt.date(2022, 1, 1), Decimal("41.0"))])], title="交付率の推移", narrow=True
    )
    assert png_size(series) == (760, 920)
    assert png_size(charts.time_series([("全国", [])], title="交付率の推移")) == (800, 420)


def test_phone_titles_wrap_without_a_line_starting_with_a_comma():
    title = "宮崎県の人口に対する交付枚数率・保有枚数率の推移（2022年1月1日～2025年3月1日、人口は2022年1月1日時点）"
    lines = charts.wrapped(title).split("\n")
    assert "".join(lines) == title and len(lines) == 3
    assert all(len(line) <= charts.NARROW_TITLE + 1 for line in lines)
    assert not any(line.startswith(("、", "）")) for line in lines)
    assert charts.wrapped("交付率の推移") == "交付率の推移"
