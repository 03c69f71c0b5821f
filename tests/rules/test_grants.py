"""Digital Garden City grant conditions (seed 001): rate ≥ national average (exact) and a declared goal."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kofu.rules.grants import GrantError, NationalAverage, assess, cards_needed, national_average

THIRD = NationalAverage(issued=300, population=900)


def test_the_national_average_is_total_cards_over_total_population_not_a_mean_of_rates():
    average = national_average([(100, 1000), (900, 1000), (0, 8000)])
    assert average.ratio == Fraction(1000, 10000)
    assert average.rate == Decimal("10.0")


def test_a_municipality_exactly_at_the_average_with_a_declared_goal_is_eligible():
    result = assess(issued=100, population=300, average=THIRD, declared=True)
    assert result.meets_rate
    assert result.eligible
    assert result.cards_needed is None
    assert (result.rate, result.national_average) == (Decimal("33.3"), Decimal("33.3"))


def test_at_the_average_without_a_declared_goal_is_not_eligible_and_needs_no_cards():
    result = assess(issued=150, population=300, average=THIRD, declared=False)
    assert result.meets_rate
    assert not result.eligible
    assert result.cards_needed is None


def test_below_the_average_needs_the_exact_number_of_cards_even_with_a_declared_goal():
    result = assess(issued=50, population=300, average=THIRD, declared=True)
    assert not result.meets_rate
    assert not result.eligible
    assert result.cards_needed == 50


def test_a_printed_rate_equal_to_the_average_can_still_be_below_it():
    average = NationalAverage(issued=490, population=1000)  # 49.0 %
    result = assess(issued=4899, population=10000, average=average, declared=True)  # 48.99 → 49.0
    assert result.rate == average.rate == Decimal("49.0")
    assert not result.eligible
    assert result.cards_needed == 1


def test_one_card_short_of_a_fractional_target_needs_that_card():
    # 1/3 of 100 people is 33.33…: 33 cards are below the average, 34 reach it.
    assert cards_needed(33, 100, THIRD) == 1
    assert cards_needed(34, 100, THIRD) == 0


@given(
    issued=st.integers(min_value=0, max_value=200),
    population=st.integers(min_value=1, max_value=200),
    national_issued=st.integers(min_value=0, max_value=200),
    national_extra=st.integers(min_value=0, max_value=200),
)
def test_cards_needed_is_the_smallest_n_found_by_brute_force(
    issued, population, national_issued, national_extra
):
    average = NationalAverage(issued=national_issued, population=max(1, national_issued + national_extra))
    n = 0
    while Fraction(issued + n, population) < average.ratio:
        n += 1
    assert cards_needed(issued, population, average) == n
    result = assess(issued=issued, population=population, average=average, declared=True)
    assert result.cards_needed == (None if n == 0 else n)
    assert result.eligible == (n == 0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: NationalAverage(issued=1, population=0), "全国の人口が0以下"),
        (lambda: NationalAverage(issued=-1, population=10), "全国の交付枚数が負"),
        (lambda: assess(issued=1, population=0, average=THIRD, declared=True), "人口が0以下"),
        (lambda: assess(issued=-1, population=10, average=THIRD, declared=True), "交付枚数が負"),
        (lambda: cards_needed(1, 0, THIRD), "人口が0以下"),
    ],
)
def test_impossible_input_is_refused(call, message):
    with pytest.raises(GrantError, match=message):
        call()
