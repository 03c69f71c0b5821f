"""コンビニ交付: the participation table by prefecture, 対象人口, yearly volumes, the support rule."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kofu.accounts.permissions import AccessRequest
from kofu.rules.convenience import SPECIAL_ALLOCATION
from kofu.stats.convenience.output import csv_text, write_xlsx
from kofu.stats.convenience.tables import ConvenienceError, latest_joined, participation_table, volume_table
from kofu.stats.views.common import public_statistics
from kofu.stats.views.files import file_response


class ConvenienceQuery(forms.Form):
    as_of = forms.DateField(label="基準日", required=False, input_formats=["%Y-%m-%d"])


def _as_of(request: HttpRequest) -> dt.date | None:
    """The date asked for, else the list's own date (its latest 参加日), else today."""
    query = ConvenienceQuery(request.GET)
    if not query.is_valid():
        return None
    return query.cleaned_data["as_of"] or latest_joined() or timezone.localdate()


@public_statistics
def convenience_stores(request: AccessRequest) -> HttpResponse:
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
def convenience_download(request: AccessRequest, fmt: str) -> HttpResponse:
    as_of = _as_of(request) or latest_joined() or timezone.localdate()
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
