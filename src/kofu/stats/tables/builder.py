"""Build the published tables from a snapshot.

Aggregates (prefectures, category groups, the national total) are computed from the municipality
figures when the snapshot covers every municipality; otherwise the published totals stored with
the snapshot are used (the demo data holds only what the seeds print).
"""

from __future__ import annotations

import datetime as dt
import operator
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kofu.rules.categories import CITIES_AND_WARDS, GROUPINGS, TOWN_VILLAGE, Category, Grouping, grouping_for
from kofu.rules.rates import at_or_below_average, rank_by_ratio, rate_percent, top_by_ratio
from kofu.stats import cache
from kofu.stats.tables.source import (
    Figure,
    SnapshotData,
    available_dates,
    cache_key,
    load_snapshot,
    snapshot_on,
    source_text,
)

NATIONAL = "全国"


class TableError(Exception):
    """A table cannot be built (no snapshot, or not enough data for it)."""


@dataclass(frozen=True)
class TableRow:
    rank: int | None
    name: str
    population: int
    issued: int
    rate: Decimal
    #: The seeds' mark (※, 全国平均以下): the exact ratio is at or below the national ratio.
    at_or_below_average: bool = False
    code: str = ""
    prefecture: str = ""


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    as_of: dt.date
    population_base: dt.date
    rows: list[TableRow]
    national: TableRow | None
    ranked: bool
    notes: list[str] = field(default_factory=list)
    #: ``issued`` (交付枚数) or ``held`` (保有枚数): what ``TableRow.issued`` counts.
    measure: str = "issued"
    #: 出典: the snapshot's credit, or the ministry's publication and the files imported.
    source: str = ""


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str
    build: Callable[[SnapshotData, TableRow | None, dict[str, str]], tuple[list[TableRow], bool]]


def _row(figure: Figure, *, rank: int | None, name: str, national: TableRow | None) -> TableRow:
    return TableRow(
        rank=rank,
        name=name,
        population=figure.population,
        issued=figure.issued,
        rate=rate_percent(figure.issued, figure.population),
        at_or_below_average=national is not None
        and at_or_below_average(figure.issued, figure.population, national.issued, national.population),
        code=figure.code,
        prefecture=figure.prefecture,
    )


def _sum(name: str, figures: Iterable[Figure]) -> Figure:
    population = 0
    issued = 0
    for figure in figures:
        population += figure.population
        issued += figure.issued
    if population == 0:
        raise TableError(f"「{name}」に該当する団体の数値がありません")
    return Figure(code="", name=name, prefecture="", population=population, issued=issued)


def _same_label(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        return unicodedata.normalize("NFKC", text).replace("政令指定都市", "指定都市").replace(" ", "")

    return norm(a) == norm(b)


def national_total(data: SnapshotData) -> Figure | None:
    """The national figure of the snapshot, computed once per loaded snapshot (every table uses it)."""
    if "national" not in data.derived:
        data.derived["national"] = _national_total(data)
    return data.derived["national"]  # type: ignore[return-value]  # what _national_total gave


def _national_total(data: SnapshotData) -> Figure | None:
    if data.snapshot.complete:
        return _sum(NATIONAL, data.municipalities)
    for total in data.group_totals:
        if _same_label(total.name, NATIONAL):
            return total
    if len(data.prefectures) == 47:
        return _sum(NATIONAL, data.prefectures)
    return None


def _ranked(
    figures: list[Figure],
    national: TableRow | None,
    name: Callable[[Figure], str],
    ranked: bool = True,
    first: int | None = None,
) -> list[TableRow]:
    """Rows in rank order; ``first``: only the first so many rows are ranked and made (a top 10 of 1,700)."""
    if first is None:
        pairs = rank_by_ratio(figures, issued=_issued, population=_population)
    else:
        pairs = top_by_ratio(figures, first, issued=_issued, population=_population)
    return [_row(f, rank=rank if ranked else None, name=name(f), national=national) for rank, f in pairs]


_issued = operator.attrgetter("issued")
_population = operator.attrgetter("population")


def _prefectures(
    data: SnapshotData, national: TableRow | None, _: dict[str, str]
) -> tuple[list[TableRow], bool]:
    if data.snapshot.complete:
        # One pass: per prefecture (in order of appearance) the code's first two digits and the sums.
        sums: dict[str, list[Any]] = {}
        for figure in data.municipalities:
            entry = sums.get(figure.prefecture)
            if entry is None:
                sums[figure.prefecture] = [figure.code[:2], figure.population, figure.issued]
            else:
                entry[0] = figure.code[:2]
                entry[1] += figure.population
                entry[2] += figure.issued
        figures = [
            Figure(code, name, name, population, issued) for name, (code, population, issued) in sums.items()
        ]
    elif data.prefectures:
        figures = data.prefectures
    else:
        raise TableError(
            "この時点には都道府県別の数値がありません（全市区町村分または都道府県別の公表値が必要です）"
        )
    return _ranked(figures, national, name=lambda f: f.name), True


def _in_categories(data: SnapshotData, categories: frozenset[Category]) -> list[Figure]:
    return [f for f in data.municipalities if f.category in categories]


def _category_table(
    category: Category,
) -> Callable[[SnapshotData, TableRow | None, dict[str, str]], tuple[list[TableRow], bool]]:
    def build(
        data: SnapshotData, national: TableRow | None, _: dict[str, str]
    ) -> tuple[list[TableRow], bool]:
        figures = _in_categories(data, frozenset({category}))
        if not figures:
            raise TableError(f"この時点には{category.value}の数値がありません")
        return _ranked(figures, national, name=lambda f: f.name), True

    return build


def _top10(
    categories: frozenset[Category],
) -> Callable[[SnapshotData, TableRow | None, dict[str, str]], tuple[list[TableRow], bool]]:
    def build(
        data: SnapshotData, national: TableRow | None, _: dict[str, str]
    ) -> tuple[list[TableRow], bool]:
        figures = _in_categories(data, categories)
        if not figures:
            raise TableError("この時点には市区町村別の数値がありません")
        return _ranked(figures, national, name=lambda f: f.prefecture + f.name, ranked=False, first=10), False

    return build


def _categories(
    data: SnapshotData, national: TableRow | None, options: dict[str, str]
) -> tuple[list[TableRow], bool]:
    grouping = resolve_grouping(options.get("grouping"), data.snapshot.as_of)
    total = national_total(data)
    if total is None:
        raise TableError("この時点には全国の数値がありません")
    rows = [_row(total, rank=None, name=grouping.total_label, national=None)]
    for group in grouping.groups:
        if data.snapshot.complete:
            figure = _sum(group.label, _in_categories(data, group.categories))
        else:
            published = [t for t in data.group_totals if _same_label(t.name, group.label)]
            if not published:
                printed = "、".join(t.name for t in data.group_totals) or "なし"
                raise TableError(
                    f"この時点の区分別の公表値に「{group.label}」がありません（公表されている区分: {printed}）。"
                    "別のまとめ方（--grouping）を指定してください"
                )
            figure = published[0]
        rows.append(_row(figure, rank=None, name=group.label, national=national))
    return rows, False


def _municipalities(
    data: SnapshotData, national: TableRow | None, options: dict[str, str]
) -> tuple[list[TableRow], bool]:
    figures = data.municipalities
    if options.get("prefecture"):
        figures = [f for f in figures if f.prefecture == options["prefecture"]]
    if options.get("category"):
        figures = [f for f in figures if f.category is not None and f.category.value == options["category"]]
    if not figures:
        raise TableError("条件に合う市区町村の数値がありません")
    # Within one prefecture the bare name is unique; nationwide (府中市 ×2) it needs the prefecture.
    if options.get("prefecture"):
        return _ranked(figures, national, name=lambda f: f.name), True
    return _ranked(figures, national, name=lambda f: f.prefecture + f.name), True


TABLES: dict[str, TableSpec] = {
    spec.key: spec
    for spec in [
        TableSpec("categories", "団体区分別", _categories),
        TableSpec("prefectures", "都道府県別", _prefectures),
        TableSpec("top10-cities", "区分別交付率上位10団体【特別区・市】", _top10(CITIES_AND_WARDS)),
        TableSpec("top10-towns", "区分別交付率上位10団体【町村】", _top10(TOWN_VILLAGE)),
        TableSpec("special-wards", "特別区", _category_table(Category.SPECIAL_WARD)),
        TableSpec("designated-cities", "指定都市", _category_table(Category.DESIGNATED_CITY)),
        TableSpec("core-cities", "中核市", _category_table(Category.CORE_CITY)),
        TableSpec("municipalities", "市区町村別", _municipalities),
    ]
}


def resolve_grouping(name: str | None, as_of: dt.date) -> Grouping:
    if not name:
        return grouping_for(as_of)
    try:
        return GROUPINGS[name]
    except KeyError:
        raise TableError(f"団体区分のまとめ方「{name}」はありません（{' / '.join(GROUPINGS)}）") from None


def build_table(
    key: str, *, as_of: dt.date, loaded: dict[dt.date, SnapshotData] | None = None, **options: str
) -> Table:
    """Build table ``key`` for the snapshot whose issuance date is ``as_of``.

    Built once per snapshot version and options in each process (:mod:`kofu.stats.cache`); the
    returned table is shared, so callers never change it. ``loaded`` is an optional per-request
    memo of the snapshots already read (it saves the look-up of the snapshot row).
    """
    spec = TABLES.get(key)
    if spec is None:
        raise TableError(f"集計表「{key}」はありません（{' / '.join(TABLES)}）")
    data = loaded.get(as_of) if loaded is not None else None
    if data is None:
        snapshot = snapshot_on(as_of)
        if snapshot is None:
            dates = "、".join(f"{d:%Y-%m-%d}" for d in available_dates()) or "なし"
            raise TableError(f"{as_of:%Y-%m-%d} 時点の交付状況は取り込まれていません（取込済み: {dates}）")
        data = load_snapshot(snapshot)
        if loaded is not None:
            loaded[as_of] = data
    settings = tuple(sorted((name, value) for name, value in options.items() if value))
    return cache.remember(
        cache_key(data.snapshot, "table", key, settings), lambda: _build(spec, data, options)
    )


def _build(spec: TableSpec, data: SnapshotData, options: dict[str, str]) -> Table:
    snapshot = data.snapshot
    total = national_total(data)
    national = _row(total, rank=None, name=NATIONAL, national=None) if total else None
    rows, ranked = spec.build(data, national, options)
    return Table(
        key=spec.key,
        title=spec.title,
        as_of=snapshot.as_of,
        population_base=snapshot.population_base,
        rows=rows,
        national=national,
        ranked=ranked,
        measure=snapshot.measure,
        source=source_text(snapshot),
    )
