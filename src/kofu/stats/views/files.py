"""Downloads (tables and series as CSV, XLSX) and chart images.

A chart is drawn once per snapshot version (or set of snapshots for a series) and process, then
served from :mod:`kofu.stats.cache`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kofu.accounts.permissions import AccessRequest
from kofu.core.templatetags.kofu_format import jdate
from kofu.registry.models import Municipality
from kofu.rules.measures import labels
from kofu.stats import cache, selectors
from kofu.stats.models import IssuanceSnapshot
from kofu.stats.series import output as series_output
from kofu.stats.series.selectors import Series
from kofu.stats.tables import TableError
from kofu.stats.tables.output import csv_text, workbook
from kofu.stats.tables.source import cache_key
from kofu.stats.views.common import public_statistics, resolve_snapshot

if TYPE_CHECKING:  # the charts load matplotlib: imported where a chart is drawn
    from kofu.stats.charts import Point

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


def file_response(
    stem: str, fmt: str, text: Callable[[], str], book: Callable[[io.BytesIO], None]
) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(BOM + text(), content_type="text/csv; charset=utf-8")
    else:
        buffer = io.BytesIO()
        book(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@public_statistics
def table_download(request: AccessRequest, key: str, fmt: str) -> HttpResponse:
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
    return file_response(stem, fmt, lambda: csv_text(table), lambda out: workbook(table).save(out))


def _series_file(series: Series, stem: str, fmt: str) -> HttpResponse:
    return file_response(
        stem, fmt, lambda: series_output.csv_text(series), lambda out: series_output.write_xlsx(series, out)
    )


@public_statistics
def series_national(request: AccessRequest, fmt: str) -> HttpResponse:
    return _series_file(selectors.national_series(), "kofu-series-national", fmt)


@public_statistics
def series_prefecture(request: AccessRequest, code: str, fmt: str) -> HttpResponse:
    prefecture = selectors.prefecture_by_code(code)
    if prefecture is None:
        raise Http404("該当する都道府県はありません")
    return _series_file(selectors.prefecture_series(prefecture), f"kofu-series-{prefecture.code}", fmt)


@public_statistics
def series_municipality(request: AccessRequest, code: str, fmt: str) -> HttpResponse:
    municipality = selectors.municipality_by_code(code)
    if municipality is None:
        raise Http404("該当する市区町村はありません")
    return _series_file(selectors.municipality_series(municipality), f"kofu-series-{municipality.code}", fmt)


def _png(data: bytes) -> HttpResponse:
    return HttpResponse(data, content_type="image/png")


def _narrow(request: HttpRequest) -> bool:
    """``?size=phone``: the chart drawn for phones (kofu.stats.charts, ADR 0031)."""
    return request.GET.get("size") == "phone"


def _rate_label(series: Series) -> str:
    return "・".join(labels(m).short_rate for m in series.measures) or "交付率"


def _dates(series: Series) -> str:
    if not series.points:
        return ""
    first, last = series.points[0], series.points[-1]
    bases = sorted({p.population_base for p in series.points})
    base = jdate(bases[0]) if len(bases) == 1 else f"{jdate(bases[0])}～{jdate(bases[-1])}"
    return f"（{jdate(first.as_of)}～{jdate(last.as_of)}、人口は{base}時点）"


@public_statistics
def prefecture_chart(request: AccessRequest) -> HttpResponse:
    from kofu.stats import charts  # lazy: matplotlib loads only when drawn

    snapshot = resolve_snapshot(request)
    if isinstance(snapshot, HttpResponse):
        return snapshot
    result = selectors.table_result("prefectures", as_of=snapshot.as_of)
    table = result.table
    if table is None:
        return _error(request, result.error, 404)
    names = labels(table.measure)
    title = f"都道府県別の{names.short_rate}（{jdate(table.as_of)}時点、人口は{jdate(table.population_base)}時点）"
    national = table.national.rate if table.national else None
    narrow = _narrow(request)
    return _png(
        cache.remember(
            cache_key(snapshot.record, "prefecture-chart-phone" if narrow else "prefecture-chart"),
            lambda: charts.prefecture_ranking(
                table.rows,
                national_rate=national,
                title=title,
                rate_label=names.rate,
                source=table.source,
                narrow=narrow,
            ),
        )
    )


def _points(series: Series) -> list[Point]:
    from kofu.stats import charts

    return [charts.Point(point.as_of, point.rate, point.measure) for point in series.points]


@public_statistics
def national_chart(request: AccessRequest) -> HttpResponse:
    from kofu.stats import charts  # lazy: matplotlib loads only when drawn

    records = selectors.snapshots()
    series = selectors.national_series(records)
    goal = selectors.NATIONAL_TARGET
    target = charts.TargetLine(goal.deadline, goal.share_percent, f"目標: {goal.label}")
    narrow = _narrow(request)
    return _png(
        cache.remember(
            ("national-chart", narrow, cache.version(records)),
            lambda: charts.time_series(
                [("全国", _points(series))],
                title=f"全国の{_rate_label(series)}の推移{_dates(series)}",
                rate_label=_rate_label(series),
                source=" / ".join(series.sources),
                target=target,
                narrow=narrow,
            ),
        )
    )


@public_statistics
def prefecture_trend_chart(request: AccessRequest, code: str) -> HttpResponse:
    from kofu.stats import charts  # lazy: matplotlib loads only when drawn

    prefecture = selectors.prefecture_by_code(code)
    if prefecture is None:
        raise Http404("該当する都道府県はありません")
    records = selectors.snapshots()
    own = selectors.prefecture_series(prefecture, records)
    national = selectors.national_series(records)
    narrow = _narrow(request)
    return _png(
        cache.remember(
            ("prefecture-trend-chart", prefecture.pk, narrow, cache.version(records)),
            lambda: charts.time_series(
                [(prefecture.name, _points(own)), ("全国", _points(national))],
                title=f"{prefecture.name}の{_rate_label(own)}の推移{_dates(own)}",
                rate_label=_rate_label(own),
                source=" / ".join(own.sources),
                narrow=narrow,
            ),
        )
    )


@public_statistics
def municipality_chart(request: AccessRequest, code: str) -> HttpResponse:
    municipality = selectors.municipality_by_code(code)
    if municipality is None:
        raise Http404("該当する市区町村はありません")
    records = selectors.snapshots()
    narrow = _narrow(request)
    return _png(
        cache.remember(
            ("municipality-chart", municipality.pk, narrow, cache.version(records)),
            lambda: _municipality_png(municipality, records, narrow=narrow),
        )
    )


def _municipality_png(municipality: Municipality, records: list[IssuanceSnapshot], *, narrow: bool) -> bytes:
    from kofu.stats import charts  # lazy: matplotlib loads only when drawn

    own = selectors.municipality_series(municipality)
    national = {point.as_of: point for point in selectors.national_series(records).points}
    national_points = [
        charts.Point(p.as_of, national[p.as_of].rate, p.measure) for p in own.points if p.as_of in national
    ]
    return charts.time_series(
        [(municipality.name, _points(own)), ("全国平均", national_points)],
        title=f"{municipality.full_name}の{_rate_label(own)}の推移{_dates(own)}",
        rate_label=_rate_label(own),
        source=" / ".join(own.sources),
        narrow=narrow,
    )
