"""Capacity against the renewal wave: renewals in new-card equivalents, sized by the plan's rules."""

from __future__ import annotations

from fractions import Fraction

import pytest

from kofu.rules import forecast_capacity as rules
from kofu.rules.calendar import YearMonth
from kofu.rules.plans import Windows

MONTH = YearMonth(2026, 2)  # 18 business days (20 weekdays less 11 and 23 Feb), 4 Saturdays
WINDOWS = Windows(per_window_daily=80, windows=2)


def demand(new=1000, cards=600, certificates=900, **extra):
    return rules.Demand(MONTH, new, cards, certificates, **extra)


def test_renewals_count_in_new_card_handling_time():
    # 420 minutes ÷ 80 cards = 5.25 minutes a new card; 600 × 20 + 900 × 10 = 21,000 minutes = 4,000 cards
    assert rules.equivalents(demand(), Fraction(80), rules.Handling()) == 1000 + 4000


def test_a_month_is_sized_with_the_plan_window_arithmetic_and_flagged_short():
    (month,) = rules.capacity([demand()], windows=WINDOWS)
    assert month.load == 5000
    assert month.sized.opening_days == 18
    assert month.sized.dedicated_windows_needed == 4  # ceil(5000 ÷ (18 × 80))
    assert month.sized.capacity == 2 * 18 * 80
    assert month.short and month.shortfall == 5000 - 2880


def test_what_ifs_change_only_the_inputs():
    base = rules.capacity([demand()], windows=WINDOWS)[0]
    more = rules.capacity([demand()], windows=WINDOWS, what_if=rules.WhatIf(extra_windows=2))[0]
    saturday = rules.capacity([demand()], windows=WINDOWS, what_if=rules.WhatIf(saturdays=True))[0]
    outreach = rules.capacity(
        [demand()], windows=WINDOWS, what_if=rules.WhatIf(outreach_days=2, outreach_daily=500)
    )[0]
    measured = rules.capacity(
        [demand()], windows=WINDOWS, what_if=rules.WhatIf(measured_per_window_daily=Fraction(120))
    )[0]
    assert more.sized.capacity == 4 * 18 * 80 and not more.short
    assert saturday.sized.weekend_days == 4 and saturday.sized.capacity == 2 * 22 * 80
    assert outreach.load == base.load - 1000 and outreach.outreach == 1000
    # a faster window also makes renewals count for more new cards: 21,000 × 120 ÷ 420 = 6,000
    assert measured.load == 7000 and measured.sized.capacity == 2 * 18 * 120


def test_without_stated_windows_capacity_is_unknown():
    (month,) = rules.capacity([demand()], windows=Windows(per_window_daily=80))
    assert month.shortfall is None and month.sized.feasible is None and not month.short


def test_handling_times_must_be_positive():
    with pytest.raises(ValueError, match="正の分数"):
        rules.capacity([demand()], windows=WINDOWS, handling=rules.Handling(card_renewal_minutes=0))
