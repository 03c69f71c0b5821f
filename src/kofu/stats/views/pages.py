"""The statistics pages: national dashboard, a prefecture, a municipality."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from kofu.core.templatetags.kofu_format import jdate
from kofu.rules.categories import GROUPINGS
from kofu.stats import selectors
from kofu.stats.tables import TABLES, TableRow
from kofu.stats.tables.builder import resolve_grouping
from kofu.stats.views.common import (
    Snapshot,
    dated,
    downloads,
    municipality_url,
    prefecture_url,
    public_statistics,
    resolve_snapshot,
)
from kofu.stats.views.display import DisplayTable, display_table

MUNICIPALITY_TABLES = {"top10-cities", "top10-towns", "special-wards", "designated-cities", "core-cities"}


def _title(result: selectors.TableResult) -> str:
    return result.table.title if result.table is not None else TABLES[result.key].title


def _row_link(key: str, as_of: dt.date) -> Callable[[TableRow], str] | None:
    """Where a row of table ``key`` links to: its prefecture's or municipality's page."""
    if key == "prefectures":
        return lambda row: prefecture_url(row.code, as_of)
    if key in MUNICIPALITY_TABLES:
        return lambda row: municipality_url(row.code, as_of)
    return None


def _dashboard_table(request: HttpRequest, snapshot: Snapshot, result: selectors.TableResult) -> DisplayTable:
    title = _title(result)
    return display_table(
        result,
        request=request,
        title=title,
        row_href=_row_link(result.key, snapshot.as_of),
        downloads=downloads(result.key, snapshot.as_of, title, **result.options),
        sortable=result.key != "categories",
    )


def _ranking_alt(rows: list[TableRow], national: TableRow | None, as_of_text: str) -> str:
    first, last = rows[0], rows[-1]
    below = sum(row.below_average for row in rows)
    average = f"全国平均は{national.rate}%で、全国平均未満は{below}都道府県。" if national else ""
    return (
        f"都道府県別の交付率を高い順に並べた横棒グラフ（{as_of_text}時点）。"
        f"最も高いのは{first.name}の{first.rate}%、最も低いのは{last.name}の{last.rate}%。{average}"
        "数値は「都道府県別」の表にあります。"
    )


def _series_alt(series: list[selectors.SeriesPoint]) -> str:
    if not series:
        return "全国の交付率の推移（数値なし）"
    first, last = series[0], series[-1]
    return (
        f"全国の交付率の推移を示す折れ線グラフ。{jdate(first.as_of)}の{first.rate}%から"
        f"{jdate(last.as_of)}の{last.rate}%まで（{len(series)}時点）。数値は下の表にあります。"
    )


@public_statistics
def dashboard(request: HttpRequest) -> HttpResponse:
    from kofu.stats import charts, maps  # lazy: matplotlib/japanmap load only when drawn

    snapshot = resolve_snapshot(request)
    if isinstance(snapshot, HttpResponse):
        return snapshot
    as_of = snapshot.as_of
    results = selectors.dashboard_tables(
        as_of=as_of, compare_with=snapshot.compare_with, grouping=snapshot.grouping
    )
    tables = [_dashboard_table(request, snapshot, result) for result in results]
    national = next((r.table.national for r in results if r.table is not None and r.table.national), None)
    prefectures = next(r for r in results if r.key == "prefectures")
    choropleth = ranking_alt = None
    if prefectures.table is not None:
        choropleth = maps.prefecture_choropleth(
            prefectures.table.rows,
            label=f"都道府県別の交付率の地図（{as_of:%Y-%m-%d}時点）",
            href=lambda row: prefecture_url(row.code, as_of),
        )
        ranking_alt = _ranking_alt(prefectures.table.rows, national, jdate(as_of))
    series = selectors.national_series()
    current_grouping = resolve_grouping(snapshot.grouping or None, as_of).name
    groupings = [
        {"key": key, "title": grouping.title, "current": key == current_grouping}
        for key, grouping in GROUPINGS.items()
    ]
    return render(
        request,
        "stats/dashboard.html",
        {
            "snapshot": snapshot,
            "record": selectors.snapshot_on(as_of),
            "national": national,
            "tables": tables,
            "groupings": groupings,
            "choropleth": choropleth,
            "ranking_chart": dated(reverse("stats:chart-prefectures"), as_of),
            "ranking_alt": ranking_alt,
            "ranking_size": charts.ranking_size(len(prefectures.table.rows) if prefectures.table else 47),
            "series": series,
            "series_chart": reverse("stats:chart-national"),
            "series_alt": _series_alt(series),
        },
    )


@public_statistics
def prefecture_detail(request: HttpRequest, code: str) -> HttpResponse:
    prefecture = selectors.prefecture_by_code(code)
    if prefecture is None:
        raise Http404("該当する都道府県はありません")
    snapshot = resolve_snapshot(request)
    if isinstance(snapshot, HttpResponse):
        return snapshot
    as_of = snapshot.as_of
    ranking = selectors.table_result("prefectures", as_of=as_of, compare_with=snapshot.compare_with)
    own = selectors.find_row(ranking.table, prefecture.code)
    own_change = None
    if own is not None and ranking.changes is not None:
        own_change = next((c for c in ranking.changes if c.row is own), None)
    result = selectors.table_result(
        "municipalities", as_of=as_of, compare_with=snapshot.compare_with, prefecture=prefecture.name
    )
    title = f"{prefecture.name}の市区町村別"
    table = display_table(
        result,
        request=request,
        title=title,
        row_href=lambda row: municipality_url(row.code, as_of),
        downloads=downloads("municipalities", as_of, title, prefecture=prefecture.code),
    )
    return render(
        request,
        "stats/prefecture.html",
        {
            "snapshot": snapshot,
            "record": selectors.snapshot_on(as_of),
            "prefecture": prefecture,
            "own": own,
            "own_change": own_change,
            "ranking": ranking,
            "national": ranking.table.national if ranking.table else None,
            "table": table,
            "below_count": sum(item.row.below_average for item in table.rows),
        },
    )


@public_statistics
def municipality_detail(request: HttpRequest, code: str) -> HttpResponse:
    municipality = selectors.municipality_by_code(code)
    if municipality is None:
        raise Http404("該当する市区町村はありません")
    snapshot = resolve_snapshot(request)
    if isinstance(snapshot, HttpResponse):
        return snapshot
    as_of = snapshot.as_of
    prefecture = municipality.prefecture
    in_prefecture = selectors.table_result("municipalities", as_of=as_of, prefecture=prefecture.name)
    nationwide = selectors.table_result("municipalities", as_of=as_of)
    history = selectors.municipality_history(municipality)
    if history:
        first, last = history[0], history[-1]
        chart_alt = (
            f"{municipality.full_name}と全国平均の交付率の推移を示す折れ線グラフ。"
            f"{municipality.name}は{jdate(first.as_of)}の{first.rate}%から"
            f"{jdate(last.as_of)}の{last.rate}%まで（{len(history)}時点）。数値は下の表にあります。"
        )
    else:
        chart_alt = ""
    return render(
        request,
        "stats/municipality.html",
        {
            "snapshot": snapshot,
            "record": selectors.snapshot_on(as_of),
            "municipality": municipality,
            "prefecture": prefecture,
            "prefecture_href": prefecture_url(prefecture.code, as_of),
            "category": selectors.category_on(municipality, as_of),
            "categories": selectors.category_history(municipality),
            "prefecture_row": selectors.find_row(in_prefecture.table, municipality.code),
            "prefecture_count": len(in_prefecture.table.rows) if in_prefecture.table else 0,
            "national_row": selectors.find_row(nationwide.table, municipality.code),
            "national_count": len(nationwide.table.rows) if nationwide.table else 0,
            "national": nationwide.table.national if nationwide.table else None,
            "table_error": in_prefecture.error,
            "history": history,
            "chart": reverse("stats:chart-municipality", args=[municipality.code]),
            "chart_alt": chart_alt,
        },
    )
