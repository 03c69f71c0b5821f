"""Reads for the statistics pages: published tables, comparisons, time series.

National issuance statistics are public aggregates, so nothing here is scoped to a viewer.
Tables come from :func:`kofu.stats.tables.build_table`; a table that cannot be built for a
snapshot comes back as a :class:`TableResult` carrying the builder's Japanese message.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from kofu.registry.models import Municipality, MunicipalityCategory, Prefecture
from kofu.registry.selectors import in_force
from kofu.rules.categories import Category
from kofu.rules.rates import at_or_below_average, points_change, rate_percent
from kofu.rules.series import NATIONAL_TARGET, cards_needed
from kofu.stats import cache
from kofu.stats.models import GroupTotal, IssuanceSnapshot, MunicipalityFigure
from kofu.stats.series.selectors import (
    Series,
    SeriesPoint,
    municipality_series,
    national_series,
    prefecture_series,
)
from kofu.stats.tables import Table, TableError, TableRow, build_table
from kofu.stats.tables.changes import RowChange, compare
from kofu.stats.tables.source import SnapshotData, available_dates, cache_key, load_snapshot

#: The tables of the national dashboard, in the order the ministry prints them.
DASHBOARD_TABLES = (
    "categories",
    "prefectures",
    "top10-cities",
    "top10-towns",
    "special-wards",
    "designated-cities",
    "core-cities",
)
#: Tables offered for download (``municipalities`` needs a prefecture).
DOWNLOADABLE_TABLES = (*DASHBOARD_TABLES, "municipalities")


@dataclass(frozen=True)
class TableResult:
    """One table for a page: the built table, or the reason it cannot be built."""

    key: str
    options: dict[str, str]
    table: Table | None = None
    error: str = ""
    changes: list[RowChange] | None = None
    compare_error: str = ""


@dataclass(frozen=True)
class HistoryPoint:
    """A municipality's figures at one snapshot, next to the national average."""

    as_of: dt.date
    population_base: dt.date
    population: int
    issued: int
    rate: Decimal
    national_rate: Decimal | None
    at_or_below_average: bool
    measure: str = "issued"
    breaks: bool = False  # counts something else than the previous point (交付枚数 → 保有枚数)

    @property
    def points_vs_national(self) -> Decimal | None:
        return None if self.national_rate is None else points_change(self.national_rate, self.rate)


__all__ = [
    "DASHBOARD_TABLES",
    "DOWNLOADABLE_TABLES",
    "HistoryPoint",
    "NATIONAL_TARGET",
    "Series",
    "SeriesPoint",
    "TableResult",
    "municipality_history",
    "municipality_series",
    "national_series",
    "prefecture_series",
]


def snapshots() -> list[IssuanceSnapshot]:
    """Every imported snapshot, oldest first (one query)."""
    return list(IssuanceSnapshot.objects.order_by("as_of"))


def snapshot_dates() -> list[dt.date]:
    """Issuance dates of the imported snapshots, oldest first."""
    return available_dates()


def snapshot_on(as_of: dt.date) -> IssuanceSnapshot | None:
    return IssuanceSnapshot.objects.filter(as_of=as_of).first()


def _for_the_web(error: TableError) -> str:
    """The builder's message, with its command-line advice put in the page's terms."""
    return str(error).replace(
        "別のまとめ方（--grouping）を指定してください", "「まとめ方」を切り替えてください"
    )


def table_result(
    key: str,
    *,
    as_of: dt.date,
    compare_with: dt.date | None = None,
    loaded: dict[dt.date, SnapshotData] | None = None,
    **options: str,
) -> TableResult:
    """Table ``key`` on ``as_of``, with row changes since ``compare_with`` when given."""
    try:
        table = build_table(key, as_of=as_of, loaded=loaded, **options)
    except TableError as exc:
        return TableResult(key=key, options=options, error=_for_the_web(exc))
    if compare_with is None:
        return TableResult(key=key, options=options, table=table)
    try:
        previous = build_table(key, as_of=compare_with, loaded=loaded, **options)
    except TableError as exc:
        return TableResult(key=key, options=options, table=table, compare_error=_for_the_web(exc))
    return TableResult(key=key, options=options, table=table, changes=compare(table, previous))


def dashboard_tables(
    *,
    as_of: dt.date,
    compare_with: dt.date | None = None,
    grouping: str = "",
    records: tuple[IssuanceSnapshot, ...] = (),
) -> list[TableResult]:
    """The dashboard's tables; ``records`` (the snapshots already read) saves their look-ups."""
    loaded: dict[dt.date, SnapshotData] = {
        r.as_of: load_snapshot(r) for r in records if r.as_of in {as_of, compare_with}
    }
    results = []
    for key in DASHBOARD_TABLES:
        options = {"grouping": grouping} if key == "categories" and grouping else {}
        results.append(table_result(key, as_of=as_of, compare_with=compare_with, loaded=loaded, **options))
    return results


def download_table(
    key: str, *, as_of: dt.date, prefecture: Prefecture | None = None, grouping: str = ""
) -> Table:
    """A table for CSV/XLSX download; raises :class:`TableError` when it cannot be built."""
    if key not in DOWNLOADABLE_TABLES:
        raise TableError(f"集計表「{key}」はダウンロードできません")
    options: dict[str, str] = {}
    if grouping:
        options["grouping"] = grouping
    if key == "municipalities" and prefecture is not None:
        options["prefecture"] = prefecture.name
    table = build_table(key, as_of=as_of, loaded=None, **options)
    if prefecture is not None:
        table = dataclasses.replace(table, title=f"{prefecture.name} {table.title}")
    return table


def find_row(table: Table | None, code: str) -> TableRow | None:
    if table is None:
        return None
    return next((row for row in table.rows if row.code == code), None)


def prefecture_by_code(code: str) -> Prefecture | None:
    return Prefecture.objects.filter(code=code).first()


def municipality_by_code(code: str) -> Municipality | None:
    return (
        Municipality.objects.filter(code=code, kind=Municipality.Kind.MUNICIPALITY)
        .select_related("prefecture")
        .first()
    )


def category_on(municipality: Municipality, on: dt.date) -> Category | None:
    value = (
        MunicipalityCategory.objects.filter(in_force(on), municipality=municipality)
        .values_list("category", flat=True)
        .first()
    )
    return None if value is None else Category(value)


def category_history(municipality: Municipality) -> list[MunicipalityCategory]:
    return list(municipality.categories.order_by("valid_from"))


def municipality_history(municipality: Municipality, own: Series | None = None) -> list[HistoryPoint]:
    """The municipality's figures at every snapshot that has them, with the national average."""
    national = {point.as_of: point for point in national_series().points}
    history = []
    for row in (own or municipality_series(municipality)).rows:
        point = row.point
        total = national.get(point.as_of)
        history.append(
            HistoryPoint(
                as_of=point.as_of,
                population_base=point.population_base,
                population=point.population,
                issued=point.issued,
                rate=point.rate,
                national_rate=None if total is None else total.rate,
                at_or_below_average=total is not None
                and at_or_below_average(point.issued, point.population, total.issued, total.population),
                measure=point.measure,
                breaks=row.period.breaks,
            )
        )
    return history


@dataclass(frozen=True)
class Applications:
    """申請件数 nationwide: the count, its share of the population and where it comes from."""

    count: int
    rate: Decimal
    note: str


def national_applications(record: IssuanceSnapshot, national: TableRow | None) -> Applications | None:
    """The snapshot's own national count, else the municipalities' sum, else the 全国 row's."""
    if national is None:
        return None
    found = cache.remember(cache_key(record, "applications"), lambda: _applications(record))
    if found is None:
        return None
    count, note = found
    return Applications(count, rate_percent(count, national.population), note)


def _applications(record: IssuanceSnapshot) -> tuple[int, str] | None:
    if record.applications is not None:
        return record.applications, record.applications_note
    if record.complete:
        totals = MunicipalityFigure.objects.filter(snapshot=record).aggregate(
            total=Sum("applications"), given=Count("applications"), rows=Count("id")
        )
        if totals["rows"] and totals["given"] == totals["rows"]:
            return int(totals["total"]), "市区町村別の申請件数の合計"
    for label, applications in GroupTotal.objects.filter(
        snapshot=record, applications__isnull=False
    ).values_list("label", "applications"):
        if applications is not None and label.replace(" ", "") == "全国":
            return applications, "公表資料の全国の申請件数"
    return None


@dataclass(frozen=True)
class TargetGap:
    """The national goal and how far the latest figures are from it."""

    label: str
    deadline: dt.date
    target: int  # cards
    needed: int  # cards still to issue


def national_target(national: TableRow | None) -> TargetGap | None:
    if national is None:
        return None
    goal = NATIONAL_TARGET
    target = goal.cards(national.population)
    return TargetGap(goal.label, goal.deadline, target, cards_needed(national.issued, target))
