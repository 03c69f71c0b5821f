"""Surveys: respondent selection, cross-table counts, effect sizes and staff acquisition rates.

Pure functions (no ORM, no clock). Seed 000 selects, per municipality category, the top and the
bottom N municipalities by issuance rate and compares how many of each group take a measure;
seed 002 counts the organisations whose staff application rate reaches 90 % and 80 %.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

T = TypeVar("T")

TOP = "top"
BOTTOM = "bottom"

#: Seed 000: designated cities 5/5, special wards 5/5, core cities 10/10, other cities of at least
#: 100,000 people 10/10 (category → N per side).
SEED_000_QUOTAS: dict[str, int] = {"指定都市": 5, "特別区": 5, "中核市": 10, "その他の市": 10}
SEED_000_MIN_POPULATION: dict[str, int] = {"その他の市": 100_000}


@dataclass(frozen=True)
class Candidate:
    key: str
    category: str
    population: int
    issued: int


@dataclass(frozen=True)
class Selected:
    key: str
    category: str
    side: str  # TOP or BOTTOM
    rank: int  # 1 = highest rate in the category (TOP) or lowest (BOTTOM)


def select_top_bottom(
    candidates: Iterable[Candidate],
    quotas: Mapping[str, int],
    min_population: Mapping[str, int] | None = None,
) -> list[Selected]:
    """Top and bottom ``quotas[category]`` candidates per category by exact issued/population.

    Candidates below ``min_population[category]`` are left out. Ties order by key so the
    selection is reproducible. A category with fewer than 2×N candidates gives each side at most
    half of them (a candidate is never on both sides).
    """
    floors = min_population or {}
    by_category: dict[str, list[Candidate]] = {}
    for c in candidates:
        if c.category not in quotas or c.population <= 0:
            continue
        if c.population < floors.get(c.category, 0):
            continue
        by_category.setdefault(c.category, []).append(c)
    chosen: list[Selected] = []
    for category, n in quotas.items():
        group = sorted(
            by_category.get(category, []), key=lambda c: (-Fraction(c.issued, c.population), c.key)
        )
        n = min(n, len(group) // 2)
        for rank, c in enumerate(group[:n], start=1):
            chosen.append(Selected(c.key, category, TOP, rank))
        for rank, c in enumerate(reversed(group[len(group) - n :]), start=1):
            chosen.append(Selected(c.key, category, BOTTOM, rank))
    return chosen


# --- Cross-tables ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One cross-table row: how many of each side have the property, out of how many."""

    label: str
    top: int
    bottom: int
    top_n: int
    bottom_n: int
    testable: bool = True  # a 2×2 of respondents (False for sums such as 計 of a multi-answer)


def count_row(
    label: str,
    answers: Mapping[str, Sequence[bool]],
    *,
    testable: bool = True,
) -> Row:
    """Count True per side: ``answers = {"top": [...], "bottom": [...]}`` (one flag per respondent)."""
    top = list(answers.get(TOP, []))
    bottom = list(answers.get(BOTTOM, []))
    return Row(label, sum(top), sum(bottom), len(top), len(bottom), testable)


def sum_row(label: str, rows: Sequence[Row]) -> Row:
    """A 計 row: the sum of other rows' counts (not a 2×2 table, so no test)."""
    top_n = rows[0].top_n if rows else 0
    bottom_n = rows[0].bottom_n if rows else 0
    return Row(label, sum(r.top for r in rows), sum(r.bottom for r in rows), top_n, bottom_n, False)


def two_by_two(row: Row) -> tuple[tuple[int, int], tuple[int, int]]:
    """[[top yes, top no], [bottom yes, bottom no]]."""
    return ((row.top, row.top_n - row.top), (row.bottom, row.bottom_n - row.bottom))


def odds_ratio(a: int, b: int, c: int, d: int) -> Fraction | None:
    """(a·d)/(b·c) with the Haldane–Anscombe correction (+½ to every cell) when any cell is 0.

    ``None`` when the table has an empty row or column (no ratio can be estimated).
    """
    if min(a, b, c, d) < 0:
        raise ValueError("度数が負です")
    if (a + b == 0) or (c + d == 0) or (a + c == 0) or (b + d == 0):
        return None
    if 0 in (a, b, c, d):
        half = Fraction(1, 2)
        return ((a + half) * (d + half)) / ((b + half) * (c + half))
    return Fraction(a * d, b * c)


def haldane_corrected(a: int, b: int, c: int, d: int) -> bool:
    return 0 in (a, b, c, d)


def proportion_difference(row: Row) -> Fraction | None:
    """Top share − bottom share (a fraction; ×100 for percentage points)."""
    if row.top_n == 0 or row.bottom_n == 0:
        return None
    return Fraction(row.top, row.top_n) - Fraction(row.bottom, row.bottom_n)


def round_half_up(value: Fraction, places: int) -> Decimal:
    scaled = abs(value) * 10**places
    floor = scaled.numerator // scaled.denominator
    rounded = floor + 1 if scaled - floor >= Fraction(1, 2) else floor
    result = Decimal(rounded).scaleb(-places)
    return -result if value < 0 else result


# --- Staff acquisition (seed 002) -------------------------------------------------------------


def application_rate(applications: int, staff: int) -> Fraction | None:
    """Applications (or cards held) ÷ staff; ``None`` for an organisation with no staff."""
    if staff < 0 or applications < 0:
        raise ValueError("人数が負です")
    if staff == 0:
        return None
    return Fraction(applications, staff)


def rate_percent(numerator: int, denominator: int, places: int = 1) -> Decimal | None:
    rate = application_rate(numerator, denominator)
    return None if rate is None else round_half_up(rate * 100, places)


@dataclass(frozen=True)
class ThresholdCount:
    threshold_percent: int
    count: int
    total: int

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.count, self.total) if self.total else None

    @property
    def share_percent(self) -> Decimal | None:
        share = self.share
        return None if share is None else round_half_up(share * 100, 1)


def at_or_above(
    rates: Iterable[Fraction | None], thresholds: Sequence[int] = (90, 80)
) -> list[ThresholdCount]:
    """How many organisations reach each threshold (in percent, ``rate ≥ t/100`` exactly).

    Organisations with no rate (no staff) are not counted in the total.
    """
    known = [r for r in rates if r is not None]
    return [ThresholdCount(t, sum(1 for r in known if r >= Fraction(t, 100)), len(known)) for t in thresholds]


def totals(items: Iterable[T], *fields: Callable[[T], int]) -> tuple[int, ...]:
    """Column sums (a roll-up of departments to an organisation, or organisations to a prefecture)."""
    sums = [0] * len(fields)
    for item in items:
        for i, f in enumerate(fields):
            sums[i] += f(item)
    return tuple(sums)


def yield_per_day(applications: int, days: int) -> Fraction | None:
    """Outreach events: applications taken per event day."""
    return Fraction(applications, days) if days > 0 else None
