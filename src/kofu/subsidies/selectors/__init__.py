"""Reads for subsidy and grant calculations: figures from imported snapshots, configuration.

The arithmetic lives in :mod:`kofu.rules.subsidy` and :mod:`kofu.rules.grants`; these functions
fetch plain numbers (a few queries each, whatever the number of municipalities) and hand them over.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from kofu.rules import grants, subsidy
from kofu.stats.models import IssuanceSnapshot, MunicipalityFigure
from kofu.subsidies.models import FiscalYearUnitPrice, GoalDeclaration

#: A refusal lists at most this many municipalities, then how many more.
MAX_LISTED = 10


class SnapshotProblem(Exception):
    """The snapshots cannot support the calculation; the message says why, in Japanese."""


def database_ready() -> bool:
    """True when ``kofu init`` has created the tables these reads need."""
    tables = set(connection.introspection.table_names())
    return {IssuanceSnapshot._meta.db_table, GoalDeclaration._meta.db_table} <= tables


def _listing(items: list[str]) -> str:
    shown = "、".join(items[:MAX_LISTED])
    rest = len(items) - MAX_LISTED
    return shown + (f" ほか{rest}団体" if rest > 0 else "")


def complete_snapshot(as_of: dt.date, option: str) -> IssuanceSnapshot:
    snapshot = IssuanceSnapshot.objects.filter(as_of=as_of).first()
    if snapshot is None:
        raise SnapshotProblem(
            f"{option} {as_of:%Y-%m-%d} 時点の交付状況が取り込まれていません。"
            "kofu stats import で市区町村別のファイルを取り込んでください（kofu stats snapshots で一覧）"
        )
    if not snapshot.complete:
        raise SnapshotProblem(
            f"{option} {as_of:%Y-%m-%d} 時点の交付状況は全市区町村分がそろっていません"
            "（公表値の集計のみ）。市区町村別のファイルを取り込んでください"
        )
    return snapshot


@dataclass(frozen=True)
class MunicipalityCount:
    code: str
    name: str  # prefecture + name
    population: int
    issued: int


def _counts(snapshot: IssuanceSnapshot) -> dict[int, MunicipalityCount]:
    rows = (
        MunicipalityFigure.objects.filter(snapshot=snapshot)
        .order_by("municipality__code")
        .values_list(
            "municipality_id",
            "municipality__code",
            "municipality__prefecture__name",
            "municipality__name",
            "population",
            "issued",
        )
    )
    return {
        municipality_id: MunicipalityCount(code, prefecture + name, population, issued)
        for municipality_id, code, prefecture, name, population, issued in rows
    }


# --- 受取勧奨の基準額 ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BaseRow:
    code: str
    name: str
    issued: int  # ⅲ: cards issued in the period
    base: int  # 基準額, yen


@dataclass(frozen=True)
class BaseAll:
    start: dt.date
    end: dt.date
    budget: int
    per_municipality: int
    rows: list[BaseRow]

    @property
    def total_issued(self) -> int:  # ⅳ
        return sum(row.issued for row in self.rows)

    @property
    def total_base(self) -> int:
        return sum(row.base for row in self.rows)


def issued_in_period(*, start: dt.date, end: dt.date) -> list[BaseRow]:
    """Cards each municipality issued between two complete snapshots (count at end − at start).

    Rows carry ``base=0``; :func:`receipt_base_all` fills it in. Refuses (SnapshotProblem) when a
    snapshot is missing or incomplete, the municipalities differ, or a count went down.
    """
    if start >= end:
        raise SnapshotProblem(
            f"期間の開始 --from {start:%Y-%m-%d} は終了 --as-of {end:%Y-%m-%d} より前の日付にしてください"
        )
    before = _counts(complete_snapshot(start, "--from"))
    after = _counts(complete_snapshot(end, "--as-of"))
    only_after = [after[k].name for k in after.keys() - before.keys()]
    only_before = [before[k].name for k in before.keys() - after.keys()]
    if only_after or only_before:
        parts = []
        if only_after:
            parts.append(f"{end:%Y-%m-%d} 時点にのみある団体: {_listing(sorted(only_after))}")
        if only_before:
            parts.append(f"{start:%Y-%m-%d} 時点にのみある団体: {_listing(sorted(only_before))}")
        raise SnapshotProblem(
            "2つの時点で市区町村がそろっていないため、期間中の交付枚数を計算できません。" + "。".join(parts)
        )
    decreased = [
        f"{now.name}（{before[k].issued:,}→{now.issued:,}）"
        for k, now in after.items()
        if now.issued < before[k].issued
    ]
    if decreased:
        raise SnapshotProblem(
            f"{start:%Y-%m-%d} から {end:%Y-%m-%d} の間に交付枚数が減っている団体があります"
            f"（{len(decreased)}団体）。取り込んだファイルを確認してください: {_listing(decreased)}"
        )
    return sorted(
        (
            BaseRow(code=now.code, name=now.name, issued=now.issued - before[k].issued, base=0)
            for k, now in after.items()
        ),
        key=lambda row: row.code,
    )


def receipt_base_all(
    *, start: dt.date, end: dt.date, budget: int, per_municipality: int = subsidy.PER_MUNICIPALITY
) -> BaseAll:
    """Every municipality's base amount for the receipt-encouragement publicity subsidy.

    Raises SnapshotProblem (snapshots) or :class:`kofu.rules.subsidy.SubsidyError` (amounts).
    """
    rows = issued_in_period(start=start, end=end)
    bases = subsidy.receipt_base_amounts(
        {row.code: row.issued for row in rows}, budget=budget, per_municipality=per_municipality
    )
    return BaseAll(
        start=start,
        end=end,
        budget=budget,
        per_municipality=per_municipality,
        rows=[BaseRow(code=r.code, name=r.name, issued=r.issued, base=bases[r.code]) for r in rows],
    )


# --- 宣伝及び集客の上限単価 ---------------------------------------------------------------------


def unit_price_overrides() -> dict[int, int]:
    """Fiscal year → ceiling of the publicity unit price, as configured (empty before ``kofu init``)."""
    if FiscalYearUnitPrice._meta.db_table not in connection.introspection.table_names():
        return {}
    return dict(FiscalYearUnitPrice.objects.values_list("fiscal_year", "max_unit_price"))


# --- デジタル田園都市国家構想交付金 -------------------------------------------------------------


@dataclass(frozen=True)
class GrantRow:
    code: str
    name: str
    assessment: grants.Assessment


@dataclass(frozen=True)
class GrantCheck:
    as_of: dt.date
    average: grants.NationalAverage
    rows: list[GrantRow]


def declared_municipality_ids(declared_by: dt.date | None = None) -> set[int]:
    declarations = GoalDeclaration.objects.all()
    if declared_by is not None:
        declarations = declarations.filter(declared_on__lte=declared_by)
    return set(declarations.values_list("municipality_id", flat=True))


def grant_check(*, as_of: dt.date, declared_by: dt.date | None = None) -> GrantCheck:
    """Each municipality of a complete snapshot against the advanced grant types' conditions.

    The national average is Σ issued ÷ Σ population over the snapshot's municipalities. A goal
    counts when it is recorded (and, with ``declared_by``, declared on or before that day).
    """
    counts = _counts(complete_snapshot(as_of, "--as-of"))
    if not counts:
        raise SnapshotProblem(f"--as-of {as_of:%Y-%m-%d} 時点に市区町村別の数値がありません")
    average = grants.national_average((c.issued, c.population) for c in counts.values())
    declared = declared_municipality_ids(declared_by)
    rows = [
        GrantRow(
            code=count.code,
            name=count.name,
            assessment=grants.assess(
                issued=count.issued,
                population=count.population,
                average=average,
                declared=municipality_id in declared,
            ),
        )
        for municipality_id, count in counts.items()
    ]
    rows.sort(key=lambda row: row.code)
    return GrantCheck(as_of=as_of, average=average, rows=rows)
