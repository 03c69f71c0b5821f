"""The list of every imported month and the files that can be downloaded for it (page and JSON)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from kofu.registry.models import Prefecture
from kofu.rules.measures import labels
from kofu.stats import cache
from kofu.stats.models import AgeFigure, GroupTotal, IssuanceSnapshot, PrefectureFigure
from kofu.stats.selectors import DOWNLOADABLE_TABLES
from kofu.stats.tables import TABLES
from kofu.stats.tables.source import source_text

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class File:
    table: str
    title: str
    format: str
    url: str


@dataclass(frozen=True)
class Month:
    as_of: dt.date
    population_base: dt.date
    measure: str
    measure_label: str
    complete: bool
    source: str
    files: tuple[File, ...]


@dataclass(frozen=True)
class SeriesFile:
    unit: str  # "national" or a prefecture code
    name: str
    format: str
    url: str


def _tables(record: IssuanceSnapshot, prefectures: dict[int, int], groups: dict[int, int]) -> list[str]:
    if record.complete:
        return list(DOWNLOADABLE_TABLES)
    available = []
    if groups.get(record.pk):
        available.append("categories")
    if prefectures.get(record.pk):
        available.append("prefectures")
    return available


def _url(table: str, fmt: str, as_of: dt.date) -> str:
    return f"{reverse('stats:table-download', args=[table, fmt])}?{urlencode({'as_of': f'{as_of:%Y-%m-%d}'})}"


def _ages_url(fmt: str, as_of: dt.date) -> str:
    return f"{reverse('stats:ages-download', args=[fmt])}?{urlencode({'as_of': f'{as_of:%Y-%m-%d}'})}"


def months(records: list[IssuanceSnapshot]) -> list[Month]:
    """Every snapshot, newest first, with the tables it can give (computed once per set of snapshots)."""
    return cache.remember(("catalogue", cache.version(records)), lambda: _months(records))


def _months(records: list[IssuanceSnapshot]) -> list[Month]:
    prefectures = dict(
        PrefectureFigure.objects.values("snapshot_id").annotate(n=Count("id")).values_list("snapshot_id", "n")
    )
    groups = dict(
        GroupTotal.objects.values("snapshot_id").annotate(n=Count("id")).values_list("snapshot_id", "n")
    )
    with_ages = set(AgeFigure.objects.values_list("snapshot_id", flat=True).distinct())
    result = []
    for record in sorted(records, key=lambda r: r.as_of, reverse=True):
        files = tuple(
            File(table, _title(table), fmt, _url(table, fmt, record.as_of))
            for table in _tables(record, prefectures, groups)
            for fmt in FORMATS
        )
        if record.pk in with_ages:
            files += tuple(File("ages", "男女・年齢別", fmt, _ages_url(fmt, record.as_of)) for fmt in FORMATS)
        result.append(
            Month(
                as_of=record.as_of,
                population_base=record.population_base,
                measure=record.measure,
                measure_label=labels(record.measure).count,
                complete=record.complete,
                source=source_text(record),
                files=files,
            )
        )
    return result


def _title(table: str) -> str:
    return "市区町村別（全国）" if table == "municipalities" else TABLES[table].title


def series_files() -> list[SeriesFile]:
    """The national series and one per prefecture, each as CSV and XLSX."""
    files = [
        SeriesFile("national", "全国", fmt, reverse("stats:series-national", args=[fmt])) for fmt in FORMATS
    ]
    for code, name in Prefecture.objects.order_by("code").values_list("code", "name"):
        files += [
            SeriesFile(code, name, fmt, reverse("stats:series-prefecture", args=[code, fmt]))
            for fmt in FORMATS
        ]
    return files


def feed(records: list[IssuanceSnapshot], build: Callable[[str], str]) -> dict[str, object]:
    """The same list as JSON for other tools; ``build`` turns a path into a full URL."""
    return {
        "title": "マイナンバーカードの交付状況（kofu）: 取込済みの時点とダウンロードできるファイル",
        "snapshots": [
            {
                "as_of": f"{m.as_of:%Y-%m-%d}",
                "population_base": f"{m.population_base:%Y-%m-%d}",
                "measure": m.measure,
                "measure_label": m.measure_label,
                "complete": m.complete,
                "source": m.source,
                "files": [
                    {"table": f.table, "title": f.title, "format": f.format, "url": build(f.url)}
                    for f in m.files
                ],
            }
            for m in months(records)
        ],
        "series": [
            {"unit": s.unit, "name": s.name, "format": s.format, "url": build(s.url)} for s in series_files()
        ],
    }
