"""The issuance forecast: monthly cards issued, rate and its 80 % interval, months ahead.

**Monthly series.** Publications are dated the 1st of a month up to May 2022 (the count at the end
of the previous month) and the month end from June 2022; both mean "cumulative cards at the end of
month M". :func:`effective_day` maps a 1st to the day before; cumulative counts are interpolated
linearly in days to each month end between the first and the last publication (early years were
published irregularly; one month, 2022-03, is missing). Only month ends hit exactly by a
publication count as *observed* (backtests score only those).

**Method** (a damped trend on monthly increments, pooled):

* each unit's *level* is its share of the national increase — 80 % last month's share, 20 % its
  share over the last six months — times the national increase of the last month (never below 0);
* the national *momentum* is the slope of the log national increase over the last three months,
  halved, and damped by 0.8 a month ahead: month h adds ``level × exp(g × (φ + … + φʰ))`` cards.

The momentum is what lets the forecast follow a surge the baseline (each unit's last increase
carried forward) cannot; halving and damping it limits the damage when a surge stops. Pure
numpy, no clock, no ORM.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kofu.rules.calendar import YearMonth

FloatArray = npt.NDArray[np.float64]

#: The new population base (住民基本台帳人口 on 1 January) is published with the figures at the end
#: of August (2022: the 2022-08-31 figures; earlier years between July and September).
POPULATION_BASE_SWITCH = (8, 31)


class ForecastError(ValueError):
    """Not enough history to forecast (the message is Japanese, for the user)."""


@dataclass(frozen=True)
class Method:
    """The method's constants (docs/forecast.md explains each; backtests in docs/benchmarks.md)."""

    damping: float = 0.8
    momentum_share: float = 0.5
    momentum_months: int = 3
    own_weight: float = 0.8
    share_months: int = 6
    #: Monthly increments needed before a forecast is made.
    min_increments: int = 3


DEFAULT_METHOD = Method()


def effective_day(as_of: dt.date) -> dt.date:
    """The day a publication's count stands for: a 1st means the end of the previous month."""
    return as_of - dt.timedelta(days=1) if as_of.day == 1 else as_of


def month_end(month: YearMonth) -> dt.date:
    return dt.date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


def month_of(day: dt.date) -> YearMonth:
    return YearMonth(day.year, day.month)


@dataclass(frozen=True)
class Grid:
    """Cumulative cards at month ends: ``values[unit, month]``; ``observed[month]`` when published."""

    months: tuple[YearMonth, ...]
    values: FloatArray
    observed: tuple[bool, ...]

    @property
    def increments(self) -> FloatArray:
        return np.diff(self.values, axis=1)

    def until(self, month: YearMonth) -> Grid:
        """The grid cut after ``month`` (what was known at that month end)."""
        count = sum(1 for m in self.months if m <= month)
        return Grid(self.months[:count], self.values[:, :count], self.observed[:count])


def monthly_grid(days: Sequence[dt.date], issued: FloatArray) -> Grid:
    """Month-end cumulative counts from publications on ``days`` (effective days, ascending).

    ``issued[unit, publication]``. Month ends between the first and last day are interpolated.
    """
    if len(days) != issued.shape[1]:
        raise ValueError("days and columns differ")
    if not days:
        return Grid((), np.zeros((issued.shape[0], 0)), ())
    ordinals = np.array([d.toordinal() for d in days], dtype=np.float64)
    first, last = days[0], days[-1]
    month = month_of(first)
    if month_end(month) < first:
        month = month.shift(1)
    months: list[YearMonth] = []
    while month_end(month) <= last:
        months.append(month)
        month = month.shift(1)
    targets = np.array([month_end(m).toordinal() for m in months], dtype=np.float64)
    published = set(days)
    values = np.empty((issued.shape[0], len(months)))
    for row in range(issued.shape[0]):
        values[row] = np.interp(targets, ordinals, issued[row])
    observed = tuple(month_end(m) in published for m in months)
    return Grid(tuple(months), values, observed)


def momentum(national_increments: FloatArray, method: Method = DEFAULT_METHOD) -> float:
    """Monthly log growth of the national increase carried forward (0 when it cannot be read)."""
    recent = national_increments[-method.momentum_months :]
    if len(recent) < 2 or np.any(recent <= 0):
        return 0.0
    logs = np.log(recent)
    x = np.arange(len(logs), dtype=np.float64)
    x -= x.mean()
    slope = float((x * (logs - logs.mean())).sum() / (x * x).sum())
    return slope * method.momentum_share


def levels(increments: FloatArray, national: FloatArray, method: Method = DEFAULT_METHOD) -> FloatArray:
    """Each unit's expected monthly increase at the last month (shares of the national increase)."""
    last_total = national[-1]
    span = min(method.share_months, increments.shape[1])
    recent_total = national[-span:].sum()
    if last_total <= 0 or recent_total <= 0:
        level: FloatArray = np.maximum(increments[:, -1], 0.0)
        return level
    own = increments[:, -1] / last_total
    pooled = increments[:, -span:].sum(axis=1) / recent_total
    mixed: FloatArray = (method.own_weight * own + (1 - method.own_weight) * pooled) * last_total
    return np.maximum(mixed, 0.0)


def growth_factors(steps: int, g: float, method: Method = DEFAULT_METHOD) -> FloatArray:
    """``exp(g × (φ + … + φʰ))`` for h = 1 … steps."""
    powers = method.damping ** np.arange(1, steps + 1, dtype=np.float64)
    factors: FloatArray = np.exp(g * np.cumsum(powers))
    return factors


def forecast(
    grid: Grid, national_increments: FloatArray, steps: int, method: Method = DEFAULT_METHOD
) -> FloatArray:
    """Cumulative cards ``[unit, h − 1]`` for h = 1 … steps months after the grid's last month.

    ``national_increments`` are the nation's monthly increases over the same months (for a grid of
    the nation itself, its own increments).
    """
    increments = grid.increments
    if increments.shape[1] < method.min_increments:
        raise ForecastError(
            f"予測には{method.min_increments + 1}か月分以上の月末の数値が必要です"
            f"（{len(grid.months)}か月分しかありません）"
        )
    level = levels(increments, national_increments, method)
    factors = growth_factors(steps, momentum(national_increments, method), method)
    result: FloatArray = grid.values[:, -1:] + np.cumsum(level[:, None] * factors[None, :], axis=1)
    return result


def baseline(grid: Grid, steps: int) -> FloatArray:
    """The simple baseline: each unit's last monthly increase carried forward."""
    last = grid.values[:, -1] - grid.values[:, -2]
    result: FloatArray = grid.values[:, -1:] + last[:, None] * np.arange(1, steps + 1, dtype=np.float64)
    return result


def base_changes(base: dt.date, target: dt.date) -> int:
    """New population bases expected between the figures on ``base`` (1 January) and ``target``."""
    count = 0
    for year in range(base.year + 1, target.year + 1):
        if target >= dt.date(year, *POPULATION_BASE_SWITCH):
            count += 1
    return count


def projected_population(
    population: FloatArray, previous: FloatArray | None, base: dt.date, target: dt.date
) -> FloatArray:
    """The population the rate of ``target`` will be divided by.

    Each new base expected by then (:func:`base_changes`) repeats the unit's last yearly change
    (``previous`` → ``population``); without an earlier base the population is kept.
    """
    changes = base_changes(base, target)
    if previous is None or changes == 0:
        return population
    ratio = np.where(previous > 0, population / np.where(previous > 0, previous, 1.0), 1.0)
    projected: FloatArray = population * ratio**changes
    return projected


def rates(issued: FloatArray, population: FloatArray) -> FloatArray:
    """Rate in percent (arrays of the same shape), capped at 100 (never more cards than people)."""
    result: FloatArray = np.minimum(100.0 * issued / population, 100.0)
    return result
