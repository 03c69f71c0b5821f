"""コンビニ交付: the participation table by prefecture, 対象人口, yearly volumes, the support rule."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kofu.rules.convenience import SPECIAL_ALLOCATION
from kofu.stats.convenience.output import csv_text, write_xlsx
from kofu.stats.convenience.tables import ConvenienceError, participation_table, volume_table
from kofu.stats.views.common import public_statistics
from kofu.stats.views.files import file_response

#: The date of the seed's table (令和4年1月1日現在), shown when no date is asked for.
DEFAULT_AS_OF = dt.date(2022, 1, 1)


class ConvenienceQuery(forms.Form):
    as_of = forms.DateField(label="基準日", required=False, input_formats=["%Y-%m-%d"])


def _as_of(request: HttpRequest) -> dt.date | None:
    query = ConvenienceQuery(request.GET)
    if not query.is_valid():
        return None
    return query.cleaned_data["as_of"] or DEFAULT_AS_OF


@public_statistics
def convenience_stores(request: HttpRequest) -> HttpResponse:
    as_of = _as_of(request)
    if as_of is None:
        return render(
            request,
            "stats/snapshot_error.html",
            {
                "title": "指定が正しくありません",
                "message": "日付は YYYY-MM-DD 形式で指定してください。",
                "dates": [],
            },
            status=400,
        )
    error = ""
    table = volumes = None
    try:
        table = participation_table(as_of)
    except ConvenienceError as exc:
        error = str(exc)
    try:
        volumes = volume_table()
    except ConvenienceError:
        volumes = None
    return render(
        request,
        "stats/convenience.html",
        {"as_of": as_of, "table": table, "volumes": volumes, "error": error, "rule": SPECIAL_ALLOCATION},
    )


@public_statistics
def convenience_download(request: HttpRequest, fmt: str) -> HttpResponse:
    as_of = _as_of(request) or DEFAULT_AS_OF
    try:
        table = participation_table(as_of)
    except ConvenienceError as exc:
        return render(
            request,
            "stats/snapshot_error.html",
            {"title": "表を作成できません", "message": str(exc), "dates": []},
            status=404,
        )
    return file_response(
        f"kofu-convenience-stores-{as_of:%Y%m%d}",
        fmt,
        lambda: csv_text(table),
        lambda out: write_xlsx(table, out),
    )
