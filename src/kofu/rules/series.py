"""Monthly volumes and averages of a cumulative series (cards issued or held, month after month).

As the Digital Agency's dashboard defines them, from cumulative figures at successive dates:

- **monthly volume** (月間の増加数): the cumulative count at a date minus the count at the
  previous date of the series (cards added in the period);
- **daily average over the period** (期間の1日平均): that volume ÷ the days between the two dates;
  the dashboard's 4-week average of daily figures is this average over a 28-day period, and with
  the ministry's monthly figures the period is the month (28–31 days);
- **month average** (1か月平均): the volume ÷ the months in the period (days ÷ 365.25/12), which is
  the monthly volume itself for consecutive month-ends and spreads the early, irregular
  publication dates (2017-03-08 → 2017-05-15) over their months.

Averages are whole cards, rounded half-up (a negative volume, cards held falling, rounds its
magnitude). No volume is computed across a change of measure (交付枚数 → 保有枚数, July 2023): the
first point after the break starts a new series.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from kofu.rules.measures import breaks_between
from kofu.rules.rates import round_half_up

#: Days in a mean month: 365.25 / 12 = 1461 / 48.
_MONTH_DAYS = (1461, 48)
FOUR_WEEKS = 28


@dataclass(frozen=True)
class Cumulative:
    as_of: dt.date
    count: int
    measure: str = "issued"


@dataclass(frozen=True)
class Period:
    """What was added between the previous point and this one (``None`` where it cannot be said)."""

    as_of: dt.date
    added: int | None
    days: int | None
    daily_average: int | None
    monthly_average: int | None
    breaks: bool  # this point counts something else than the previous one


def _signed_half_up(numerator: int, denominator: int) -> int:
    if numerator < 0:
        return -round_half_up(-numerator, denominator)
    return round_half_up(numerator, denominator)


def daily_average(added: int, days: int) -> int:
    """Cards per day over ``days`` days, rounded half-up."""
    if days <= 0:
        raise ValueError("期間の日数が0以下です")
    return _signed_half_up(added, days)


def monthly_average(added: int, days: int) -> int:
    """Cards per mean month (365.25 / 12 days) over ``days`` days, rounded half-up."""
    if days <= 0:
        raise ValueError("期間の日数が0以下です")
    month_numerator, month_denominator = _MONTH_DAYS
    return _signed_half_up(added * month_numerator, days * month_denominator)


def periods(points: Sequence[Cumulative]) -> list[Period]:
    """One :class:`Period` per point, oldest first (the points must be in date order)."""
    result: list[Period] = []
    previous: Cumulative | None = None
    for point in points:
        if previous is not None and point.as_of <= previous.as_of:
            raise ValueError(f"日付が古い順に並んでいません: {previous.as_of} → {point.as_of}")
        if previous is None or breaks_between(previous.measure, point.measure):
            result.append(Period(point.as_of, None, None, None, None, breaks=previous is not None))
        else:
            added = point.count - previous.count
            days = (point.as_of - previous.as_of).days
            result.append(
                Period(
                    point.as_of, added, days, daily_average(added, days), monthly_average(added, days), False
                )
            )
        previous = point
    return result


def cards_needed(count: int, target: int) -> int:
    """Cards still to issue to reach ``target`` (0 when reached)."""
    return max(0, target - count)


@dataclass(frozen=True)
class Target:
    """A national goal: cards for ``share_percent`` % of the population by ``deadline``."""

    deadline: dt.date
    share_percent: int
    label: str

    def cards(self, population: int) -> int:
        return round_half_up(population * self.share_percent, 100)


#: 累次の閣議決定: 「令和4年度末までに、ほぼ全国民に行き渡ることを目指す」 (seed 004).
NATIONAL_TARGET = Target(
    deadline=dt.date(2023, 3, 31),
    share_percent=100,
    label="令和4年度末（2023年3月31日）までにほぼ全国民に行き渡ることを目指す",
)
