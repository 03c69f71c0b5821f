"""Booking numbers (readable on the phone) and a family's visit length (kofu.rules.booking_numbers)."""

from __future__ import annotations

import random

import pytest

from kofu.rules.booking_numbers import ALPHABET, PATTERN, new_number, normalise_number, visit_minutes


def test_a_new_number_is_two_groups_of_four_without_look_alikes():
    rng = random.Random(7)
    numbers = {new_number(rng.choice) for _ in range(2000)}
    assert len(numbers) == 2000
    assert all(PATTERN.match(n) for n in numbers)
    assert not set("01OIL") & set(ALPHABET)


@pytest.mark.parametrize(
    "typed", ["K7QM-3HXP", "k7qm3hxp", "Ｋ７ＱＭ－３ＨＸＰ", " K7QM 3HXP ", "K7QMー3HXP"]
)
def test_what_a_resident_types_back_is_the_printed_number(typed):
    assert normalise_number(typed) == "K7QM-3HXP"


@pytest.mark.parametrize("typed", ["", "K7QM-3HX", "K7QM-3HXPP", "K0QM-3HXP", "KOQM-3HXP", "K7QM-3HX1"])
def test_anything_else_is_not_a_number(typed):
    assert normalise_number(typed) is None


def test_a_family_visit_takes_the_first_card_plus_a_share_for_each_further_card():
    assert visit_minutes(1, first=15, each_more=10) == 15
    assert visit_minutes(2, first=15, each_more=10) == 25
    assert visit_minutes(4, first=15, each_more=10) == 45
    with pytest.raises(ValueError):
        visit_minutes(0, first=15, each_more=10)
