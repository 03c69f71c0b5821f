"""Subsidy rules: the receipt-encouragement base amount (seed 004), the publicity cap, fiscal years."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kofu.rules.subsidy import (
    ChannelApplications,
    SubsidyError,
    fiscal_year,
    fiscal_year_bounds,
    fiscal_year_label,
    publicity_cap,
    receipt_base_amount,
    receipt_base_amounts,
    subsidy_amount,
    unit_price_ceiling,
)

SEED_TOTAL = 15_975_568  # ⅳ in the seed's example
SEED_MUNICIPALITIES = 1741  # ⅱ = 300,000 × 1,741 = 522,300,000
BUDGET = 1_000_000_000


@pytest.mark.parametrize(
    ("issued", "base"),
    [
        (60_000, 2_094_000),  # Ａ市 209.4万円
        (25_000, 1_047_000),  # Ｂ市 104.7万円
        (300, 308_000),  # Ｃ市 30.8万円
    ],
)
def test_the_seeds_worked_examples_come_out_exactly(issued, base):
    assert (
        receipt_base_amount(
            issued=issued, total_issued=SEED_TOTAL, municipalities=SEED_MUNICIPALITIES, budget=BUDGET
        )
        == base
    )


def test_the_seeds_fixed_part_is_three_hundred_thousand_yen_per_municipality():
    # ⅲ = 0 leaves ⅰ alone; ⅱ = 522,300,000 only for 1,741 municipalities.
    assert 300_000 * SEED_MUNICIPALITIES == 522_300_000
    assert (
        receipt_base_amount(
            issued=0, total_issued=SEED_TOTAL, municipalities=SEED_MUNICIPALITIES, budget=BUDGET
        )
        == 300_000
    )


def test_truncation_is_below_one_thousand_yen_not_rounding():
    # 300 + 477,700,000 × 300 / 15,975,568 = 308,970.6… → 308,000, not 309,000.
    assert (
        receipt_base_amount(
            issued=300, total_issued=SEED_TOTAL, municipalities=SEED_MUNICIPALITIES, budget=BUDGET
        )
        == 308_000
    )


def test_a_municipality_with_every_card_gets_the_whole_budget_less_the_others_fixed_parts():
    assert receipt_base_amount(issued=10, total_issued=10, municipalities=3, budget=1_000_000) == 400_000


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"issued": -1}, "交付枚数（ⅲ）が負の数"),
        ({"total_issued": -5}, "合計（ⅳ）が負の数"),
        ({"issued": 0, "total_issued": 0}, "ⅳ）が0"),
        ({"issued": 20_000_000}, "を超えています"),
        ({"municipalities": 0}, "市区町村数は1以上"),
        ({"municipalities": -3}, "市区町村数は1以上"),
        ({"budget": 500_000_000}, "ⅱ）522,300,000円"),
        ({"budget": -1}, "予算額"),
        ({"per_municipality": -1}, "ⅰ）が負の数"),
        ({"issued": True}, "整数"),
    ],
)
def test_impossible_input_is_refused_in_japanese(kwargs, message):
    arguments = {
        "issued": 60_000,
        "total_issued": SEED_TOTAL,
        "municipalities": SEED_MUNICIPALITIES,
        "budget": BUDGET,
    } | kwargs
    with pytest.raises(SubsidyError, match=message):
        receipt_base_amount(**arguments)


def test_a_budget_exactly_the_fixed_parts_gives_everyone_the_fixed_part():
    bases = receipt_base_amounts({"a": 5, "b": 0, "c": 95}, budget=900_000)
    assert bases == {"a": 300_000, "b": 300_000, "c": 300_000}


def test_no_municipalities_or_no_cards_at_all_are_refused():
    with pytest.raises(SubsidyError, match="市区町村が1つもない"):
        receipt_base_amounts({}, budget=BUDGET)
    with pytest.raises(SubsidyError, match="ⅳ）が0"):
        receipt_base_amounts({"a": 0, "b": 0}, budget=BUDGET)
    with pytest.raises(SubsidyError, match="負の団体が1件"):
        receipt_base_amounts({"a": 5, "b": -1}, budget=BUDGET)


issued_maps = st.dictionaries(
    st.integers(min_value=0, max_value=2000),
    st.integers(min_value=0, max_value=2_000_000),
    min_size=1,
    max_size=60,
).filter(lambda m: sum(m.values()) > 0)


@given(
    issued=issued_maps,
    per_municipality=st.integers(min_value=0, max_value=1_000_000),
    extra=st.integers(min_value=0, max_value=10**12),
)
def test_the_bases_of_all_municipalities_add_up_to_the_budget_within_the_truncation(
    issued, per_municipality, extra
):
    budget = per_municipality * len(issued) + extra
    bases = receipt_base_amounts(issued, budget=budget, per_municipality=per_municipality)
    total = sum(bases.values())
    assert budget - len(issued) * 1000 < total <= budget
    assert all(base % 1000 == 0 for base in bases.values())


@given(
    issued=st.integers(min_value=0, max_value=10**8),
    more=st.integers(min_value=0, max_value=10**8),
    rest=st.integers(min_value=1, max_value=10**8),
    municipalities=st.integers(min_value=1, max_value=2000),
    extra=st.integers(min_value=0, max_value=10**11),
)
def test_more_cards_never_mean_a_smaller_base_and_the_base_is_at_least_the_fixed_part(
    issued, more, rest, municipalities, extra
):
    total = issued + more + rest
    budget = 300_000 * municipalities + extra
    smaller = receipt_base_amount(
        issued=issued, total_issued=total, municipalities=municipalities, budget=budget
    )
    larger = receipt_base_amount(
        issued=issued + more, total_issued=total, municipalities=municipalities, budget=budget
    )
    assert 300_000 <= smaller <= larger <= budget


@given(
    issued=st.integers(min_value=0, max_value=10**7),
    rest=st.integers(min_value=0, max_value=10**8),
    municipalities=st.integers(min_value=1, max_value=2000),
    extra=st.integers(min_value=0, max_value=10**11),
)
def test_one_truncation_of_the_exact_value_equals_truncating_the_share_first(
    issued, rest, municipalities, extra
):
    total = issued + rest
    if total == 0:
        return
    budget = 300_000 * municipalities + extra
    share = (budget - 300_000 * municipalities) * issued // total
    expected = (300_000 + share) // 1000 * 1000
    assert (
        receipt_base_amount(issued=issued, total_issued=total, municipalities=municipalities, budget=budget)
        == expected
    )


@given(actual=st.integers(min_value=0, max_value=10**12), base=st.integers(min_value=0, max_value=10**12))
def test_the_subsidy_never_exceeds_the_actual_spend_or_the_base(actual, base):
    amount = subsidy_amount(actual=actual, limit=base)
    assert amount <= actual
    assert amount <= base
    assert amount in (actual, base)


def test_negative_actual_spend_is_refused():
    with pytest.raises(SubsidyError, match="実支出額が負の数"):
        subsidy_amount(actual=-1, limit=100)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2021, 4, 1), 2021),
        (dt.date(2021, 12, 31), 2021),
        (dt.date(2022, 1, 1), 2021),
        (dt.date(2022, 3, 31), 2021),
        (dt.date(2022, 4, 1), 2022),
    ],
)
def test_the_fiscal_year_runs_from_april_to_march(day, year):
    assert fiscal_year(day) == year


def test_fiscal_year_bounds_and_labels():
    assert fiscal_year_bounds(2021) == (dt.date(2021, 4, 1), dt.date(2022, 3, 31))
    assert fiscal_year_label(2021) == "2021年度（令和3年度）"
    assert fiscal_year_label(2019) == "2019年度（令和元年度）"
    assert fiscal_year_label(2018) == "2018年度（平成30年度）"


APPLICATIONS = ChannelApplications(at_counter=1_000, outreach=300, support=200)  # 1,500 in all


@pytest.mark.parametrize(
    ("year", "unit_price", "cap"),
    [
        (2020, 1_000, 1_500_000),
        (2021, 2_000, 3_000_000),  # 令和3年度に限り最大2,000円
        (2021, 1_500, 2_250_000),
        (2022, 2_000, 3_000_000),  # 令和4年度も継続
        (2023, 1_000, 1_500_000),  # 最大1,000円に戻る
        (2023, 0, 0),
    ],
)
def test_publicity_cap_is_applications_of_the_three_channels_times_the_unit_price(year, unit_price, cap):
    assert publicity_cap(applications=APPLICATIONS, unit_price=unit_price, year=year) == cap


@pytest.mark.parametrize(
    ("year", "unit_price", "message"),
    [
        (2023, 1_001, "単価1,001円は2023年度（令和5年度）の上限1,000円を超えています"),
        (2020, 2_000, "単価2,000円は2020年度（令和2年度）の上限1,000円を超えています"),
        (2021, 2_001, "単価2,001円は2021年度（令和3年度）の上限2,000円を超えています"),
        (2022, -1, "単価が負の数"),
    ],
)
def test_a_unit_price_over_the_years_maximum_is_refused(year, unit_price, message):
    with pytest.raises(SubsidyError, match=message.replace("(", r"\(").replace(")", r"\)")):
        publicity_cap(applications=APPLICATIONS, unit_price=unit_price, year=year)


def test_configured_ceilings_override_the_built_in_ones():
    overrides = {2024: 1_500, 2021: 1_800}
    assert unit_price_ceiling(2024, overrides) == 1_500
    assert unit_price_ceiling(2021, overrides) == 1_800
    assert unit_price_ceiling(2022, overrides) == 2_000
    assert (
        publicity_cap(applications=APPLICATIONS, unit_price=1_500, year=2024, overrides=overrides)
        == 2_250_000
    )
    with pytest.raises(SubsidyError, match="上限1,800円"):
        publicity_cap(applications=APPLICATIONS, unit_price=2_000, year=2021, overrides=overrides)


def test_negative_application_counts_are_refused():
    with pytest.raises(SubsidyError, match="出張申請受付方式の受付件数が負の数"):
        ChannelApplications(outreach=-1)
