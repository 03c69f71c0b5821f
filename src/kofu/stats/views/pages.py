"""The national dashboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from kofu.accounts.permissions import AccessRequest
from kofu.core.templatetags.kofu_format import jdate
from kofu.rules.categories import GROUPINGS
from kofu.stats import cache, selectors
from kofu.stats.series.selectors import Series
from kofu.stats.tables import TABLES, TableRow
from kofu.stats.tables.builder import resolve_grouping
from kofu.stats.tables.source import cache_key, source_text
from kofu.stats.views.common import (
    Snapshot,
    dated,
    downloads,
    municipality_url,
    prefecture_url,
    public_statistics,
    resolve_snapshot,
    series_downloads,
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


def ranking_alt(rows: list[TableRow], national: TableRow | None, as_of_text: str, rate_label: str) -> str:
    first, last = rows[0], rows[-1]
    below = sum(row.at_or_below_average for row in rows)
    average = f"全国平均は{national.rate}%で、全国平均以下は{below}都道府県。" if national else ""
    return (
        f"都道府県別の{rate_label}を高い順に並べた横棒グラフ（{as_of_text}時点）。"
        f"最も高いのは{first.name}の{first.rate}%、最も低いのは{last.name}の{last.rate}%。{average}"
        "数値は「都道府県別」の表にあります。"
    )


def series_alt(series: Series, what: str) -> str:
    points = series.points
    if not points:
        return f"{what}の推移（数値なし）"
    first, last = points[0], points[-1]
    breaks = (
        "途中で交付枚数から保有枚数に変わり、線はつながっていません。" if len(series.measures) > 1 else ""
    )
    return (
        f"{what}の推移を示す折れ線グラフ。{jdate(first.as_of)}の{first.rate}%から"
        f"{jdate(last.as_of)}の{last.rate}%まで（{len(points)}時点）。{breaks}数値は下の表にあります。"
    )


def _prefecture_map(snapshot: Snapshot, result: selectors.TableResult) -> object:
    from kofu.stats import maps  # lazy: japanmap loads only when drawn

    table = result.table
    if table is None:
        return None
    as_of = snapshot.as_of
    return cache.remember(
        cache_key(snapshot.record, "prefecture-map"),
        lambda: maps.prefecture_choropleth(
            table.rows,
            label=f"都道府県別の{snapshot.measure.short_rate}の地図（{as_of:%Y-%m-%d}時点）",
            href=lambda row: prefecture_url(row.code, as_of),
        ),
    )


def _content(request: HttpRequest, snapshot: Snapshot) -> str:
    """The dashboard below its heading: every table, map and chart of the snapshot."""
    from kofu.stats import charts  # lazy: matplotlib loads only when drawn

    as_of = snapshot.as_of
    results = selectors.dashboard_tables(
        as_of=as_of, compare_with=snapshot.compare_with, grouping=snapshot.grouping, records=snapshot.records
    )
    tables = [_dashboard_table(request, snapshot, result) for result in results]
    national = next((r.table.national for r in results if r.table is not None and r.table.national), None)
    prefectures = next(r for r in results if r.key == "prefectures")
    series = selectors.national_series(list(snapshot.records))
    current_grouping = resolve_grouping(snapshot.grouping or None, as_of).name
    groupings = [
        {"key": key, "title": grouping.title, "current": key == current_grouping}
        for key, grouping in GROUPINGS.items()
    ]
    rate_label = snapshot.measure.short_rate
    context = {
        "snapshot": snapshot,
        "record": snapshot.record,
        "measure": snapshot.measure,
        "source": source_text(snapshot.record),
        "national": national,
        "applications": selectors.national_applications(snapshot.record, national),
        "target": selectors.national_target(national),
        "tables": tables,
        "groupings": groupings,
        "choropleth": _prefecture_map(snapshot, prefectures),
        "ranking_chart": dated(reverse("stats:chart-prefectures"), as_of),
        "ranking_alt": ranking_alt(prefectures.table.rows, national, jdate(as_of), rate_label)
        if prefectures.table
        else None,
        "ranking_size": charts.ranking_size(len(prefectures.table.rows) if prefectures.table else 47),
        "ranking_phone_size": charts.ranking_size(
            len(prefectures.table.rows) if prefectures.table else 47, narrow=True
        ),
        "series": series,
        "series_chart": reverse("stats:chart-national"),
        "series_alt": series_alt(series, f"全国の{rate_label}"),
        "series_downloads": series_downloads("national", "", "全国"),
    }
    return render_to_string("stats/_dashboard_content.html", context, request=request)


@public_statistics
def dashboard(request: AccessRequest) -> HttpResponse:
    """The national dashboard; its content is rendered once per set of snapshots and query."""
    snapshot = resolve_snapshot(request)
    if isinstance(snapshot, HttpResponse):
        return snapshot
    query = tuple(sorted((name, tuple(values)) for name, values in request.GET.lists()))
    content = cache.PAGES.remember(
        ("dashboard", cache.version(snapshot.records), query), lambda: _content(request, snapshot)
    )
    return render(
        request,
        "stats/dashboard.html",
        {"snapshot": snapshot, "record": snapshot.record, "content": content},
    )
