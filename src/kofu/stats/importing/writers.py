"""Per layout: check the records against the registry (no writes), then write them in bulk."""

from __future__ import annotations

import datetime as dt
import operator
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django.db import connection, models

from kofu.core.tabular import Problems
from kofu.core.tabular.cells import name_key
from kofu.registry.changes import registry_changed
from kofu.registry.models import Municipality, MunicipalityCategory, Prefecture
from kofu.registry.selectors import municipalities_on
from kofu.stats.importing.layouts import CATEGORY, MUNICIPALITY, PREFECTURE, HeaderMatch
from kofu.stats.importing.matching import Matcher, MatchResult, RegistryIndex
from kofu.stats.importing.rows import Record
from kofu.stats.models import AgeFigure, GroupTotal, IssuanceSnapshot, MunicipalityFigure, PrefectureFigure
from kofu.stats.tables.source import Figure

_BATCH = 500
_GROUP_LABEL_MAX = GroupTotal._meta.get_field("label").max_length or 32


@dataclass
class Written:
    rows: int
    registered: list[Municipality] = field(default_factory=list)
    #: Municipality layout: (municipalities in force on the snapshot's date, names of those
    #: without a figure), counted from what was written (``None``: count in the database).
    completeness: tuple[int, list[str]] | None = None
    #: Municipality layout: the rows written as the tables read them (:func:`seed_municipalities`),
    #: when every row matched the registry as indexed (``None`` after registrations).
    figures: list[Figure] | None = None


class Plan(Protocol):
    model: type[models.Model]

    def write(self, snapshot: IssuanceSnapshot) -> Written: ...


def _duplicate(
    seen: dict[object, str], key: object, record: Record, problems: Problems, column: str, what: str
) -> bool:
    if key in seen:
        problems.error(f"同じ{what}が2回あります（{seen[key]}と同じ {record.key}）", record.row.label, column)
        return True
    seen[key] = record.row.label
    return False


@dataclass
class MunicipalityPlan:
    records: list[Record]
    matched: MatchResult
    index: RegistryIndex
    model: type[models.Model] = MunicipalityFigure

    @classmethod
    def check(
        cls, records: list[Record], match: HeaderMatch, problems: Problems, on: dt.date | None
    ) -> MunicipalityPlan:
        index = RegistryIndex.current()
        matcher = Matcher(index, match.headings, problems, on)
        return cls(records, matcher.run(records), index)

    def _register(self) -> list[Municipality]:
        plans = list(self.matched.new.values())
        created = Municipality.objects.bulk_create(
            Municipality(code=p.code, prefecture_id=p.prefecture_id, name=p.name, district=p.district)
            for p in plans
        )
        MunicipalityCategory.objects.bulk_create(
            MunicipalityCategory(
                municipality=municipality,
                category=period.category.value,
                valid_from=period.valid_from,
                valid_to=period.valid_to,
            )
            for municipality, plan in zip(created, plans, strict=True)
            for period in plan.categories
        )
        registry_changed()  # a bulk write sends no signal: the next import reloads the index
        return created

    def write(self, snapshot: IssuanceSnapshot) -> Written:
        registered = self._register() if self.matched.new else []
        new_ids = {m.code: m.pk for m in registered}
        rows = []
        snapshot_id = snapshot.pk
        for position, (pk, record) in enumerate(zip(self.matched.ids, self.records, strict=True)):
            if pk is None:
                pk = new_ids[self.matched.new[position].code]
            rows.append(
                (snapshot_id, pk, record.population, record.issued, record.applications, record.printed_rate)
            )
        insert_figures(rows)
        # The snapshot's figures are exactly these rows (prepare_snapshot emptied it): completeness
        # is counted in the index, the new registrations being in force and all written.
        total, missing = self.index.missing(snapshot.as_of, {row[1] for row in rows})
        completeness = (total + len(registered), missing)
        figures = None if registered else self._figures(snapshot.as_of)
        return Written(rows=len(rows), registered=registered, completeness=completeness, figures=figures)

    def _figures(self, on: dt.date) -> list[Figure]:
        """What ``kofu.stats.tables.source`` would read back: the registry's names (not the file's),
        the category on ``on``, by code."""
        categories = self.index.categories_on(on)
        figures = [
            Figure(
                known.code,
                known.name,
                known.prefecture,
                record.population,
                record.issued,
                categories.get(known.id),
            )
            for known, record in zip(self.matched.known, self.records, strict=True)
            if known is not None
        ]
        figures.sort(key=operator.itemgetter(0))
        return figures


def insert_figures(rows: Sequence[tuple[int | Decimal | None, ...]]) -> None:
    """One ``INSERT … VALUES (…), (…), …`` of (snapshot, municipality, population, issued,
    applications, printed rate) for the whole file (in as few statements as the database's limit of
    parameters allows: one on PostgreSQL and on SQLite ≥ 3.32): numbers only (no text for the My
    Number guard), checked above, constrained by the table. It spares assembling 1,741 model
    instances and a round trip per row."""
    meta = MunicipalityFigure._meta
    columns = ["snapshot", "municipality", "population", "issued", "applications", "printed_rate"]
    # get_field of these names gives concrete fields with a column (the stubs allow a reverse relation,
    # and a field not yet bound to its model, which has none).
    names = ", ".join(connection.ops.quote_name(meta.get_field(c).column) for c in columns)  # type: ignore[union-attr, arg-type]
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({names}) VALUES "
    per_statement = max(1, _max_parameters() // len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(head + ", ".join([row_marks] * len(chunk)), [v for row in chunk for v in row])


def _max_parameters() -> int:
    """Parameters one statement may bind: SQLite's own limit (Django assumes 999, the limit before
    3.32), PostgreSQL's 65,535 (the wire protocol's)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return connection.features.max_query_params or 65_535


@dataclass
class PrefecturePlan:
    records: list[Record]
    ids: list[int]
    model: type[models.Model] = PrefectureFigure

    @classmethod
    def check(
        cls, records: list[Record], match: HeaderMatch, problems: Problems, on: dt.date | None
    ) -> PrefecturePlan:
        prefectures = {name_key(name): pk for pk, name in Prefecture.objects.values_list("id", "name")}
        column = match.headings.get("prefecture", "都道府県名")
        ids: list[int] = []
        seen: dict[object, str] = {}
        for record in records:
            key = name_key(record.key)
            pk = prefectures.get(key) or next(
                (prefectures[key + s] for s in "都道府県" if key + s in prefectures), None
            )
            if pk is None:
                problems.error(f"都道府県名が不明です: {record.key!r}", record.row.label, column)
                continue
            if not _duplicate(seen, pk, record, problems, column, "都道府県"):
                ids.append(pk)
        return cls(records, ids)

    def write(self, snapshot: IssuanceSnapshot) -> Written:
        PrefectureFigure.objects.bulk_create(
            PrefectureFigure(
                snapshot=snapshot,
                prefecture_id=pk,
                population=record.population,
                issued=record.issued,
                applications=record.applications,
            )
            for pk, record in zip(self.ids, self.records, strict=True)
        )
        return Written(rows=len(self.ids))


@dataclass
class GroupPlan:
    records: list[Record]
    model: type[models.Model] = GroupTotal

    @classmethod
    def check(
        cls, records: list[Record], match: HeaderMatch, problems: Problems, on: dt.date | None
    ) -> GroupPlan:
        column = match.headings.get("label", "区分")
        seen: dict[object, str] = {}
        for record in records:
            if len(record.key) > _GROUP_LABEL_MAX:
                problems.error(
                    f"区分名が長すぎます（{_GROUP_LABEL_MAX}文字まで）: {record.key!r}",
                    record.row.label,
                    column,
                )
            _duplicate(seen, name_key(record.key), record, problems, column, "区分")
        return cls(records)

    def write(self, snapshot: IssuanceSnapshot) -> Written:
        GroupTotal.objects.bulk_create(
            GroupTotal(
                snapshot=snapshot,
                label=record.key,
                population=record.population,
                issued=record.issued,
                applications=record.applications,
            )
            for record in self.records
        )
        return Written(rows=len(self.records))


PlanClass = type[MunicipalityPlan] | type[PrefecturePlan] | type[GroupPlan]
PLANS: dict[str, PlanClass] = {
    MUNICIPALITY.name: MunicipalityPlan,
    PREFECTURE.name: PrefecturePlan,
    CATEGORY.name: GroupPlan,
}
FIGURE_MODELS: tuple[type[models.Model], ...] = (MunicipalityFigure, PrefectureFigure, GroupTotal, AgeFigure)


def missing_municipalities(snapshot: IssuanceSnapshot) -> tuple[int, list[str]]:
    """(municipalities in force on the snapshot's date, names of those without a figure)."""
    expected = municipalities_on(snapshot.as_of).values_list("id", "prefecture__name", "name")
    have = set(MunicipalityFigure.objects.filter(snapshot=snapshot).values_list("municipality_id", flat=True))
    total = 0
    missing: list[str] = []
    for pk, prefecture, name in expected:
        total += 1
        if pk not in have:
            missing.append(prefecture + name)
    return total, missing
