"""What every statistics view shares: the snapshot query, caching, links."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from kofu.accounts.permissions import AccessRequest, access
from kofu.rules.categories import GROUPINGS
from kofu.rules.measures import MeasureLabels, labels
from kofu.rules.wareki import wareki
from kofu.stats import selectors
from kofu.stats.models import IssuanceSnapshot
from kofu.stats.views.display import Download

#: Public aggregate statistics: shared caches may keep a page for five minutes.
MAX_AGE = 300

View = Callable[..., HttpResponse]


def public_statistics(view: View) -> View:
    """Cacheable by anyone when the answer is a success; errors are not cached."""

    @functools.wraps(view)
    def wrapped(request: AccessRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        else:
            patch_cache_control(response, no_cache=True, no_store=True)
        return response

    return access("public")(wrapped)


class SnapshotQuery(forms.Form):
    as_of = forms.DateField(label="基準日", required=False, input_formats=["%Y-%m-%d"])
    compare = forms.DateField(label="比較する時点", required=False, input_formats=["%Y-%m-%d"])
    grouping = forms.ChoiceField(
        label="団体区分のまとめ方",
        required=False,
        choices=[("", "その時点の公表形式")] + [(key, g.title) for key, g in GROUPINGS.items()],
    )


@dataclass(frozen=True)
class Snapshot:
    """The snapshot a page shows, the one it compares with, and the choices for the picker."""

    as_of: dt.date
    compare_with: dt.date | None
    compare_error: str
    grouping: str
    dates: list[dt.date]
    #: Every imported snapshot, oldest first (read once per request).
    records: tuple[IssuanceSnapshot, ...] = ()

    @property
    def choices(self) -> list[tuple[dt.date, str]]:
        held = {r.as_of for r in self.records if r.measure == "held"}
        return [
            (date, f"{date:%Y-%m-%d}（{wareki(date)}{'・保有枚数' if date in held else ''}）")
            for date in reversed(self.dates)
        ]

    @property
    def record(self) -> IssuanceSnapshot:
        return next(r for r in self.records if r.as_of == self.as_of)

    @property
    def measure(self) -> MeasureLabels:
        return labels(self.record.measure)


def resolve_snapshot(
    request: HttpRequest, template: str = "stats/snapshot_error.html"
) -> Snapshot | HttpResponse:
    """The requested (default: latest) snapshot, or a page explaining why there is none."""
    records = tuple(selectors.snapshots())
    dates = [record.as_of for record in records]
    if not dates:
        return render(
            request,
            template,
            {"title": "交付状況がありません", "message": "取込済みの交付状況がありません。", "dates": []},
        )
    query = SnapshotQuery(request.GET)
    if not query.is_valid():
        message = "指定が正しくありません。日付は YYYY-MM-DD 形式で指定してください。"
        if "grouping" in query.errors:
            message = "団体区分のまとめ方の指定が正しくありません。"
        return render(
            request,
            template,
            {"title": "指定が正しくありません", "message": message, "dates": dates},
            status=400,
        )
    as_of = query.cleaned_data["as_of"] or dates[-1]
    if as_of not in dates:
        return render(
            request,
            template,
            {
                "title": "この時点の交付状況はありません",
                "message": f"{as_of:%Y-%m-%d}（{wareki(as_of)}）時点の交付状況は取り込まれていません。",
                "dates": dates,
            },
            status=404,
        )
    compare_with = query.cleaned_data["compare"]
    compare_error = ""
    if compare_with is not None and compare_with not in dates:
        compare_error = f"比較する時点 {compare_with:%Y-%m-%d} の交付状況は取り込まれていません。"
        compare_with = None
    if compare_with == as_of:
        compare_with = None
    return Snapshot(as_of, compare_with, compare_error, query.cleaned_data["grouping"] or "", dates, records)


def dated(url: str, as_of: dt.date) -> str:
    return f"{url}?{urlencode({'as_of': f'{as_of:%Y-%m-%d}'})}"


def prefecture_url(code: str, as_of: dt.date) -> str:
    return dated(reverse("stats:prefecture", args=[code]), as_of)


def municipality_url(code: str, as_of: dt.date) -> str:
    return dated(reverse("stats:municipality", args=[code]), as_of)


def downloads(key: str, as_of: dt.date, title: str, **options: str) -> list[Download]:
    params = urlencode({"as_of": f"{as_of:%Y-%m-%d}", **{k: v for k, v in options.items() if v}})
    return [
        Download("CSV", f"{reverse('stats:table-download', args=[key, 'csv'])}?{params}", f"{title}のCSV"),
        Download(
            "XLSX（Excel）",
            f"{reverse('stats:table-download', args=[key, 'xlsx'])}?{params}",
            f"{title}のXLSX（Excel）",
        ),
    ]


def series_url(kind: str, code: str, fmt: str) -> str:
    if kind == "national":
        return reverse("stats:series-national", args=[fmt])
    return reverse(f"stats:series-{kind}", args=[code, fmt])


def series_downloads(kind: str, code: str, name: str) -> list[Download]:
    return [
        Download("CSV", series_url(kind, code, "csv"), f"{name}の推移のCSV"),
        Download("XLSX（Excel）", series_url(kind, code, "xlsx"), f"{name}の推移のXLSX（Excel）"),
    ]
