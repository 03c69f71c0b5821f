"""All plans of the country against the national ceiling, month by month (seed 003).

The minister's letter of 2020-10-27 (seed 003) names two national capacities: the cards issued
then, about 70,000 a day (「約7万件/日」), which the revised plans are to double, and the highest
monthly output possible, 3.3 million cards a month (「現在可能な最大の交付枚数月間三百三十万枚」).
:func:`national_rollup` adds up every plan's monthly target and sets each month against both: the
ceiling (3,300,000) and twice the daily pace times the month's national business days.

The expected costs of FY2021 and FY2022 and the 概算交付見込額 (seed 003 §4–§5) are summed the same
way by :func:`cost_totals`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kofu.rules.calendar import YearMonth, business_days
from kofu.rules.plans import NATIONAL_MONTHLY_CEILING
from kofu.rules.rates import rate_percent

#: 「現在の交付枚数（約7万件/日）」 (seed 003 §前文).
DAILY_PACE_2020 = 70_000
#: "倍増することを前提とした速やかな交付体制の整備" (seed 003 §前文).
DOUBLING = 2


@dataclass(frozen=True)
class NationalMonth:
    month: YearMonth
    planned: int
    plans: int
    ceiling: int
    doubled_pace: int

    @property
    def over_ceiling(self) -> bool:
        return self.planned > self.ceiling

    @property
    def share_of_ceiling(self) -> str:
        """Planned as a percentage of the ceiling, half-up to 0.1 (``103.2``)."""
        return str(rate_percent(self.planned, self.ceiling))


def national_rollup(
    plans: Iterable[Mapping[YearMonth, int]], *, ceiling: int = NATIONAL_MONTHLY_CEILING
) -> list[NationalMonth]:
    """Every month any plan covers: the sum of targets, how many plans cover it, and the two limits."""
    if ceiling < 1:
        raise ValueError(f"全国の月間上限は正の整数で指定してください: {ceiling}")
    planned: dict[YearMonth, int] = {}
    counts: dict[YearMonth, int] = {}
    for plan in plans:
        for month, target in plan.items():
            planned[month] = planned.get(month, 0) + target
            counts[month] = counts.get(month, 0) + 1
    return [
        NationalMonth(
            month=month,
            planned=planned[month],
            plans=counts[month],
            ceiling=ceiling,
            doubled_pace=DAILY_PACE_2020 * DOUBLING * business_days(month),
        )
        for month in sorted(planned)
    ]


@dataclass(frozen=True)
class CostTotals:
    plans: int
    cost_fy2021: int
    cost_fy2022: int
    estimated_grant: int
    stated_fy2021: int
    stated_fy2022: int
    stated_grant: int

    @property
    def cost_total(self) -> int:
        return self.cost_fy2021 + self.cost_fy2022


def cost_totals(rows: Sequence[tuple[int | None, int | None, int | None]]) -> CostTotals:
    """Sum (FY2021 cost, FY2022 cost, 概算交付見込額) over plans; ``None`` is "not stated" (not 0)."""

    def add(index: int) -> tuple[int, int]:
        values = [row[index] for row in rows if row[index] is not None]
        return sum(v for v in values if v is not None), len(values)

    (c21, n21), (c22, n22), (grant, ngrant) = add(0), add(1), add(2)
    return CostTotals(len(rows), c21, c22, grant, n21, n22, ngrant)
