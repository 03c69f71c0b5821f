"""size_month's integer arithmetic equals the plain Fraction formulas of the module docstring."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from kofu.rules.calendar import YearMonth, business_days
from kofu.rules.plans import Ratios, Windows, size_month

MAY = YearMonth(2022, 5)  # Golden Week: 19 business days


@pytest.mark.parametrize("target", [0, 1, 79, 1_519, 1_520, 1_521, 33_333, 250_000])
@pytest.mark.parametrize(
    ("per_window", "shared", "shared_rate"),
    [(80, 0, 0), (Fraction(755, 10), 2, Fraction(121, 4)), (Fraction(1, 3), 1, 7)],
)
def test_windows_capacity_and_staff_match_the_fraction_formulas(target, per_window, shared, shared_rate):
    windows = Windows(
        per_window_daily=per_window,
        windows=5,
        shared_windows=shared,
        shared_per_window_daily=shared_rate,
        temporary_windows=1,
    )
    ratios = Ratios(staff_per_window=Fraction(3, 2), terminals_per_window=Fraction(1))
    month = size_month(MAY, target, windows=windows, weekend_days=2, ratios=ratios)

    days = business_days(MAY) + 2
    shared_used, rest = 0, target
    if shared and target:
        per_shared = days * Fraction(shared_rate)
        shared_used = min(shared, math.ceil(target / per_shared))
        rest = max(0, target - math.floor(shared_used * per_shared))
    dedicated = math.ceil(Fraction(rest) / (days * Fraction(per_window))) if rest else 0
    capacity = math.floor(days * (6 * Fraction(per_window) + shared * Fraction(shared_rate)))
    assert (month.shared_windows_used, month.dedicated_windows_needed) == (shared_used, dedicated)
    assert month.capacity == capacity
    assert month.staff_needed == math.ceil((shared_used + dedicated) * Fraction(3, 2))
    assert month.feasible is (dedicated <= 6)
