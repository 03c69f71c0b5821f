"""A prefecture's page and a municipality's page."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from kofu.accounts.permissions import AccessRequest
from kofu.core.templatetags.kofu_format import jdate
from kofu.stats import cache, selectors
from kofu.stats.tables import TableRow
from kofu.stats.tables.source import cache_key
from kofu.stats.views.common import (
    Snapshot,
    downloads,
    municipality_url,
    prefecture_url,
    public_statistics,
    resolve_snapshot,
    series_downloads,
)
from kofu.stats.views.display import display_table
from kofu.stats.views.pages import series_alt


def _municipal_map(snapshot: Snapshot, code: str, rows: list[TableRow], label: str) -> object:
    from kofu.stats import geo, maps  # lazy: the boundaries load only when drawn

    as_of = snapshot.as_of
    return cache.remember(
        cache_key(snapshot.record, "municipal-map", code),
        lambda: maps.municipal_choropleth(
            geo.prefecture_view(code),
            {row.code[:5]: row for row in rows},
            label=label,
            href=lambda row: municipality_url(row.code, as_of),
        ),
    )


def _geo_credit() -> str:
    from kofu.stats import geo

    return geo.geo().credit


@public_statistics
def prefecture_detail(request: AccessRequest, code: str) -> HttpResponse:
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
    rate_label = snapshot.measure.short_rate
    choropleth = None
    if result.table is not None:
        choropleth = _municipal_map(
            snapshot,
            prefecture.code,
            result.table.rows,
            f"{prefecture.name}の市区町村別の{rate_label}の地図（{as_of:%Y-%m-%d}時点）",
        )
    series = selectors.prefecture_series(prefecture, list(snapshot.records))
    return render(
        request,
        "stats/prefecture.html",
        {
            "snapshot": snapshot,
            "record": snapshot.record,
            "measure": snapshot.measure,
            "prefecture": prefecture,
            "own": own,
            "own_change": own_change,
            "ranking": ranking,
            "national": ranking.table.national if ranking.table else None,
            "table": table,
            "below_count": sum(item.row.at_or_below_average for item in table.rows),
            "choropleth": choropleth,
            "geo_credit": _geo_credit(),
            "series": series,
            "chart": reverse("stats:chart-prefecture", args=[prefecture.code]),
            "chart_alt": series_alt(series, f"{prefecture.name}と全国の{rate_label}"),
            "series_downloads": series_downloads("prefecture", prefecture.code, prefecture.name),
        },
    )


@public_statistics
def municipality_detail(request: AccessRequest, code: str) -> HttpResponse:
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
    own = selectors.municipality_series(municipality)
    history = selectors.municipality_history(municipality, own)
    if history:
        first, last = history[0], history[-1]
        chart_alt = (
            f"{municipality.full_name}と全国平均の{snapshot.measure.short_rate}の推移を示す折れ線グラフ。"
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
            "record": snapshot.record,
            "measure": snapshot.measure,
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
            "source": in_prefecture.table.source if in_prefecture.table else "",
            "history": history,
            "sources": own.sources,
            "chart": reverse("stats:chart-municipality", args=[municipality.code]),
            "chart_alt": chart_alt,
            "series_downloads": series_downloads("municipality", municipality.code, municipality.full_name),
        },
    )
