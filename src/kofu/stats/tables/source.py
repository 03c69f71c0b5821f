"""Loading a snapshot's figures into plain records (one query per kind, no ORM in the builders)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kofu.registry.selectors import categories_on
from kofu.rules.categories import Category
from kofu.stats.models import GroupTotal, IssuanceSnapshot, MunicipalityFigure, PrefectureFigure


@dataclass(frozen=True)
class Figure:
    """Population and issued cards of one unit (municipality, prefecture, group)."""

    code: str
    name: str
    prefecture: str
    population: int
    issued: int
    category: Category | None = None


@dataclass(frozen=True)
class SnapshotData:
    snapshot: IssuanceSnapshot
    municipalities: list[Figure]
    prefectures: list[Figure]
    group_totals: list[Figure]


def load_snapshot(snapshot: IssuanceSnapshot) -> SnapshotData:
    categories = categories_on(snapshot.as_of)
    municipalities = [
        Figure(
            code=code,
            name=name,
            prefecture=prefecture,
            population=population,
            issued=issued,
            category=categories.get(municipality_id),
        )
        for municipality_id, code, name, prefecture, population, issued in MunicipalityFigure.objects.filter(
            snapshot=snapshot
        )
        .order_by("municipality__code")
        .values_list(
            "municipality_id",
            "municipality__code",
            "municipality__name",
            "municipality__prefecture__name",
            "population",
            "issued",
        )
    ]
    prefectures = [
        Figure(code=code, name=name, prefecture=name, population=population, issued=issued)
        for code, name, population, issued in PrefectureFigure.objects.filter(snapshot=snapshot)
        .order_by("prefecture__code")
        .values_list("prefecture__code", "prefecture__name", "population", "issued")
    ]
    group_totals = [
        Figure(code="", name=label, prefecture="", population=population, issued=issued)
        for label, population, issued in GroupTotal.objects.filter(snapshot=snapshot)
        .order_by("id")
        .values_list("label", "population", "issued")
    ]
    return SnapshotData(snapshot, municipalities, prefectures, group_totals)


def snapshot_on(as_of: dt.date) -> IssuanceSnapshot | None:
    return IssuanceSnapshot.objects.filter(as_of=as_of).first()


def available_dates() -> list[dt.date]:
    return list(IssuanceSnapshot.objects.order_by("as_of").values_list("as_of", flat=True))
