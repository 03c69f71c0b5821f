"""Window capacity against the renewal wave: new cards plus renewals, month by month.

Renewals take their own handling time (minutes per card renewal and per certificate renewal, a
setting). They are turned into *new-card equivalents* with the plan's throughput: a window hands
over ``per_window_daily`` new cards in a day of ``day_minutes``, so one new card takes
``day_minutes ÷ per_window_daily`` minutes and a renewal of m minutes counts as
``m × per_window_daily ÷ day_minutes`` new cards. The month is then sized with the plan's own
window arithmetic (:func:`kofu.rules.plans.size_month`): windows, staff and terminals needed, the
capacity of the windows the municipality has, and whether they suffice.

What-ifs change the inputs only: another window, opening every Saturday, outreach days (cards
handled away from the windows, taken off the load), a measured walk-in throughput in place of the
plan's. Pure, no clock.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

import jpholiday

from kofu.rules.calendar import HolidayCheck, YearMonth, weekend_days_available
from kofu.rules.plans import PlanMonth, Ratios, Windows, size_month

DAY_MINUTES = 420
CARD_RENEWAL_MINUTES = 20
CERTIFICATE_RENEWAL_MINUTES = 10


@dataclass(frozen=True)
class Handling:
    """Minutes a window is open per day and a renewal takes (settings on the page and CLI)."""

    day_minutes: int = DAY_MINUTES
    card_renewal_minutes: int = CARD_RENEWAL_MINUTES
    certificate_renewal_minutes: int = CERTIFICATE_RENEWAL_MINUTES

    def validate(self) -> None:
        if self.day_minutes <= 0 or self.card_renewal_minutes <= 0 or self.certificate_renewal_minutes <= 0:
            raise ValueError("窓口の開設時間・更新の処理時間は正の分数で指定してください")


@dataclass(frozen=True)
class WhatIf:
    extra_windows: int = 0
    saturdays: bool = False
    outreach_days: int = 0
    outreach_daily: int = 0
    measured_per_window_daily: Fraction | None = None

    @property
    def is_plan(self) -> bool:
        return self == WhatIf()


DEFAULT_HANDLING = Handling()
AS_PLANNED = WhatIf()


@dataclass(frozen=True)
class Demand:
    month: YearMonth
    new_cards: int
    card_renewals: int
    certificate_renewals: int
    weekend_days: int = 0
    temporary_windows: int = 0


@dataclass(frozen=True)
class CapacityMonth:
    demand: Demand
    #: New cards plus renewals in new-card equivalents, less what outreach days take.
    load: int
    outreach: int
    sized: PlanMonth

    @property
    def shortfall(self) -> int | None:
        """Cards (new-card equivalents) beyond the capacity; None when the windows are unknown."""
        if self.sized.capacity is None:
            return None
        return max(0, self.load - self.sized.capacity)

    @property
    def short(self) -> bool:
        return self.sized.feasible is False


def equivalents(demand: Demand, per_window_daily: Fraction, handling: Handling) -> int:
    """New cards plus renewals counted in new-card handling time (rounded up)."""
    minutes = (
        demand.card_renewals * handling.card_renewal_minutes
        + demand.certificate_renewals * handling.certificate_renewal_minutes
    )
    return demand.new_cards + math.ceil(Fraction(minutes) * per_window_daily / handling.day_minutes)


def saturdays(month: YearMonth, is_holiday: HolidayCheck = jpholiday.is_holiday) -> int:
    """Saturdays of the month that are not holidays (opening every Saturday)."""
    return sum(1 for day in month.days() if day.weekday() == 5 and not is_holiday(day))


def capacity(
    demands: Sequence[Demand],
    *,
    windows: Windows,
    ratios: Ratios | None = None,
    handling: Handling = DEFAULT_HANDLING,
    what_if: WhatIf = AS_PLANNED,
    is_holiday: HolidayCheck = jpholiday.is_holiday,
) -> list[CapacityMonth]:
    handling.validate()
    if what_if.extra_windows < 0 or what_if.outreach_days < 0 or what_if.outreach_daily < 0:
        raise ValueError("追加の窓口数・出張日数・1日の処理件数は0以上で指定してください")
    per_window = what_if.measured_per_window_daily or Fraction(windows.per_window_daily)
    if per_window <= 0:
        raise ValueError("1窓口1日当たりの処理件数は正の数で指定してください")
    result = []
    for demand in demands:
        adjusted = replace(
            windows,
            per_window_daily=per_window,
            windows=None if windows.windows is None else windows.windows + what_if.extra_windows,
            temporary_windows=windows.temporary_windows + demand.temporary_windows,
        )
        weekend = demand.weekend_days
        if what_if.saturdays:
            weekend = min(
                max(weekend, saturdays(demand.month, is_holiday)), weekend_days_available(demand.month)
            )
        total = equivalents(demand, per_window, handling)
        outreach = min(total, what_if.outreach_days * what_if.outreach_daily)
        load = total - outreach
        sized = size_month(
            demand.month,
            load,
            windows=adjusted,
            weekend_days=weekend,
            ratios=ratios or Ratios(),
            is_holiday=is_holiday,
        )
        result.append(CapacityMonth(demand, load, outreach, sized))
    return result
