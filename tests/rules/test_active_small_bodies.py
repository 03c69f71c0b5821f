"""The ministry's second hearing group (seed 000 2③): small bodies promoting the card actively."""

from __future__ import annotations

import pytest

from kofu.rules.categories import Category
from kofu.rules.hearings import SEED_CRITERIA_MONTH, SmallBody, active_small_bodies


def body(name: str, population: int, issued: int, category: Category | None = Category.TOWN) -> SmallBody:
    return SmallBody(name, category, population, issued)


def test_the_highest_rates_among_small_bodies_are_chosen_ties_sharing_the_last_place() -> None:
    bodies = [
        body("a", 10_000, 6_000),  # 60.0 %
        body("b", 3_000, 1_500),  # 50.0 %
        body("c", 5_000, 2_500),  # 50.0 %: ties with b
        body("d", 8_000, 3_000),  # 37.5 %
        body("big", 150_000, 149_000),  # not small
        body("core", 50_000, 49_000, Category.CORE_CITY),  # a peer of the first group
    ]
    chosen = active_small_bodies(bodies, top=2)
    assert [(s.body.name, s.rank) for s in chosen] == [("a", 1), ("b", 2), ("c", 2)]
    assert "交付率 60.0％" in chosen[0].reasons[0] and "小規模団体（4団体）の第1位" in chosen[0].reasons[0]


def test_population_100000_is_not_small_and_top_must_be_positive() -> None:
    assert active_small_bodies([body("x", 100_000, 90_000)]) == []
    assert [s.body.name for s in active_small_bodies([body("y", 99_999, 1)])] == ["y"]
    with pytest.raises(ValueError):
        active_small_bodies([], top=0)


def test_the_seed_states_the_33_percent_criterion_for_october_results() -> None:
    # Seed 004 p.11: 「人口当たりの交付率が33％未満の団体（10月分実績）」, slides of December 2021.
    assert SEED_CRITERIA_MONTH == (2021, 10)
