"""Downloads (CSV, XLSX) and chart images."""

from __future__ import annotations

import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kofu.core.templatetags.kofu_format import jdate
from kofu.stats import selectors
from kofu.stats.tables import TableError
from kofu.stats.tables.output import csv_text, workbook
from kofu.stats.views.common import public_statistics, resolve_snapshot

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Lets Excel open the UTF-8 CSV without garbling; the rows are `kofu stats table`'s, byte for byte.
BOM = "\ufeff"


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(
        request,
        "stats/snapshot_error.html",
        {"title": "表を作成できません", "message": message, "dates": selectors.snapshot_dates()},
        status=status,
    )


@public_statistics
def table_download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    if key not in selectors.DOWNLOADABLE_TABLES:
        raise Http404("該当する集計表はありません")
    snapshot = resolve_snapshot(request)
    if isinstance(snapshot, HttpResponse):
        return snapshot
    prefecture = None
    if request.GET.get("prefecture"):
        prefecture = selectors.prefecture_by_code(request.GET["prefecture"])
        if prefecture is None:
            raise Http404("該当する都道府県はありません")
    try:
        table = selectors.download_table(
            key, as_of=snapshot.as_of, prefecture=prefecture, grouping=snapshot.grouping
        )
    except TableError as exc:
        return _error(request, str(exc), 404)
    stem = f"kofu-{key}{'-' + prefecture.code if prefecture else ''}-{snapshot.as_of:%Y%m%d}"
    if fmt == "csv":
        response = HttpResponse(BOM + csv_text(table), content_type="text/csv; charset=utf-8")
    else:
        buffer = io.BytesIO()
        workbook(table).save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _png(data: bytes) -> HttpResponse:
    return HttpResponse(data, content_type="image/png")


@public_statistics
def prefecture_chart(request: HttpRequest) -> HttpResponse:
    from kofu.stats import charts  # lazy: matplotlib/japanmap load only when drawn

    snapshot = resolve_snapshot(request)
    if isinstance(snapshot, HttpResponse):
        return snapshot
    result = selectors.table_result("prefectures", as_of=snapshot.as_of)
    if result.table is None:
        return _error(request, result.error, 404)
    title = f"都道府県別の交付率（{jdate(snapshot.as_of)}時点）"
    national = result.table.national.rate if result.table.national else None
    return _png(charts.prefecture_ranking(result.table.rows, national_rate=national, title=title))


@public_statistics
def national_chart(request: HttpRequest) -> HttpResponse:
    from kofu.stats import charts  # lazy: matplotlib/japanmap load only when drawn

    series = [charts.Point(point.as_of, point.rate) for point in selectors.national_series()]
    return _png(charts.time_series([("全国", series)], title="全国の交付率の推移"))


@public_statistics
def municipality_chart(request: HttpRequest, code: str) -> HttpResponse:
    from kofu.stats import charts  # lazy: matplotlib/japanmap load only when drawn

    municipality = selectors.municipality_by_code(code)
    if municipality is None:
        raise Http404("該当する市区町村はありません")
    history = selectors.municipality_history(municipality)
    own = [charts.Point(point.as_of, point.rate) for point in history]
    national = [charts.Point(p.as_of, p.national_rate) for p in history if p.national_rate is not None]
    return _png(
        charts.time_series(
            [(municipality.name, own), ("全国平均", national)],
            title=f"{municipality.full_name}の交付率の推移",
        )
    )
