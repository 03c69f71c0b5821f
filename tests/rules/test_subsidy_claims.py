"""Claim statements: every category's payable amount, with each formula written out with its numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kofu.rules.subsidy import ChannelApplications, SubsidyError
from kofu.rules.subsidy_claims import (
    CATEGORY_BY_KEY,
    COST_CATEGORIES,
    RECEIPT_PERIODS,
    Basis,
    ReceiptBaseInputs,
    receipt_base_formula,
    statement,
)

SEED = {"total_issued": 15_975_568, "municipalities": 1741, "budget": 1_000_000_000}


@pytest.mark.parametrize(
    ("issued", "exact", "base"),
    [(60_000, "2,094,114", "2,094,000"), (25_000, "1,047,547", "1,047,000"), (300, "308,970", "308,000")],
)
def test_the_base_formula_shows_the_seeds_numbers_and_the_truncation(issued, exact, base):
    amount, text = receipt_base_formula(ReceiptBaseInputs(issued=issued, **SEED))
    assert amount == int(base.replace(",", ""))
    assert text == (
        f"基準額 = 300,000 + (1,000,000,000 − 522,300,000) × {issued:,} ÷ 15,975,568 = {exact}"
        f" → 千円未満切捨て {base}円"
    )


def test_the_categories_follow_the_seeds_list_with_one_basis_each():
    keys = [c.key for c in COST_CATEGORIES]
    assert len(keys) == len(set(keys)) == 14
    assert keys[0] == "personnel" and "人件費" in COST_CATEGORIES[0].label
    assert CATEGORY_BY_KEY["publicity"].basis is Basis.PUBLICITY
    assert CATEGORY_BY_KEY["receipt_encouragement"].basis is Basis.RECEIPT
    assert {c.basis for c in COST_CATEGORIES} == set(Basis)
    assert RECEIPT_PERIODS[2021].budget == 1_000_000_000


def test_seed_004_categories_number_writing_offsite_centre_and_post_office():
    # p.13①: staff writing the number on blank forms; p.13②: centres outside the office in their
    # own frame (基準額とは別枠); p.19: delegation to the post office is subsidised.
    assert "追記" in CATEGORY_BY_KEY["number_writing"].label
    assert CATEGORY_BY_KEY["special_centre_offsite"].frame == "centre"
    assert CATEGORY_BY_KEY["post_office"].basis is Basis.ACTUAL
    result = statement(
        fiscal_year=2022,
        spend={"personnel": 1_000, "number_writing": 200, "special_centre_offsite": 5_000, "post_office": 30},
        applications=ChannelApplications(),
        unit_price=0,
        receipt=None,
    )
    assert result.frame_totals == [
        ("基準額の枠内", 1_230),
        ("別枠（庁舎外の専門センターの設置）", 5_000),
        ("受取勧奨の基準額", 0),
    ]
    assert result.total_payable == 6_230


def test_a_statement_pays_actual_costs_and_caps_publicity_and_receipt_encouragement():
    result = statement(
        fiscal_year=2021,
        spend={"personnel": 5_000_000, "publicity": 3_000_000, "receipt_encouragement": 2_500_000},
        applications=ChannelApplications(at_counter=1_000, outreach=200, support=300),
        unit_price=2_000,
        receipt=ReceiptBaseInputs(issued=60_000, **SEED),
    )
    lines = {line.category.key: line for line in result.lines}
    assert lines["personnel"].payable == 5_000_000
    assert lines["personnel"].formulas == ("補助対象額 = 実支出額 5,000,000円",)
    assert lines["publicity"].limit == 3_000_000 and lines["publicity"].payable == 3_000_000
    assert lines["publicity"].formulas[0] == (
        "上限額 = (申請時来庁方式 1,000件 + 出張申請受付方式 200件 + 申請サポート方式 300件) × 単価 2,000円"
        " = 1,500件 × 2,000円 = 3,000,000円"
    )
    assert lines["receipt_encouragement"].limit == 2_094_000
    assert lines["receipt_encouragement"].payable == 2_094_000
    assert lines["receipt_encouragement"].formulas[-1] == (
        "補助対象額 = min(実支出額 2,500,000円, 基準額 2,094,000円) = 2,094,000円"
    )
    assert result.total_actual == 10_500_000
    assert result.total_payable == 5_000_000 + 3_000_000 + 2_094_000
    assert result.total_formula.endswith(f"= {result.total_payable:,}円")


def test_without_a_base_amount_the_receipt_line_pays_nothing_and_says_why():
    result = statement(
        fiscal_year=2023,
        spend={"receipt_encouragement": 100_000},
        applications=ChannelApplications(),
        unit_price=0,
        receipt=None,
    )
    assert result.lines[-1].payable == 0
    assert result.notes and "基準額を算出できない" in result.notes[0]


def test_a_unit_price_above_the_years_ceiling_is_refused():
    with pytest.raises(SubsidyError, match="上限1,000円"):
        statement(
            fiscal_year=2023, spend={}, applications=ChannelApplications(), unit_price=1_500, receipt=None
        )


def test_unknown_categories_and_negative_spend_are_refused():
    with pytest.raises(SubsidyError, match="区分ではありません"):
        statement(
            fiscal_year=2021,
            spend={"lunch": 1},
            applications=ChannelApplications(),
            unit_price=0,
            receipt=None,
        )
    with pytest.raises(SubsidyError, match="負の数"):
        statement(
            fiscal_year=2021,
            spend={"personnel": -1},
            applications=ChannelApplications(),
            unit_price=0,
            receipt=None,
        )


@given(
    spend=st.dictionaries(st.sampled_from([c.key for c in COST_CATEGORIES]), st.integers(0, 10**10)),
    counts=st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6)),
    price=st.integers(0, 2_000),
    issued=st.integers(0, 15_975_568),
)
def test_no_line_pays_more_than_its_spend_or_its_limit(spend, counts, price, issued):
    result = statement(
        fiscal_year=2021,
        spend=spend,
        applications=ChannelApplications(*counts),
        unit_price=price,
        receipt=ReceiptBaseInputs(issued=issued, **SEED),
    )
    for line in result.lines:
        assert line.payable <= line.actual
        if line.limit is not None:
            assert line.payable <= line.limit
    assert result.total_payable <= result.total_actual
