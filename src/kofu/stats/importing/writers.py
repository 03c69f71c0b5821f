"""Per layout: check the records against the registry (no writes), then write them in bulk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from django.db import connection, models

from kofu.core.tabular import Problems
from kofu.core.tabular.cells import name_key
from kofu.registry.models import Municipality, MunicipalityCategory, Prefecture
from kofu.registry.selectors import municipalities_on
from kofu.stats.importing.layouts import CATEGORY, MUNICIPALITY, PREFECTURE, HeaderMatch
from kofu.stats.importing.matching import Matcher, MatchResult, RegistryIndex
from kofu.stats.importing.rows import Record
from kofu.stats.models import AgeFigure, GroupTotal, IssuanceSnapshot, MunicipalityFigure, PrefectureFigure

_BATCH = 500
_GROUP_LABEL_MAX = GroupTotal._meta.get_field("label").max_length or 32


@dataclass
class Written:
    rows: int
    registered: list[Municipality] = field(default_factory=list)


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
    model: type[models.Model] = MunicipalityFigure

    @classmethod
    def check(
        cls, records: list[Record], match: HeaderMatch, problems: Problems, on: dt.date | None
    ) -> MunicipalityPlan:
        matcher = Matcher(RegistryIndex.load(), match.headings, problems, on)
        return cls(records, matcher.run(records))

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
        return created

    def write(self, snapshot: IssuanceSnapshot) -> Written:
        registered = self._register() if self.matched.new else []
        new_ids = {m.code: m.pk for m in registered}
        rows = []
        for position, record in enumerate(self.records):
            pk = self.matched.ids[position]
            if pk is None:
                pk = new_ids[self.matched.new[position].code]
            rows.append(
                (snapshot.pk, pk, record.population, record.issued, record.applications, record.printed_rate)
            )
        insert_figures(rows)
        return Written(rows=len(rows), registered=registered)


def insert_figures(rows: list[tuple[object, ...]]) -> None:
    """One ``executemany`` of (snapshot, municipality, population, issued, applications, printed
    rate): numbers only (no text for the My Number guard), checked above, constrained by the table;
    it spares assembling 1,741 model instances (the larger part of an import's time)."""
    meta = MunicipalityFigure._meta
    columns = ["snapshot", "municipality", "population", "issued", "applications", "printed_rate"]
    names = ", ".join(connection.ops.quote_name(meta.get_field(c).column) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({names}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH * 4):
            cursor.executemany(sql, rows[start : start + _BATCH * 4])


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
