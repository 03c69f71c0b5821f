"""The download page, its JSON feed, and the map of every municipality."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from kofu.accounts.permissions import AccessRequest
from kofu.stats import cache, catalogue, selectors
from kofu.stats.tables.source import cache_key
from kofu.stats.views.common import municipality_url, public_statistics, resolve_snapshot


@public_statistics
def downloads_page(request: AccessRequest) -> HttpResponse:
    records = selectors.snapshots()
    return render(
        request,
        "stats/downloads.html",
        {"months": catalogue.months(records), "series_files": catalogue.series_files()},
    )


@public_statistics
def downloads_feed(request: AccessRequest) -> HttpResponse:
    data = catalogue.feed(selectors.snapshots(), request.build_absolute_uri)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


@public_statistics
def municipal_map(request: AccessRequest) -> HttpResponse:
    """Every municipality coloured by rate (designated cities whole), for the chosen snapshot."""
    from kofu.stats import geo, maps  # lazy: the boundaries load only when drawn

    snapshot = resolve_snapshot(request)
    if isinstance(snapshot, HttpResponse):
        return snapshot
    as_of = snapshot.as_of
    result = selectors.table_result("municipalities", as_of=as_of)
    choropleth = None
    if result.table is not None:
        rows = {row.code[:5]: row for row in result.table.rows}
        choropleth = cache.remember(
            cache_key(snapshot.record, "national-municipal-map"),
            lambda: maps.municipal_choropleth(
                geo.national_view(),
                rows,
                label=f"市区町村別の{snapshot.measure.short_rate}の地図（全国、{as_of:%Y-%m-%d}時点）",
                href=lambda row: municipality_url(row.code, as_of),
            ),
        )
    return render(
        request,
        "stats/municipal_map.html",
        {
            "snapshot": snapshot,
            "record": snapshot.record,
            "measure": snapshot.measure,
            "result": result,
            "choropleth": choropleth,
            "credit": geo.geo().credit,
            "complete_dates": [r.as_of for r in snapshot.records if r.complete],
        },
    )
