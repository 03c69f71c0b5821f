"""The issuance forecast's rules: month-end grid, damped trend, baseline, population bases."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from kofu.rules import forecast as rules
from kofu.rules.calendar import YearMonth

d = dt.date


def test_a_publication_on_the_first_stands_for_the_end_of_the_previous_month():
    assert rules.effective_day(d(2022, 6, 1)) == d(2022, 5, 31)
    assert rules.effective_day(d(2022, 6, 30)) == d(2022, 6, 30)
    assert rules.effective_day(d(2017, 3, 8)) == d(2017, 3, 8)


def test_the_grid_interpolates_month_ends_and_marks_the_published_ones():
    days = [d(2022, 2, 28), d(2022, 4, 30), d(2022, 5, 31)]  # 2022-03 was not published
    grid = rules.monthly_grid(days, np.array([[100.0, 159.0, 190.0]]))
    assert grid.months == (YearMonth(2022, 2), YearMonth(2022, 3), YearMonth(2022, 4), YearMonth(2022, 5))
    assert grid.observed == (True, False, True, True)
    # 31 of the 61 days from 28 February to 30 April
    assert grid.values[0, 1] == pytest.approx(100 + 59 * 31 / 61)
    assert grid.increments[0, -1] == 31


def test_irregular_early_publications_give_month_ends_inside_them_only():
    grid = rules.monthly_grid([d(2017, 3, 8), d(2017, 5, 15)], np.array([[0.0, 68.0]]))
    assert grid.months == (YearMonth(2017, 3), YearMonth(2017, 4))
    assert grid.observed == (False, False)
    assert grid.values[0, 0] == pytest.approx(23.0)  # 23 of 68 days


def test_momentum_is_half_the_log_slope_of_the_last_three_national_increases():
    national = np.array([5.0, 100.0, 150.0, 225.0])
    assert rules.momentum(national) == pytest.approx(0.5 * math.log(1.5))
    assert rules.momentum(np.array([100.0, 0.0, 150.0])) == 0.0


def test_levels_mix_last_month_share_and_six_month_share_of_the_national_increase():
    increments = np.array([[10.0, 10.0, 30.0], [90.0, 90.0, 70.0]])
    national = increments.sum(axis=0)
    levels = rules.levels(increments, national)
    # unit 0: 0.8 × 30/100 + 0.2 × 50/300 of the last national 100
    assert levels[0] == pytest.approx((0.8 * 0.3 + 0.2 * 50 / 300) * 100)
    assert levels.sum() == pytest.approx(100.0)


def test_the_forecast_adds_the_level_grown_by_the_damped_momentum():
    values = np.array([[0.0, 100.0, 250.0, 475.0]])
    grid = rules.Grid(tuple(YearMonth(2022, m) for m in (1, 2, 3, 4)), values, (True,) * 4)
    national = grid.increments[0]
    g = 0.5 * math.log(1.5)
    result = rules.forecast(grid, national, 2)
    first = 225 * math.exp(g * 0.8)
    second = 225 * math.exp(g * (0.8 + 0.64))
    assert result[0, 0] == pytest.approx(475 + first)
    assert result[0, 1] == pytest.approx(475 + first + second)


def test_a_forecast_needs_four_month_ends():
    grid = rules.Grid((YearMonth(2022, 1), YearMonth(2022, 2)), np.array([[1.0, 2.0]]), (True, True))
    with pytest.raises(rules.ForecastError, match="4か月分以上"):
        rules.forecast(grid, grid.increments[0], 1)


def test_the_baseline_carries_the_last_increase_forward():
    grid = rules.Grid((YearMonth(2022, 1), YearMonth(2022, 2)), np.array([[100.0, 130.0]]), (True, True))
    assert rules.baseline(grid, 3).tolist() == [[160.0, 190.0, 220.0]]


@pytest.mark.parametrize(
    ("target", "changes"),
    [(d(2022, 7, 31), 0), (d(2022, 8, 31), 1), (d(2023, 8, 30), 1), (d(2023, 8, 31), 2)],
)
def test_a_new_population_base_is_expected_with_the_august_figures(target, changes):
    assert rules.base_changes(d(2021, 1, 1), target) == changes


def test_the_projected_population_repeats_the_last_yearly_change():
    now, before = np.array([990.0]), np.array([1000.0])
    assert rules.projected_population(now, before, d(2022, 1, 1), d(2022, 12, 31)) == pytest.approx([990.0])
    assert rules.projected_population(now, before, d(2022, 1, 1), d(2023, 9, 30)) == pytest.approx([980.1])
    assert rules.projected_population(now, None, d(2022, 1, 1), d(2023, 9, 30)) == pytest.approx([990.0])


def test_rates_never_pass_100():
    assert rules.rates(np.array([50.0, 120.0]), np.array([100.0, 100.0])).tolist() == [50.0, 100.0]
