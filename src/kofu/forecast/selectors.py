"""Every read of the issuance statistics the forecast makes (kofu.stats models), in one place.

Only complete snapshots (every municipality present) are used: the forecast needs each
municipality's own series. Figures are 交付枚数 (cumulative cards issued).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from kofu.registry.models import Municipality, Prefecture
from kofu.rules.forecast import FloatArray
from kofu.stats.models import IssuanceSnapshot, MunicipalityFigure


@dataclass(frozen=True)
class Area:
    """A municipality of the statistics: code, names and its prefecture's 2-digit code."""

    pk: int
    code: str
    name: str
    prefecture_code: str


@dataclass(frozen=True)
class IssuanceHistory:
    """Cumulative cards and populations per municipality (rows) and snapshot (columns)."""

    as_of: tuple[dt.date, ...]
    population_base: tuple[dt.date, ...]
    areas: tuple[Area, ...]
    issued: FloatArray
    population: FloatArray

    def __len__(self) -> int:
        return len(self.as_of)


def complete_snapshots(until: dt.date | None = None) -> list[IssuanceSnapshot]:
    snapshots = IssuanceSnapshot.objects.filter(complete=True).order_by("as_of")
    if until is not None:
        snapshots = snapshots.filter(as_of__lte=until)
    return list(snapshots)


def latest_as_of() -> dt.date | None:
    return (
        IssuanceSnapshot.objects.filter(complete=True)
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .first()
    )


def snapshot_dates() -> list[dt.date]:
    return list(
        IssuanceSnapshot.objects.filter(complete=True).order_by("as_of").values_list("as_of", flat=True)
    )


def _fill_gaps(matrix: FloatArray) -> FloatArray:
    """A municipality missing from some snapshot: interpolate its row over the snapshots it has."""
    for row in np.nonzero(np.isnan(matrix).any(axis=1))[0]:
        values = matrix[row]
        known = ~np.isnan(values)
        if known.any():
            matrix[row] = np.interp(np.arange(len(values)), np.nonzero(known)[0], values[known])
        else:
            matrix[row] = 0.0
    return matrix


def issuance_history(until: dt.date | None = None) -> IssuanceHistory:
    """The complete snapshots up to ``until`` (all when None), municipalities of the latest one."""
    snapshots = complete_snapshots(until)
    if not snapshots:
        return IssuanceHistory((), (), (), np.zeros((0, 0)), np.zeros((0, 0)))
    column = {s.pk: i for i, s in enumerate(snapshots)}
    latest_ids = set(
        MunicipalityFigure.objects.filter(snapshot=snapshots[-1]).values_list("municipality_id", flat=True)
    )
    municipalities = (
        Municipality.objects.filter(pk__in=latest_ids)
        .order_by("code")
        .values_list("pk", "code", "name", "prefecture__code")
    )
    areas = tuple(Area(pk, code, name, pref) for pk, code, name, pref in municipalities)
    row = {a.pk: i for i, a in enumerate(areas)}
    issued = np.full((len(areas), len(snapshots)), np.nan)
    population = np.full((len(areas), len(snapshots)), np.nan)
    figures = list(
        MunicipalityFigure.objects.filter(snapshot_id__in=list(column)).values_list(
            "snapshot_id", "municipality_id", "issued", "population"
        )
    )
    kept = [f for f in figures if f[1] in row]
    if kept:
        table = np.array(kept, dtype=np.float64)
        rows = np.array([row[int(m)] for m in table[:, 1]])
        columns = np.array([column[int(s)] for s in table[:, 0]])
        issued[rows, columns] = table[:, 2]
        population[rows, columns] = table[:, 3]
    return IssuanceHistory(
        tuple(s.as_of for s in snapshots),
        tuple(s.population_base for s in snapshots),
        areas,
        _fill_gaps(issued),
        _fill_gaps(population),
    )


def prefecture_names() -> dict[str, tuple[str, str]]:
    """2-digit code → (6-digit 団体コード, name)."""
    return {
        code: (lgcode, name)
        for code, lgcode, name in Prefecture.objects.values_list("code", "lgcode", "name")
    }


def municipality_series(municipality_id: int) -> tuple[list[dt.date], list[int]]:
    """One municipality's published cumulative cards, oldest first (any snapshot that has it)."""
    rows = (
        MunicipalityFigure.objects.filter(municipality_id=municipality_id)
        .order_by("snapshot__as_of")
        .values_list("snapshot__as_of", "issued")
    )
    return [as_of for as_of, _ in rows], [issued for _, issued in rows]
