"""コンビニ交付 (certificates at convenience stores): participation rates and the special allocation tax.

Seed 004 (p.16–17): the participation table prints 参加率 in whole percent; computed half-up from
the printed counts every prefecture agrees except 神奈川県 29/33, printed 89 % (87.9 % → 88 %), a
misprint. The support through 特別交付税: 措置率 1/2, 上限額 6,000万円, for systems introduced by the
end of FY2022 (令和4年度), over three years (「期限までの導入で３年間の措置」).
"""

from __future__ import annotations

from dataclasses import dataclass

from kofu.rules.rates import whole_percent


def participation_rate(participating: int, municipalities: int) -> int:
    """参加率 in whole percent, rounded half-up (897 of 1,741 → 52)."""
    return whole_percent(participating, municipalities)


def population_in_man(population: int) -> int:
    """A population in 万人 (tens of thousands), rounded half-up: 109,161,171 → 10,916."""
    return (population + 5_000) // 10_000


@dataclass(frozen=True)
class AllocationRule:
    rate_numerator: int
    rate_denominator: int
    cap: int  # yen, over the whole measure for one municipality
    last_introduction_fiscal_year: int  # 措置期限 (introduced by the end of this fiscal year)
    years: int  # fiscal years of support from the year of introduction


#: 特別交付税措置 for introducing コンビニ交付 (seed 004 p.16).
SPECIAL_ALLOCATION = AllocationRule(
    rate_numerator=1, rate_denominator=2, cap=60_000_000, last_introduction_fiscal_year=2022, years=3
)


@dataclass(frozen=True)
class Allocation:
    amount: int  # yen
    reason: str  # the computation, or why nothing is allocated


def special_allocation(
    *,
    system_cost: int,
    introduced_fiscal_year: int,
    fiscal_year: int,
    already_allocated: int = 0,
    rule: AllocationRule = SPECIAL_ALLOCATION,
) -> Allocation:
    """The special allocation tax for ``fiscal_year``'s system cost (yen, rounded down to the yen).

    ``already_allocated`` is what earlier years of the same introduction received: the cap of
    6,000万円 is read as applying to the whole measure (three years), so a year gets at most what
    is left of it.
    """
    if system_cost < 0 or already_allocated < 0:
        raise ValueError("経費・措置済額は0以上で指定してください")
    if introduced_fiscal_year > rule.last_introduction_fiscal_year:
        return Allocation(0, f"措置期限（{rule.last_introduction_fiscal_year}年度までの導入）を過ぎています")
    last_year = introduced_fiscal_year + rule.years - 1
    if not introduced_fiscal_year <= fiscal_year <= last_year:
        return Allocation(
            0, f"措置の対象は導入年度から{rule.years}年間（{introduced_fiscal_year}～{last_year}年度）です"
        )
    half = system_cost * rule.rate_numerator // rule.rate_denominator
    left = max(0, rule.cap - already_allocated)
    amount = min(half, left)
    reason = (
        f"{system_cost:,}円 × {rule.rate_numerator}/{rule.rate_denominator} = {half:,}円"
        f"（上限 {rule.cap:,}円、措置済 {already_allocated:,}円、残り {left:,}円）→ {amount:,}円"
    )
    return Allocation(amount, reason)
