"""Reads for the ministry's national roll-up of all smoothing plans (seed 003: 月間330万枚)."""

from __future__ import annotations

from dataclasses import dataclass

from kofu.plans.models import PlanMonth, SmoothingPlan
from kofu.rules.calendar import YearMonth
from kofu.rules.national_plans import CostTotals, NationalMonth, cost_totals, national_rollup


@dataclass(frozen=True)
class NationalRollup:
    months: list[NationalMonth]
    costs: CostTotals

    @property
    def months_over(self) -> list[NationalMonth]:
        return [m for m in self.months if m.over_ceiling]


def national_plans() -> NationalRollup:
    """Every stored plan's monthly targets summed by month, and the plans' costs summed."""
    targets: dict[int, dict[YearMonth, int]] = {}
    for plan_id, month, target in PlanMonth.objects.values_list("plan_id", "month", "target"):
        targets.setdefault(plan_id, {})[YearMonth.parse(month)] = target
    costs = SmoothingPlan.objects.values_list("cost_fy2021", "cost_fy2022", "estimated_grant")
    return NationalRollup(national_rollup(targets.values()), cost_totals(list(costs)))


CSV_HEADER = [
    "month",
    "planned",
    "plans",
    "ceiling",
    "share_of_ceiling_percent",
    "over_ceiling",
    "doubled_pace",
]


def csv_rows(rollup: NationalRollup) -> list[list[object]]:
    return [
        [
            str(m.month),
            m.planned,
            m.plans,
            m.ceiling,
            m.share_of_ceiling,
            str(m.over_ceiling).lower(),
            m.doubled_pace,
        ]
        for m in rollup.months
    ]
