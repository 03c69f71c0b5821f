"""Issuance rate (人口に対する交付枚数率) and rankings.

Rate = issued ÷ population × 100, rounded half-up to one decimal (checked against every row the
seeds print). Rankings order by the exact ratio, not by the rounded rate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

T = TypeVar("T")


def exact_ratio(issued: int, population: int) -> Fraction:
    if population <= 0:
        raise ValueError("人口が0以下のため交付率を計算できません")
    return Fraction(issued, population)


def rate_percent(issued: int, population: int, places: int = 1) -> Decimal:
    """Issued per population in percent, rounded half-up (``75.1`` for 122,835 / 163,571)."""
    ratio = exact_ratio(issued, population) * 100
    # Integer arithmetic only, so no float or Decimal context can flip a .x5 boundary.
    scaled = ratio * 10**places
    floor = scaled.numerator // scaled.denominator
    rounded = floor + 1 if scaled - floor >= Fraction(1, 2) else floor
    return Decimal(rounded).scaleb(-places)


def points_change(before: Decimal, after: Decimal) -> Decimal:
    """Change in percentage points between two printed rates."""
    return after - before


def rank_by_ratio(
    items: Sequence[T], issued: Callable[[T], int], population: Callable[[T], int]
) -> list[tuple[int, T]]:
    """Order ``items`` by exact issued/population ratio, descending; rank 1, 2, 3… (ties share a rank).

    Ties are equal exact ratios (rare); tied items share the better rank, the next rank skips.
    """
    keyed = sorted(items, key=lambda it: exact_ratio(issued(it), population(it)), reverse=True)
    ranked: list[tuple[int, T]] = []
    previous: Fraction | None = None
    current_rank = 0
    for position, item in enumerate(keyed, start=1):
        ratio = exact_ratio(issued(item), population(item))
        if ratio != previous:
            current_rank = position
            previous = ratio
        ranked.append((current_rank, item))
    return ranked


def below_average(issued: int, population: int, avg_issued: int, avg_population: int) -> bool:
    """True when the exact ratio is below the national (or reference) ratio."""
    return exact_ratio(issued, population) < exact_ratio(avg_issued, avg_population)


def totals(pairs: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """Sum (population, issued) pairs."""
    population = 0
    issued = 0
    for pop, iss in pairs:
        population += pop
        issued += iss
    return population, issued
