"""Survey rules: top/bottom selection, cross-table counts, effect sizes, staff acquisition thresholds."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from kofu.rules import surveys as rules


def candidate(key, category, population, issued):
    return rules.Candidate(key, category, population, issued)


def test_top_and_bottom_per_category_order_by_exact_rate():
    cands = [candidate(str(i), "中核市", 1000, 100 * i) for i in range(1, 7)]
    chosen = rules.select_top_bottom(cands, {"中核市": 2})
    assert [(s.key, s.side, s.rank) for s in chosen] == [
        ("6", "top", 1),
        ("5", "top", 2),
        ("1", "bottom", 1),
        ("2", "bottom", 2),
    ]


def test_cities_below_the_population_floor_are_left_out():
    cands = [candidate("small", "その他の市", 99_999, 99_000), candidate("a", "その他の市", 100_000, 1)]
    cands.append(candidate("b", "その他の市", 200_000, 2))
    chosen = rules.select_top_bottom(cands, {"その他の市": 1}, {"その他の市": 100_000})
    assert {s.key for s in chosen} == {"a", "b"}


def test_a_small_category_never_puts_one_municipality_on_both_sides():
    cands = [candidate(str(i), "指定都市", 100, i) for i in range(3)]
    chosen = rules.select_top_bottom(cands, {"指定都市": 5})
    assert len(chosen) == 2 and len({s.key for s in chosen}) == 2


def test_categories_without_a_quota_are_ignored():
    assert rules.select_top_bottom([candidate("x", "町", 100, 50)], {"中核市": 1}) == []


def test_count_row_counts_true_flags_per_side():
    row = rules.count_row("実施", {"top": [True] * 12 + [False] * 18, "bottom": [True] * 7 + [False] * 23})
    assert (row.top, row.bottom, row.top_n, row.bottom_n) == (12, 7, 30, 30)
    assert rules.two_by_two(row) == ((12, 18), (7, 23))


def test_sum_row_is_not_testable():
    a = rules.Row("a", 8, 4, 30, 30)
    b = rules.Row("b", 5, 1, 30, 30)
    total = rules.sum_row("計", [a, b])
    assert (total.top, total.bottom, total.testable) == (13, 5, False)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ((11, 19, 3, 27), Fraction(11 * 27, 19 * 3)),
        ((4, 6, 0, 10), Fraction(9, 2) * Fraction(21, 2) / (Fraction(13, 2) * Fraction(1, 2))),
        ((0, 5, 0, 5), None),
        ((5, 0, 5, 0), None),
    ],
)
def test_odds_ratio_uses_haldane_only_when_a_cell_is_zero(cells, expected):
    assert rules.odds_ratio(*cells) == expected
    assert rules.haldane_corrected(*cells) == (0 in cells)


def test_difference_in_proportions():
    row = rules.Row("x", 12, 7, 30, 30)
    assert rules.proportion_difference(row) == Fraction(5, 30)
    assert rules.round_half_up(Fraction(5, 30) * 100, 1) == Decimal("16.7")
    assert rules.round_half_up(Fraction(-5, 30) * 100, 1) == Decimal("-16.7")


def test_application_rate_and_percent():
    assert rules.application_rate(978, 1000) == Fraction(978, 1000)
    assert rules.rate_percent(978, 1000) == Decimal("97.8")
    assert rules.application_rate(0, 0) is None
    with pytest.raises(ValueError):
        rules.application_rate(-1, 10)


def fire_hq_rates():
    """Seed 002: of 723 fire headquarters at 2022-03-31, 169 at ≥ 90 % and 270 at ≥ 80 %."""
    return [Fraction(95, 100)] * 168 + [Fraction(9, 10)] + [Fraction(8, 10)] * 101 + [Fraction(79, 100)] * 453


def test_fire_headquarters_at_90_and_80_percent_as_seed_002_prints():
    ninety, eighty = rules.at_or_above(fire_hq_rates())
    assert (ninety.count, ninety.total, ninety.share_percent) == (169, 723, Decimal("23.4"))  # 約23％
    assert (eighty.count, eighty.total, eighty.share_percent) == (270, 723, Decimal("37.3"))  # 約37％


def test_local_governments_at_90_and_80_percent_as_seed_002_prints():
    rates = [Fraction(91, 100)] * 244 + [Fraction(85, 100)] * 202 + [Fraction(1, 2)] * 1342 + [None]
    ninety, eighty = rules.at_or_above(rates)
    assert (ninety.count, ninety.total, round(ninety.share_percent)) == (244, 1788, 14)  # 約14％
    assert (eighty.count, eighty.total, round(eighty.share_percent)) == (446, 1788, 25)  # 約25％


def test_totals_and_yield():
    assert rules.totals([(1, 2), (3, 4)], lambda t: t[0], lambda t: t[1]) == (4, 6)
    assert rules.yield_per_day(90, 3) == 30
    assert rules.yield_per_day(5, 0) is None
