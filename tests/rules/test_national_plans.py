"""All plans against 月間330万枚 and the doubled 7万件/日 (seed 003), and the budget rules (seeds 000, 004)."""

from __future__ import annotations

import pytest

from kofu.rules.calendar import YearMonth, business_days
from kofu.rules.national_plans import cost_totals, national_rollup
from kofu.rules.plans import NATIONAL_MONTHLY_CEILING
from kofu.rules.subsidy import receipt_base_amount
from kofu.rules.subsidy_budget import (
    NATIONAL_BUDGET,
    OFFICIAL_RECEIPT_TOTAL,
    SUPPLEMENTARY,
    channel_differences,
    official_vs_derived,
    remaining,
)

SEP, OCT = YearMonth(2022, 9), YearMonth(2022, 10)


def test_the_ceiling_is_the_letters_three_point_three_million() -> None:
    # 「現在可能な最大の交付枚数月間三百三十万枚」 (seed 003, the minister's letter).
    assert NATIONAL_MONTHLY_CEILING == 3_300_000


def test_rollup_sums_each_month_and_flags_months_over_the_ceiling() -> None:
    rows = national_rollup([{SEP: 2_000_000, OCT: 1_000_000}, {SEP: 1_300_001}, {OCT: 5}])
    assert [(r.month, r.planned, r.plans, r.over_ceiling) for r in rows] == [
        (SEP, 3_300_001, 2, True),
        (OCT, 1_000_005, 2, False),
    ]
    assert rows[0].share_of_ceiling == "100.0"
    # 7万件/日 doubled, on each of September 2022's 20 business days.
    assert business_days(SEP) == 20
    assert rows[0].doubled_pace == 140_000 * 20


def test_exactly_the_ceiling_is_not_over_it() -> None:
    assert national_rollup([{SEP: 3_300_000}])[0].over_ceiling is False


def test_cost_totals_keep_not_stated_apart_from_zero() -> None:
    totals = cost_totals([(1_000, None, 500), (0, 2_000, None), (None, None, None)])
    assert (totals.cost_fy2021, totals.cost_fy2022, totals.estimated_grant) == (1_000, 2_000, 500)
    assert (totals.stated_fy2021, totals.stated_fy2022, totals.stated_grant) == (2, 1, 1)
    assert totals.cost_total == 3_000 and totals.plans == 3


def test_budget_is_the_seeds_figures_in_yen() -> None:
    # Seed 000: 令和３年度：59,262百万円（参考 令和４年度：61,610百万円）.
    assert NATIONAL_BUDGET == {2021: 59_262_000_000, 2022: 61_610_000_000}
    # Seed 004 p.12: 〈１０２億円〉 = ① 62億円 + ② 30億円 + ③ 10億円.
    assert sum(item.amount for item in SUPPLEMENTARY[2021]) == 10_200_000_000
    budget = remaining(2021, claimed=1_000_000)
    assert budget is not None
    assert budget.total == 69_462_000_000
    assert budget.remaining == 69_461_000_000
    fy2022 = remaining(2022, claimed=0)
    assert fy2022 is not None and fy2022.total == 61_610_000_000
    assert remaining(2023, claimed=0) is None
    with pytest.raises(ValueError):
        remaining(2021, claimed=-1)


def test_official_iv_beside_kofus_derivation() -> None:
    # Seed 004 p.13 prints ⅳ = 15,975,568; kofu's published months give 15,902,157.
    check = official_vs_derived(15_902_157)
    assert check.official == 15_975_568 == OFFICIAL_RECEIPT_TOTAL
    assert check.difference == -73_411
    assert official_vs_derived(None).difference is None
    # The seed's examples are computed with the official ⅳ: Ａ市 60,000枚 → 209.4万円.
    assert (
        receipt_base_amount(
            issued=60_000, total_issued=OFFICIAL_RECEIPT_TOTAL, municipalities=1741, budget=1_000_000_000
        )
        == 2_094_000
    )


def test_channel_differences_flag_only_what_differs() -> None:
    labels = {"at_counter": "申請時来庁方式", "outreach": "出張申請受付方式", "support": "申請サポート方式"}
    rows = channel_differences(
        {"at_counter": 120, "outreach": 30, "support": 5},
        {"at_counter": 120, "outreach": 25, "support": None},
        labels,
    )
    assert [(r.label, r.difference, r.flagged) for r in rows] == [
        ("申請時来庁方式", 0, False),
        ("出張申請受付方式", 5, True),
        ("申請サポート方式", None, False),
    ]
