"""男女・年齢別: the age × sex table of a date, its pyramid chart and downloads."""

from __future__ import annotations

import datetime as dt
import io

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kofu.accounts.permissions import AccessRequest
from kofu.rules.measures import labels
from kofu.stats import cache
from kofu.stats.ages import tables
from kofu.stats.views.common import public_statistics
from kofu.stats.views.files import file_response


class AgeQuery(forms.Form):
    as_of = forms.DateField(label="基準日", required=False, input_formats=["%Y-%m-%d"])


def _table(request: HttpRequest) -> tuple[tables.AgeTable | None, str, int]:
    """The table asked for (or the latest), else a message and its status."""
    query = AgeQuery(request.GET)
    if not query.is_valid():
        return None, "日付は YYYY-MM-DD 形式で指定してください。", 400
    dates = tables.dates_with_ages()
    as_of: dt.date | None = query.cleaned_data["as_of"] or (dates[0] if dates else None)
    if as_of is None:
        return None, "男女・年齢別の表はまだ取り込まれていません（kofu stats import demographics.csv）。", 404
    try:
        return tables.age_table(as_of), "", 200
    except tables.AgeTableError as exc:
        return None, str(exc), 404


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(
        request,
        "stats/snapshot_error.html",
        {"title": "男女・年齢別の表を表示できません", "message": message, "dates": []},
        status=status,
    )


@public_statistics
def ages_page(request: AccessRequest) -> HttpResponse:
    table, message, status = _table(request)
    if table is None:
        return _error(request, message, status)
    return render(
        request,
        "stats/ages.html",
        {
            "table": table,
            "names": labels(table.measure),
            "dates": tables.dates_with_ages(),
            "lines": table.by_age(),
        },
    )


@public_statistics
def ages_download(request: AccessRequest, fmt: str) -> HttpResponse:
    table, message, status = _table(request)
    if table is None:
        return _error(request, message, status)
    return file_response(
        f"kofu-ages-{table.as_of:%Y%m%d}",
        fmt,
        lambda: _csv(table),
        lambda out: tables.write_xlsx(table, out),
    )


def _csv(table: tables.AgeTable) -> str:
    out = io.StringIO()
    tables.write_csv(table, out)
    return out.getvalue()


@public_statistics
def ages_chart(request: AccessRequest) -> HttpResponse:
    from kofu.stats.ages.chart import pyramid  # lazy: matplotlib loads only when drawn

    table, message, status = _table(request)
    if table is None:
        return _error(request, message, status)
    narrow = request.GET.get("size") == "phone"  # the phone size (ADR 0031)
    key = ("ages-chart", table.as_of, table.measure, len(table.rows), table.source, narrow)
    png = cache.remember(key, lambda: pyramid(table, narrow=narrow))
    return HttpResponse(png, content_type="image/png")
