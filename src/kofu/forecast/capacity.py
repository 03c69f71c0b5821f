"""Capacity against the renewal wave for a municipality's smoothing plan (kofu.rules.forecast_capacity).

New cards per month come from the plan's targets where the plan has the month, otherwise from
the issuance forecast; renewals from :mod:`kofu.forecast.renewals`. Windows, throughput and the
staff/terminal ratios are the plan's; without a plan the reference throughput (80 cards per window
per day) sizes the windows and capacity is unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from kofu.forecast import issuance
from kofu.forecast.renewals import RenewalForecast, renewal_forecast
from kofu.plans.models import SmoothingPlan
from kofu.registry.models import Municipality, Prefecture
from kofu.rules import forecast_capacity as rules
from kofu.rules.calendar import YearMonth
from kofu.rules.forecast import ForecastError
from kofu.rules.plans import REFERENCE_PER_WINDOW_DAILY, Ratios, Windows


@dataclass(frozen=True)
class CapacityReport:
    municipality: Municipality
    plan: SmoothingPlan | None
    months: tuple[rules.CapacityMonth, ...]
    sources: dict[YearMonth, str]
    renewals: RenewalForecast
    handling: rules.Handling
    what_if: rules.WhatIf

    @property
    def short_months(self) -> list[rules.CapacityMonth]:
        return [m for m in self.months if m.short]


def plan_for(municipality: Municipality) -> SmoothingPlan | None:
    return SmoothingPlan.objects.prefetch_related("months").filter(municipality=municipality).first()


def windows_of(plan: SmoothingPlan | None) -> tuple[Windows, Ratios]:
    if plan is None:
        return Windows(per_window_daily=REFERENCE_PER_WINDOW_DAILY), Ratios()
    return (
        Windows(
            per_window_daily=Fraction(plan.per_window_daily),
            windows=plan.windows,
            shared_windows=plan.shared_windows,
            shared_per_window_daily=Fraction(plan.shared_per_window_daily),
        ),
        Ratios(Fraction(plan.staff_per_window), Fraction(plan.terminals_per_window)),
    )


def capacity_report(
    municipality: Municipality,
    start: dt.date,
    end: dt.date,
    *,
    handling: rules.Handling = rules.DEFAULT_HANDLING,
    what_if: rules.WhatIf = rules.AS_PLANNED,
) -> CapacityReport:
    renewals = renewal_forecast(municipality, start, end)
    months = tuple(r.month for r in renewals.months)
    plan = plan_for(municipality)
    plan_months = {YearMonth.parse(m.month): m for m in plan.months.all()} if plan else {}
    forecast = issuance.new_cards_ahead(municipality.code, months)
    demands, sources = [], {}
    for row in renewals.months:
        planned = plan_months.get(row.month)
        if planned is not None:
            new, sources[row.month] = planned.target, "計画"
        elif row.month in forecast:
            new, sources[row.month] = forecast[row.month], "予測"
        else:
            new, sources[row.month] = 0, "なし"
        demands.append(
            rules.Demand(
                row.month,
                new,
                row.cards,
                row.certificates,
                weekend_days=planned.weekend_days if planned else 0,
                temporary_windows=planned.temporary_windows if planned else 0,
            )
        )
    windows, ratios = windows_of(plan)
    try:
        sized = rules.capacity(demands, windows=windows, ratios=ratios, handling=handling, what_if=what_if)
    except ValueError as exc:
        raise ForecastError(str(exc)) from None
    return CapacityReport(municipality, plan, tuple(sized), sources, renewals, handling, what_if)


@dataclass(frozen=True)
class Shortfall:
    municipality: Municipality
    months: list[rules.CapacityMonth]


def prefecture_shortfalls(prefecture: Prefecture, start: dt.date, end: dt.date) -> list[Shortfall]:
    """Municipalities of the prefecture with a plan whose windows fall short in the period."""
    result = []
    plans = SmoothingPlan.objects.filter(municipality__prefecture=prefecture).select_related(
        "municipality__prefecture"
    )
    for plan in plans.order_by("municipality__code"):
        try:
            report = capacity_report(plan.municipality, start, end)
        except ForecastError:
            continue
        if report.short_months:
            result.append(Shortfall(plan.municipality, report.short_months))
    return result
