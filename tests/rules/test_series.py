import datetime as dt

import pytest

from kofu.rules.series import (
    NATIONAL_TARGET,
    Cumulative,
    cards_needed,
    daily_average,
    monthly_average,
    periods,
)

D = dt.date


def test_consecutive_month_ends_give_the_monthly_volume_and_its_averages():
    # National cards issued (summary_by_types.csv of 2022-07-31 and 2022-08-31 in ../shared/data).
    points = [Cumulative(D(2022, 7, 31), 58_151_191), Cumulative(D(2022, 8, 31), 59_660_827)]
    first, second = periods(points)
    assert first.added is None and not first.breaks
    assert second.added == 1_509_636
    assert second.days == 31
    assert second.daily_average == 48_698  # 1,509,636 / 31 = 48,697.9
    # 31 days are 31 / 30.4375 months: 1,509,636 × 30.4375 / 31 = 1,482,243.4
    assert second.monthly_average == 1_482_243


def test_irregular_early_dates_are_spread_over_their_months():
    (_, period) = periods([Cumulative(D(2017, 3, 8), 1000), Cumulative(D(2017, 5, 15), 3040)])
    assert period.days == 68
    assert period.daily_average == 30  # 2040 / 68 = 30.0
    assert period.monthly_average == 913  # 2040 × 1461 / (68 × 48) = 913.1


def test_a_change_of_measure_breaks_the_series():
    points = [
        Cumulative(D(2023, 5, 31), 92_000_000, "issued"),
        Cumulative(D(2023, 6, 30), 88_155_973, "held"),
        Cumulative(D(2023, 7, 31), 88_600_000, "held"),
    ]
    before, at_break, after = periods(points)
    assert at_break.breaks and at_break.added is None and at_break.daily_average is None
    assert after.added == 444_027 and not after.breaks


def test_falling_counts_round_their_magnitude_half_up():
    assert daily_average(-5, 2) == -3
    assert daily_average(5, 2) == 3
    assert monthly_average(0, 30) == 0


def test_dates_must_be_in_order():
    with pytest.raises(ValueError, match="古い順"):
        periods([Cumulative(D(2022, 2, 1), 1), Cumulative(D(2022, 1, 1), 2)])


def test_national_target_is_the_whole_population_by_the_end_of_fy2022():
    assert NATIONAL_TARGET.deadline == D(2023, 3, 31)
    # Seed 004, 2022-01-01: 51,871,720 cards for 126,654,244 residents.
    assert cards_needed(51_871_720, NATIONAL_TARGET.cards(126_654_244)) == 74_782_524
    assert cards_needed(10, 5) == 0
