"""Issuance rate (人口に対する交付枚数率) and rankings, in integer arithmetic.

Rate = issued ÷ population × 100, rounded half-up to one decimal (checked against every row the
seeds print). Rankings order by the exact ratio, not by the rounded rate: ratios are compared by
cross-multiplication (a/b < c/d ⇔ a·d < c·b, all counts being whole numbers), never through
``Fraction`` objects (one table built 17,000 of them) or floats alone.
"""

from __future__ import annotations

import heapq
import operator
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

T = TypeVar("T")


def exact_ratio(issued: int, population: int) -> Fraction:
    """The exact ratio, for callers that keep it (grants); tables use the integer helpers below."""
    if population <= 0:
        raise ValueError("人口が0以下のため交付率を計算できません")
    return Fraction(issued, population)


def round_half_up(numerator: int, denominator: int) -> int:
    """``numerator ÷ denominator`` rounded half-up to a whole number (both ≥ 0, denominator > 0)."""
    quotient, remainder = divmod(numerator, denominator)
    return quotient + 1 if 2 * remainder >= denominator else quotient


def rate_tenths(issued: int, population: int, places: int = 1) -> int:
    """The rate in units of 10**-places percent, rounded half-up (751 for 122,835 / 163,571)."""
    if population <= 0:
        raise ValueError("人口が0以下のため交付率を計算できません")
    return round_half_up(issued * 100 * 10**places, population)


def rate_percent(issued: int, population: int, places: int = 1) -> Decimal:
    """Issued per population in percent, rounded half-up (``75.1`` for 122,835 / 163,571)."""
    return Decimal(rate_tenths(issued, population, places)).scaleb(-places)


def whole_percent(part: int, whole: int) -> int:
    """``part ÷ whole`` in whole percent, rounded half-up (29 of 33 → 88)."""
    if whole <= 0:
        raise ValueError("母数が0以下のため割合を計算できません")
    return round_half_up(part * 100, whole)


def points_change(before: Decimal, after: Decimal) -> Decimal:
    """Change in percentage points between two printed rates."""
    return after - before


def compare_ratios(a_issued: int, a_population: int, b_issued: int, b_population: int) -> int:
    """-1, 0 or 1 as a_issued/a_population is below, equal to or above b_issued/b_population."""
    left = a_issued * b_population
    right = b_issued * a_population
    return (left > right) - (left < right)


def rank_by_ratio(
    items: Sequence[T], issued: Callable[[T], int], population: Callable[[T], int]
) -> list[tuple[int, T]]:
    """Order ``items`` by exact issued/population ratio, descending; rank 1, 2, 3… (ties share a rank).

    Ties are equal exact ratios (rare); tied items keep their given order and share the better
    rank, the next rank skips. The items are first sorted by the float ratio (equal ratios give
    equal floats, so ties keep their order), then one insertion pass with exact cross-multiplied
    comparisons corrects any pair the floats put the wrong way round (it moves nothing when the
    floats were right, which is every case seen in the published data).
    """
    keyed = [(issued(item), population(item), item) for item in items]
    for _, pop, _ in keyed:
        if pop <= 0:
            raise ValueError("人口が0以下のため交付率を計算できません")
    keyed.sort(key=lambda entry: entry[0] / entry[1], reverse=True)
    _settle_exactly(keyed)
    ranked: list[tuple[int, T]] = []
    current_rank = 0
    for position, (iss, pop, item) in enumerate(keyed, start=1):
        if position == 1 or compare_ratios(iss, pop, keyed[position - 2][0], keyed[position - 2][1]) != 0:
            current_rank = position
        ranked.append((current_rank, item))
    return ranked


def top_by_ratio(
    items: Sequence[T], count: int, issued: Callable[[T], int], population: Callable[[T], int]
) -> list[tuple[int, T]]:
    """``rank_by_ratio(items, …)[:count]`` without ordering the rest (a top 10 of 900 towns).

    Rounding to a float never reverses two ratios (it can only make them equal), so an item whose
    float ratio is below the ``count``-th largest has ``count`` items strictly above it and is not
    among the first ``count``; the items at or above that float keep their given order and are
    ranked exactly. Every item before one of the first ``count`` is among them, so its rank is the same.
    """
    populations = [population(item) for item in items]
    if populations and min(populations) <= 0:
        raise ValueError("人口が0以下のため交付率を計算できません")
    if count <= 0:
        return []
    if count >= len(items):
        return rank_by_ratio(items, issued, population)[:count]
    ratios = list(map(operator.truediv, [issued(item) for item in items], populations))
    threshold = heapq.nlargest(count, ratios)[-1]
    candidates = [item for item, ratio in zip(items, ratios, strict=True) if ratio >= threshold]
    return rank_by_ratio(candidates, issued, population)[:count]


def _settle_exactly(keyed: list[tuple[int, int, T]]) -> None:
    """Insertion sort by exact ratio, descending and stable (linear when already in order)."""
    for index in range(1, len(keyed)):
        entry = keyed[index]
        position = index
        while (
            position > 0
            and compare_ratios(entry[0], entry[1], keyed[position - 1][0], keyed[position - 1][1]) > 0
        ):
            keyed[position] = keyed[position - 1]
            position -= 1
        keyed[position] = entry


def below_average(issued: int, population: int, avg_issued: int, avg_population: int) -> bool:
    """True when the exact ratio is strictly below the national (or reference) ratio."""
    return compare_ratios(issued, population, avg_issued, avg_population) < 0


def at_or_below_average(issued: int, population: int, avg_issued: int, avg_population: int) -> bool:
    """True when the exact ratio is at or below the reference ratio (the seeds' 全国平均以下).

    Equality is of the exact ratios, as a spreadsheet compares the cells' values: a row printing
    the same rounded rate as the average but a higher exact ratio is not marked.
    """
    return compare_ratios(issued, population, avg_issued, avg_population) <= 0
