"""Reads for series: one point per imported snapshot that has figures for the unit, oldest first.

National and prefecture totals are summed from the municipality figures when a snapshot covers
every municipality (the same sums the tables make), otherwise taken from the published totals.
A whole series is computed with one or two aggregate queries and kept per process until any
snapshot changes (:func:`kofu.stats.cache.version`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from kofu.registry.models import Municipality, Prefecture
from kofu.rules.measures import Measure, labels
from kofu.rules.rates import rate_percent
from kofu.rules.series import Cumulative, Period, periods
from kofu.stats import cache
from kofu.stats.models import GroupTotal, IssuanceSnapshot, MunicipalityFigure, PrefectureFigure
from kofu.stats.tables.builder import national_total
from kofu.stats.tables.source import PUBLISHER, Figure, SnapshotData, source_label, source_text


@dataclass(frozen=True)
class SeriesPoint:
    as_of: dt.date
    population_base: dt.date
    population: int
    issued: int  # the snapshot's measure: cards issued, or held
    rate: Decimal
    measure: str = Measure.ISSUED.value
    source: str = ""


@dataclass(frozen=True)
class SeriesRow:
    """A point with what was added since the previous one and what changed."""

    point: SeriesPoint
    period: Period
    base_changed: bool  # the population base date differs from the previous point's

    @property
    def note(self) -> str:
        notes = []
        if self.period.breaks:
            notes.append(
                f"数えるものが変わりました（{labels(self.point.measure).count}）: 前の時点とはつながりません"
            )
        if self.base_changed:
            notes.append(f"人口算出基準日が{self.point.population_base:%Y-%m-%d}に変わりました")
        return "。".join(notes)


@dataclass(frozen=True)
class Series:
    kind: str  # "national", "prefecture", "municipality"
    code: str  # "" for national
    name: str  # 全国, 宮崎県, 宮崎県都城市
    points: list[SeriesPoint]
    rows: list[SeriesRow] = field(default_factory=list)

    @property
    def measures(self) -> list[str]:
        seen: list[str] = []
        for point in self.points:
            if point.measure not in seen:
                seen.append(point.measure)
        return seen

    @property
    def sources(self) -> list[str]:
        seen: list[str] = []
        for point in self.points:
            if point.source and point.source not in seen:
                seen.append(point.source)
        return seen or [PUBLISHER]


def _with_rows(series: Series) -> Series:
    cumulative = [Cumulative(p.as_of, p.issued, p.measure) for p in series.points]
    rows = []
    previous: SeriesPoint | None = None
    for point, period in zip(series.points, periods(cumulative), strict=True):
        changed = previous is not None and previous.population_base != point.population_base
        rows.append(SeriesRow(point, period, changed))
        previous = point
    return Series(series.kind, series.code, series.name, series.points, rows)


def _point(snapshot: IssuanceSnapshot, population: int, issued: int) -> SeriesPoint:
    return SeriesPoint(
        as_of=snapshot.as_of,
        population_base=snapshot.population_base,
        population=population,
        issued=issued,
        rate=rate_percent(issued, population),
        measure=snapshot.measure,
        source=source_text(snapshot),
    )


def snapshots() -> list[IssuanceSnapshot]:
    return list(IssuanceSnapshot.objects.order_by("as_of"))


def national_series(known: list[IssuanceSnapshot] | None = None) -> Series:
    """The national total at every snapshot that has one (computed once per set of snapshots)."""
    rows = snapshots() if known is None else known
    return cache.remember(("national-series", cache.version(rows)), lambda: _national(rows))


def _national(rows: list[IssuanceSnapshot]) -> Series:
    sums = {
        snapshot_id: (int(population), int(issued))
        for snapshot_id, population, issued in MunicipalityFigure.objects.filter(
            snapshot__in=[s for s in rows if s.complete]
        )
        .values("snapshot_id")
        .annotate(population=Sum("population"), issued=Sum("issued"))
        .values_list("snapshot_id", "population", "issued")
    }
    published = _published_totals([s for s in rows if s.pk not in sums])
    points = []
    for snapshot in rows:
        if snapshot.pk in sums:
            population, issued = sums[snapshot.pk]
        else:
            total = national_total(published[snapshot.pk])
            if total is None:
                continue
            population, issued = total.population, total.issued
        points.append(_point(snapshot, population, issued))
    return _with_rows(Series("national", "", "全国", points))


def _published_totals(rows: list[IssuanceSnapshot]) -> dict[int, SnapshotData]:
    """The published prefecture and group totals of ``rows``, in two queries."""
    if not rows:
        return {}
    data = {s.pk: SnapshotData(s, municipalities=[], prefectures=[], group_totals=[]) for s in rows}
    for snapshot_id, code, name, population, issued in (
        PrefectureFigure.objects.filter(snapshot__in=rows)
        .order_by("prefecture__code")
        .values_list("snapshot_id", "prefecture__code", "prefecture__name", "population", "issued")
    ):
        data[snapshot_id].prefectures.append(Figure(code, name, name, population, issued))
    for snapshot_id, label, population, issued in (
        GroupTotal.objects.filter(snapshot__in=rows)
        .order_by("id")
        .values_list("snapshot_id", "label", "population", "issued")
    ):
        data[snapshot_id].group_totals.append(Figure("", label, "", population, issued))
    return data


def prefecture_series(prefecture: Prefecture, known: list[IssuanceSnapshot] | None = None) -> Series:
    """The prefecture's totals at every snapshot that has them (summed or published)."""
    rows = snapshots() if known is None else known
    return cache.remember(
        ("prefecture-series", prefecture.pk, cache.version(rows)), lambda: _prefecture(prefecture, rows)
    )


def _prefecture(prefecture: Prefecture, rows: list[IssuanceSnapshot]) -> Series:
    summed = {
        snapshot_id: (int(population), int(issued))
        for snapshot_id, population, issued in MunicipalityFigure.objects.filter(
            snapshot__in=[s for s in rows if s.complete], municipality__prefecture=prefecture
        )
        .values("snapshot_id")
        .annotate(population=Sum("population"), issued=Sum("issued"))
        .values_list("snapshot_id", "population", "issued")
    }
    published = {
        snapshot_id: (population, issued)
        for snapshot_id, population, issued in PrefectureFigure.objects.filter(
            snapshot__in=[s for s in rows if not s.complete], prefecture=prefecture
        ).values_list("snapshot_id", "population", "issued")
    }
    points = []
    for snapshot in rows:
        figures = summed.get(snapshot.pk) or published.get(snapshot.pk)
        if figures is not None:
            points.append(_point(snapshot, *figures))
    return _with_rows(Series("prefecture", prefecture.code, prefecture.name, points))


def municipality_series(municipality: Municipality) -> Series:
    """The municipality's own figures at every snapshot that has them (one query)."""
    points = [
        SeriesPoint(
            as_of=as_of,
            population_base=base,
            population=population,
            issued=issued,
            rate=rate_percent(issued, population),
            measure=measure,
            source=source_label(credit, source),
        )
        for as_of, base, measure, credit, source, population, issued in MunicipalityFigure.objects.filter(
            municipality=municipality
        )
        .order_by("snapshot__as_of")
        .values_list(
            "snapshot__as_of",
            "snapshot__population_base",
            "snapshot__measure",
            "snapshot__credit",
            "snapshot__source",
            "population",
            "issued",
        )
    ]
    return _with_rows(Series("municipality", municipality.code, municipality.full_name, points))
