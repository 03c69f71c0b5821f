"""The integer rate and ranking give the answers the former ``Fraction`` code gave, on all 43 months.

The reference below is the former implementation (exact ``Fraction`` arithmetic), kept here only
to prove the integer version equal to it on every municipality and prefecture row published in
``../shared/data/issuance`` (2017-03 to 2022-09).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kofu.rules.rates import (
    at_or_below_average,
    below_average,
    compare_ratios,
    rank_by_ratio,
    rate_percent,
    top_by_ratio,
    whole_percent,
)


def fraction_rate(issued: int, population: int) -> Decimal:
    scaled = Fraction(issued, population) * 100 * 10
    floor = scaled.numerator // scaled.denominator
    rounded = floor + 1 if scaled - floor >= Fraction(1, 2) else floor
    return Decimal(rounded).scaleb(-1)


def fraction_ranking(items):
    keyed = sorted(items, key=lambda it: Fraction(it[1], it[2]), reverse=True)
    ranked, previous, current = [], None, 0
    for position, item in enumerate(keyed, start=1):
        ratio = Fraction(item[1], item[2])
        if ratio != previous:
            current, previous = position, ratio
        ranked.append((current, item))
    return ranked


def months(shared_dir):
    return sorted(p for p in (shared_dir / "data" / "issuance").iterdir() if p.is_dir())


def read(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_there_are_43_months(shared_dir):
    assert len(months(shared_dir)) == 43


@pytest.mark.slow
def test_rates_ranks_and_marks_equal_the_fraction_results_on_every_month(shared_dir):
    checked = 0
    for month in months(shared_dir):
        rows = read(month / "all_localgovs.csv")
        items = [
            (r["都道府県名"] + r["市区町村名"], int(r["交付枚数"]), int(r["総数（人口）"])) for r in rows
        ]
        national_issued = sum(i for _, i, _ in items)
        national_population = sum(p for _, _, p in items)
        for name, issued, population in items:
            assert rate_percent(issued, population) == fraction_rate(issued, population), (month.name, name)
            below = Fraction(issued, population) < Fraction(national_issued, national_population)
            assert below_average(issued, population, national_issued, national_population) == below
            assert at_or_below_average(issued, population, national_issued, national_population) == (
                Fraction(issued, population) <= Fraction(national_issued, national_population)
            )
        new = rank_by_ratio(items, issued=lambda it: it[1], population=lambda it: it[2])
        assert new == fraction_ranking(items), month.name
        by_prefecture = defaultdict(list)
        for row, item in zip(rows, items, strict=True):
            by_prefecture[row["都道府県名"]].append(item)
        for members in by_prefecture.values():
            assert rank_by_ratio(members, issued=lambda it: it[1], population=lambda it: it[2]) == (
                fraction_ranking(members)
            )
        prefectures = [
            (r["都道府県名"], int(r["交付枚数"]), int(r["総数（人口）"]))
            for r in read(month / "all_prefectures.csv")
        ]
        assert rank_by_ratio(prefectures, issued=lambda it: it[1], population=lambda it: it[2]) == (
            fraction_ranking(prefectures)
        )
        checked += len(items)
    assert checked > 43 * 1700


def test_ties_keep_their_order_and_a_float_misordering_is_corrected():
    # Two ratios a float cannot tell apart (differ by 1e-17) must still be ordered exactly.
    big = 10**17
    items = [("low", big, big + 1), ("high", big + 1, big + 2), ("tie-a", 1, 2), ("tie-b", 2, 4)]
    ranked = rank_by_ratio(items, issued=lambda it: it[1], population=lambda it: it[2])
    assert [(rank, it[0]) for rank, it in ranked] == [(1, "high"), (2, "low"), (3, "tie-a"), (3, "tie-b")]
    assert compare_ratios(big + 1, big + 2, big, big + 1) == 1


def _top(items, count):
    return top_by_ratio(items, count, issued=lambda it: it[1], population=lambda it: it[2])


def _ranked(items):
    return rank_by_ratio(items, issued=lambda it: it[1], population=lambda it: it[2])


def test_the_first_of_a_ranking_are_the_ranking_s_first_on_every_published_month(shared_dir):
    for month in months(shared_dir):
        items = [
            (r["都道府県名"] + r["市区町村名"], int(r["交付枚数"]), int(r["総数（人口）"]))
            for r in read(month / "all_localgovs.csv")
        ]
        ranked = _ranked(items)
        for count in (1, 10, 47, len(items), len(items) + 1):
            assert _top(items, count) == ranked[:count], (month.name, count)


@given(
    st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 30), st.integers(1, 30)).map(
            lambda t: (t[0], min(t[1], t[2]), t[2])
        ),
        max_size=30,
    ),
    st.integers(0, 12),
)
def test_the_first_of_a_ranking_with_many_ties_are_the_ranking_s_first(items, count):
    assert _top(items, count) == _ranked(items)[:count]


def test_a_top_ranking_orders_ratios_a_float_cannot_tell_apart():
    big = 10**17
    items = [("a", 1, 3), ("low", big, big + 1), ("tie-a", 1, 2), ("high", big + 1, big + 2), ("tie-b", 2, 4)]
    assert [(rank, it[0]) for rank, it in _top(items, 2)] == [(1, "high"), (2, "low")]
    assert [(rank, it[0]) for rank, it in _top(items, 4)] == [
        (1, "high"),
        (2, "low"),
        (3, "tie-a"),
        (3, "tie-b"),
    ]
    with pytest.raises(ValueError, match="人口が0以下"):
        _top([("x", 1, 2), ("y", 0, 0), ("z", 1, 3)], 1)


@pytest.mark.parametrize(
    ("part", "whole", "percent"),
    [(29, 33, 88), (897, 1741, 52), (19, 19, 100), (1, 8, 13), (1, 200, 1), (1, 201, 0), (0, 5, 0)],
)
def test_whole_percent_rounds_half_up(part, whole, percent):
    assert whole_percent(part, whole) == percent
