import csv
from decimal import Decimal

import pytest

from kofu.rules.rates import rank_by_ratio, rate_percent


def test_every_printed_rate_in_the_seeds_follows_half_up_rounding(shared_dir):
    rows = list(csv.DictReader((shared_dir / "seed-tables" / "issuance_tables.csv").open(encoding="utf-8")))
    assert len(rows) == 228
    for row in rows:
        assert str(rate_percent(int(row["issued"]), int(row["population"]))) == row["rate_printed"], row


@pytest.mark.parametrize(
    ("issued", "population", "expected"),
    [
        (122835, 163571, "75.1"),
        (1, 8, "12.5"),
        (1, 3, "33.3"),
        (2, 3, "66.7"),
        (0, 5, "0.0"),
        (1, 400, "0.3"),
    ],
)
def test_rate_is_rounded_half_up_to_one_decimal(issued, population, expected):
    assert rate_percent(issued, population) == Decimal(expected)


def test_rate_refuses_zero_population():
    with pytest.raises(ValueError, match="人口"):
        rate_percent(1, 0)


def test_ranking_uses_the_exact_ratio_not_the_printed_rate():
    # 千代田区 49.3 and 目黒区 49.3 in seed 004: 千代田区 ranks 3rd because its exact ratio is higher.
    wards = [("目黒区", 281317, 138724), ("千代田区", 67216, 33150)]
    ranked = rank_by_ratio(wards, issued=lambda w: w[2], population=lambda w: w[1])
    assert [(rank, w[0]) for rank, w in ranked] == [(1, "千代田区"), (2, "目黒区")]


def test_equal_ratios_share_a_rank():
    ranked = rank_by_ratio(
        [("a", 10, 5), ("b", 20, 10), ("c", 10, 1)], issued=lambda x: x[2], population=lambda x: x[1]
    )
    assert [(rank, x[0]) for rank, x in ranked] == [(1, "a"), (1, "b"), (3, "c")]
