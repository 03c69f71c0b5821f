"""デジタル田園都市国家構想交付金: the card-issuance conditions of the grant (seed 001).

The advanced types (全国的なモデルケースとなる先進的な取組: former Type2/3 and the Society5.0
type) may be applied for only by a municipality whose *current issuance rate is at or above the
national average and which has set the goal of issuing to all residents* (現状交付率全国平均以上
かつ全住民への交付を目標として掲げていること). The other types weigh the rate (交付率を勘案).

Rates are compared as exact ratios (issued ÷ population), never as the rounded percentages: a
municipality printed at 49.0 % may still be below a national 49.0 %.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from kofu.rules.rates import exact_ratio, rate_percent


class GrantError(ValueError):
    """An input the grant rules cannot work with; the message is for the user, in Japanese."""


@dataclass(frozen=True)
class NationalAverage:
    """The national issued and population totals the average rate is taken from."""

    issued: int
    population: int

    def __post_init__(self) -> None:
        if self.population <= 0:
            raise GrantError("全国の人口が0以下のため、全国平均の交付率を計算できません")
        if self.issued < 0:
            raise GrantError(f"全国の交付枚数が負の数です: {self.issued:,}")

    @property
    def ratio(self) -> Fraction:
        return Fraction(self.issued, self.population)

    @property
    def rate(self) -> Decimal:
        """The average as printed: percent, one decimal, rounded half-up."""
        return rate_percent(self.issued, self.population)


def national_average(figures: Iterable[tuple[int, int]]) -> NationalAverage:
    """The average of (issued, population) pairs: Σ issued ÷ Σ population (not a mean of rates)."""
    issued = 0
    population = 0
    for one_issued, one_population in figures:
        issued += one_issued
        population += one_population
    return NationalAverage(issued=issued, population=population)


def meets_average(issued: int, population: int, average: NationalAverage) -> bool:
    """True when issued ÷ population ≥ the national ratio, compared exactly."""
    return exact_ratio(issued, population) >= average.ratio


def cards_needed(issued: int, population: int, average: NationalAverage) -> int:
    """The smallest n ≥ 0 with (issued + n) ÷ population ≥ the national ratio (integers only).

    (issued + n) × P ≥ I × population, with I/P the national totals, so
    n = ⌈I × population ÷ P⌉ − issued, or 0 when already there.
    """
    if population <= 0:
        raise GrantError("人口が0以下のため、必要な交付枚数を計算できません")
    if issued < 0:
        raise GrantError(f"交付枚数が負の数です: {issued:,}")
    target = -(-average.issued * population // average.population)  # ceiling division
    return max(0, target - issued)


@dataclass(frozen=True)
class Assessment:
    """One municipality against the conditions of the advanced grant types."""

    issued: int
    population: int
    rate: Decimal  # printed rate, percent
    national_average: Decimal  # printed national average, percent
    meets_rate: bool  # exact ratio ≥ national ratio
    declared: bool  # has set the goal of issuing to all residents
    cards_needed: int | None  # None when the rate condition holds

    @property
    def eligible(self) -> bool:
        """May apply for the advanced types: rate at or above the average *and* the goal declared."""
        return self.meets_rate and self.declared


def assess(*, issued: int, population: int, average: NationalAverage, declared: bool) -> Assessment:
    if population <= 0:
        raise GrantError("人口が0以下のため、交付率を計算できません")
    if issued < 0:
        raise GrantError(f"交付枚数が負の数です: {issued:,}")
    meets = meets_average(issued, population, average)
    return Assessment(
        issued=issued,
        population=population,
        rate=rate_percent(issued, population),
        national_average=average.rate,
        meets_rate=meets,
        declared=declared,
        cards_needed=None if meets else cards_needed(issued, population, average),
    )
