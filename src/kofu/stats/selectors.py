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

from django.db.models import Sum

from kofu.registry.models import Municipality, MunicipalityCategory, Prefecture
from kofu.registry.selectors import in_force
from kofu.rules.categories import Category
from kofu.rules.rates import below_average, points_change, rate_percent
from kofu.stats.models import GroupTotal, IssuanceSnapshot, MunicipalityFigure, PrefectureFigure
from kofu.stats.tables import Table, TableError, TableRow, build_table
from kofu.stats.tables.builder import national_total
from kofu.stats.tables.changes import RowChange, compare
from kofu.stats.tables.source import Figure, SnapshotData, available_dates

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
class SeriesPoint:
    as_of: dt.date
    population_base: dt.date
    population: int
    issued: int
    rate: Decimal


@dataclass(frozen=True)
class HistoryPoint:
    """A municipality's figures at one snapshot, next to the national average."""

    as_of: dt.date
    population_base: dt.date
    population: int
    issued: int
    rate: Decimal
    national_rate: Decimal | None
    below_average: bool

    @property
    def points_vs_national(self) -> Decimal | None:
        return None if self.national_rate is None else points_change(self.national_rate, self.rate)


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
    *, as_of: dt.date, compare_with: dt.date | None = None, grouping: str = ""
) -> list[TableResult]:
    results = []
    loaded: dict[dt.date, SnapshotData] = {}  # each snapshot's figures are read once per page
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
    if key == "municipalities":
        if prefecture is None:
            raise TableError("市区町村別の表は都道府県を指定してダウンロードしてください")
        options["prefecture"] = prefecture.name
    table = build_table(key, as_of=as_of, **options)
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


def national_series() -> list[SeriesPoint]:
    """The national total at every snapshot that has one, oldest first (three queries).

    Complete snapshots are summed in the database (the same sum the table builder makes); for
    the others the builder's :func:`national_total` picks from the published totals.
    """
    snapshots = list(IssuanceSnapshot.objects.order_by("as_of"))
    sums = {
        snapshot_id: (int(population), int(issued))
        for snapshot_id, population, issued in MunicipalityFigure.objects.filter(snapshot__complete=True)
        .values("snapshot_id")
        .annotate(population=Sum("population"), issued=Sum("issued"))
        .values_list("snapshot_id", "population", "issued")
    }
    published = _published_totals([s for s in snapshots if s.pk not in sums])
    points = []
    for snapshot in snapshots:
        if snapshot.pk in sums:
            population, issued = sums[snapshot.pk]
        else:
            total = national_total(published[snapshot.pk])
            if total is None:
                continue
            population, issued = total.population, total.issued
        points.append(
            SeriesPoint(
                as_of=snapshot.as_of,
                population_base=snapshot.population_base,
                population=population,
                issued=issued,
                rate=rate_percent(issued, population),
            )
        )
    return points


def _published_totals(snapshots: list[IssuanceSnapshot]) -> dict[int, SnapshotData]:
    """The published prefecture and group totals of ``snapshots``, in two queries."""
    if not snapshots:
        return {}
    data = {s.pk: SnapshotData(s, municipalities=[], prefectures=[], group_totals=[]) for s in snapshots}
    for snapshot_id, code, name, population, issued in (
        PrefectureFigure.objects.filter(snapshot__in=snapshots)
        .order_by("prefecture__code")
        .values_list("snapshot_id", "prefecture__code", "prefecture__name", "population", "issued")
    ):
        data[snapshot_id].prefectures.append(Figure(code, name, name, population, issued))
    for snapshot_id, label, population, issued in (
        GroupTotal.objects.filter(snapshot__in=snapshots)
        .order_by("id")
        .values_list("snapshot_id", "label", "population", "issued")
    ):
        data[snapshot_id].group_totals.append(Figure("", label, "", population, issued))
    return data


def municipality_history(municipality: Municipality) -> list[HistoryPoint]:
    """The municipality's figures at every snapshot that has them, with the national average."""
    national = {point.as_of: point for point in national_series()}
    figures = (
        MunicipalityFigure.objects.filter(municipality=municipality)
        .select_related("snapshot")
        .order_by("snapshot__as_of")
    )
    history = []
    for figure in figures:
        as_of = figure.snapshot.as_of
        total = national.get(as_of)
        history.append(
            HistoryPoint(
                as_of=as_of,
                population_base=figure.snapshot.population_base,
                population=figure.population,
                issued=figure.issued,
                rate=rate_percent(figure.issued, figure.population),
                national_rate=None if total is None else total.rate,
                below_average=total is not None
                and below_average(figure.issued, figure.population, total.issued, total.population),
            )
        )
    return history
