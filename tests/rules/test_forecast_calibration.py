"""Intervals of the forecast: past errors split into common and own parts, the 10th–90th band."""

from __future__ import annotations

import numpy as np
import pytest

from kofu.rules import forecast as forecast_rules
from kofu.rules import forecast_calibration as rules
from kofu.rules import forecast_targets as targets
from kofu.rules.calendar import YearMonth


def test_a_band_needs_three_past_windows():
    band = rules.band(rules.Errors((0.1, 0.2), np.zeros(10)))
    assert (band.low, band.high, band.windows) == (-0.6, 0.6, 0)


def test_the_band_spans_common_plus_own_errors():
    own = np.array([-0.1, 0.0, 0.1] * 100)
    band = rules.band(rules.Errors((-0.5, 0.0, 0.5), own))
    # nine equally likely sums from −0.6 to 0.6: the lowest and highest hold 1/9 > 10 % each
    assert band.low == pytest.approx(-0.6)
    assert band.high == pytest.approx(0.6)
    narrower = rules.band(rules.Errors((0.0, 0.0, 0.0), own))
    assert (narrower.low, narrower.high) == pytest.approx((-0.1, 0.1))
    assert band.windows == 3


def test_past_errors_use_only_what_was_known_at_each_month_end():
    months = tuple(YearMonth(2022, m) for m in range(1, 10))
    # a steady 100 cards a month: the method is exact, every error 0
    values = np.array([[100.0 * i for i in range(9)], [50.0 * i for i in range(9)]])
    grid = forecast_rules.Grid(months, values, (True,) * 9)
    errors = rules.past_errors(grid, grid.increments.sum(axis=0), 2, np.array([0, 1]))
    assert len(errors[0][0].common) == 5  # cutoffs 2022-04 … 2022-08
    assert np.allclose(errors[0][0].common, 0.0) and np.allclose(errors[0][1].own, 0.0)
    assert errors[0][0].own.size == errors[0][1].own.size == 5  # one unit in each class


def test_size_classes_are_thirds_by_population():
    assert rules.size_classes(np.array([5.0, 1.0, 9.0, 3.0, 7.0, 2.0])).tolist() == [1, 0, 2, 1, 2, 0]
    assert rules.size_classes(np.array([5.0, 1.0])).tolist() == [0, 0]


def test_each_size_class_gets_its_own_band():
    bands = ((rules.Band(-0.1, 0.1, 5), rules.Band(-0.5, 0.5, 5)),)
    low, high = rules.interval(
        np.array([[110.0], [110.0]]), np.array([100.0, 100.0]), bands, np.array([0, 1])
    )
    assert low[:, 0].tolist() == [109.0, 105.0] and high[:, 0].tolist() == [111.0, 115.0]


def test_intervals_never_go_below_the_cards_already_issued_nor_above_the_population():
    bands = ((rules.Band(-2.0, 3.0, 5),),)
    low, high = rules.interval(np.array([[110.0]]), np.array([100.0]), bands, None, np.array([120.0]))
    assert (low[0, 0], high[0, 0]) == (100.0, 120.0)


def test_the_score_counts_rates_inside_the_interval():
    s = rules.score(
        1,
        np.array([50.0, 60.0]),
        np.array([51.0, 58.0]),
        np.array([49.0, 59.0]),
        np.array([52.0, 59.5]),
        np.array([51.0, 61.0]),
    )
    assert (s.mae, s.baseline_mae, s.coverage) == (1.0, 1.5, 0.5)


def test_reach_months_say_already_a_month_or_not_at_this_pace():
    goal = targets.Target("ninety", "90％", 90.0)
    start = YearMonth(2022, 9)
    path = np.array([80.0, 85.0, 90.0, 95.0])
    reached = targets.reach(goal, 75.0, path, path - 10, path + 10, start)
    assert (reached.month, reached.earliest, reached.latest) == (
        YearMonth(2022, 12),
        YearMonth(2022, 10),
        None,
    )
    assert targets.reach(goal, 91.0, path, path, path, start).label == "到達済み"
    never = targets.reach(goal, 75.0, path - 20, path - 20, path - 20, start)
    assert never.month is None and never.label == "この勢いでは10年以内に到達しません"
