"""Loading a snapshot's figures into plain records (one query per kind, no ORM in the builders).

Loaded once per snapshot and process (:mod:`kofu.stats.cache`): a snapshot's figures change only
through an import, which renews the snapshot's cache token.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection

from kofu.registry.selectors import categories_on
from kofu.rules.categories import Category
from kofu.stats import cache
from kofu.stats.models import GroupTotal, IssuanceSnapshot, MunicipalityFigure, PrefectureFigure

#: Shown when a snapshot has no credit of its own: the ministry's publication.
PUBLISHER = "総務省「マイナンバーカードの市区町村別交付枚数等について」"


class Figure(NamedTuple):
    """Population and issued (or held) cards of one unit (municipality, prefecture, group).

    A tuple: a snapshot has 1,741 of them, made on every first read (a frozen dataclass costs 4×)."""

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
    #: What the tables compute from these figures once for all of them (the national total).
    derived: dict[str, object] = field(default_factory=dict, compare=False, repr=False)


def cache_key(snapshot: IssuanceSnapshot, *parts: object) -> tuple[object, ...]:
    return (snapshot.pk, snapshot.cache_token, *parts)


def source_label(credit: str, files: str) -> str:
    """出典: a snapshot's credit, or the ministry's publication and the files imported."""
    if credit:
        return credit
    return PUBLISHER + (f"（取込ファイル: {files}）" if files else "")


def source_text(snapshot: IssuanceSnapshot) -> str:
    return source_label(snapshot.credit, snapshot.source)


def load_snapshot(snapshot: IssuanceSnapshot) -> SnapshotData:
    """The snapshot's figures, read once per process and snapshot version."""
    return cache.remember(cache_key(snapshot, "figures"), lambda: _read_snapshot(snapshot))


def seed_municipalities(snapshot: IssuanceSnapshot, figures: list[Figure]) -> None:
    """The municipality figures an import has just written, in the snapshot's final version (its
    last save done): the first tables built from it then read no figure from the database.

    ``figures`` must be what :func:`_read_municipalities` would read: the registry's code, name,
    prefecture and category on the snapshot's date, ordered by code. Safe before the commit: a
    rolled-back import leaves the snapshot's former token in the database, so nothing ever asks
    for this key."""
    cache.remember(cache_key(snapshot, "municipalities"), lambda: figures)


def _read_municipalities(snapshot: IssuanceSnapshot) -> list[Figure]:
    categories = categories_on(snapshot.as_of)
    return [
        Figure(code, name, prefecture, population, issued, categories.get(municipality_id))
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


def _read_snapshot(snapshot: IssuanceSnapshot) -> SnapshotData:
    municipalities = cache.remember(
        cache_key(snapshot, "municipalities"), lambda: _read_municipalities(snapshot)
    )
    prefectures = [
        Figure(code, name, name, population, issued)
        for code, name, population, issued in PrefectureFigure.objects.filter(snapshot=snapshot)
        .order_by("prefecture__code")
        .values_list("prefecture__code", "prefecture__name", "population", "issued")
    ]
    group_totals = [
        Figure("", label, "", population, issued)
        for label, population, issued in GroupTotal.objects.filter(snapshot=snapshot)
        .order_by("id")
        .values_list("label", "population", "issued")
    ]
    return SnapshotData(snapshot, municipalities, prefectures, group_totals)


def snapshot_on(as_of: dt.date) -> IssuanceSnapshot | None:
    """The snapshot row of ``as_of`` (``as_of`` is unique), read afresh: its cache token names the
    version of everything cached from it. A table already built costs this one statement, so it is
    written out once (``Manager.raw``: 0.09 ms) rather than compiled by the ORM on every call
    (``filter().first()``: 0.37 ms); the columns come from the model, the values through its fields."""
    return next(iter(IssuanceSnapshot.objects.raw(_snapshot_sql(), [as_of])), None)


@functools.cache
def _snapshot_sql() -> str:
    meta = IssuanceSnapshot._meta
    quote = connection.ops.quote_name
    # a concrete field always has a column (the stubs type it ``str | None`` for every field)
    columns = ", ".join(quote(str(f.column)) for f in meta.concrete_fields)
    as_of = str(meta.get_field("as_of").column)
    return f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(as_of)} = %s"


def available_dates() -> list[dt.date]:
    return list(IssuanceSnapshot.objects.order_by("as_of").values_list("as_of", flat=True))
