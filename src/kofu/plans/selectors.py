"""Reads of the plans app, already scoped to the viewer (scope checks in kofu.accounts.permissions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import QuerySet
from django.utils import timezone

from kofu.accounts.access import municipalities_in_scope
from kofu.accounts.roles import Actor
from kofu.plans.models import MonthlyReport, PlanStatus, SmoothingPlan
from kofu.registry.models import Municipality, Prefecture
from kofu.registry.selectors import municipalities_on
from kofu.rules import plans as rules
from kofu.rules.calendar import MonthError, YearMonth, months_after
from kofu.rules.plan_followup import Comparison, ReportStatus, plan_vs_actual, report_due, report_status
from kofu.rules.rates import rate_percent
from kofu.stats.models import MunicipalityFigure


def plan_of(municipality: Municipality) -> SmoothingPlan | None:
    return (
        SmoothingPlan.objects.select_related("municipality__prefecture")
        .prefetch_related("months")
        .filter(municipality=municipality)
        .first()
    )


def sized(plan: SmoothingPlan) -> rules.Plan:
    """The stored plan sized by the rules: opening days, windows needed, feasibility per month."""
    months = sorted(plan.months.all(), key=lambda m: m.month)
    temporary = max((m.temporary_windows for m in months), default=0)
    windows = rules.Windows(
        per_window_daily=Fraction(plan.per_window_daily),
        windows=plan.windows,
        shared_windows=plan.shared_windows,
        shared_per_window_daily=Fraction(plan.shared_per_window_daily),
        temporary_windows=temporary,
    )
    ratios = rules.Ratios(Fraction(plan.staff_per_window), Fraction(plan.terminals_per_window))
    sized_months = tuple(
        rules.size_month(
            YearMonth.parse(m.month),
            m.target,
            windows=rules.Windows(
                per_window_daily=windows.per_window_daily,
                windows=windows.windows,
                shared_windows=windows.shared_windows,
                shared_per_window_daily=windows.shared_per_window_daily,
                temporary_windows=m.temporary_windows,
            ),
            weekend_days=m.weekend_days,
            ratios=ratios,
        )
        for m in months
    )
    return rules.Plan(plan.population, plan.issued, plan.base, plan.deadline_month, windows, sized_months)


def review(plan: SmoothingPlan) -> tuple[rules.ReviewCheck, ...]:
    """The four review checks of seed 003 §6, evaluated on the stored plan."""
    return rules.review_plan(sized(plan), office_max_windows=plan.office_max_windows)


def history(plan: SmoothingPlan) -> QuerySet:  # type: ignore[type-arg]
    return plan.transitions.select_related("actor").order_by("at", "id")


@dataclass(frozen=True)
class RollupRow:
    municipality: Municipality
    plan: SmoothingPlan | None
    checks: tuple[rules.ReviewCheck, ...]
    planned_total: int | None
    reached_percent: str

    @property
    def status_label(self) -> str:
        return self.plan.get_status_display() if self.plan else "未作成"


def prefecture_rollup(prefecture: Prefecture, *, on: dt.date) -> list[RollupRow]:
    """Every municipality of the prefecture with its plan's status and the four checks."""
    plans = {
        p.municipality_id: p
        for p in SmoothingPlan.objects.filter(municipality__prefecture=prefecture).prefetch_related("months")
    }
    rows = []
    for municipality in municipalities_on(on).filter(prefecture=prefecture):
        plan = plans.get(municipality.pk)
        if plan is None or not plan.months.all():
            rows.append(RollupRow(municipality, plan, (), None, ""))
            continue
        sized_plan = sized(plan)
        reached = plan.issued + sized_plan.planned_total
        rows.append(
            RollupRow(
                municipality,
                plan,
                rules.review_plan(sized_plan, office_max_windows=plan.office_max_windows),
                sized_plan.planned_total,
                f"{rate_percent(reached, plan.population)}",
            )
        )
    return rows


def status_counts(rows: list[RollupRow]) -> dict[str, int]:
    counts = {"未作成": 0, **{label: 0 for label in PlanStatus.labels}}
    for row in rows:
        counts[row.status_label] += 1
    return counts


# --- Monthly reports -------------------------------------------------------------------------------


def reports_of(municipality: Municipality) -> list[MonthlyReport]:
    return list(MonthlyReport.objects.filter(municipality=municipality).order_by("month"))


@dataclass(frozen=True)
class ReportRow:
    month: str
    report: MonthlyReport | None
    due: dt.date
    status: ReportStatus


def report_rows(reports: list[MonthlyReport], months: list[YearMonth], *, today: dt.date) -> list[ReportRow]:
    by_month = {r.month: r for r in reports}
    rows = []
    for month in months:
        report = by_month.get(str(month))
        filed = timezone.localdate(report.filed_at) if report else None
        rows.append(
            ReportRow(
                str(month), report, report_due(month), report_status(month, filed_on=filed, today=today)
            )
        )
    return rows


def comparison(plan: SmoothingPlan | None, reports: list[MonthlyReport]) -> list[Comparison]:
    """Plan vs actual per month and cumulatively (empty without a plan)."""
    if plan is None:
        return []
    targets = [(YearMonth.parse(m.month), m.target) for m in sorted(plan.months.all(), key=lambda m: m.month)]
    return plan_vs_actual(targets, {YearMonth.parse(r.month): r.cards_issued for r in reports})


def prefecture_report_rows(
    prefecture: Prefecture, month: YearMonth, *, today: dt.date
) -> list[tuple[Municipality, ReportRow]]:
    """The month's report of every municipality of the prefecture, late and missing flagged."""
    reports = {
        r.municipality_id: r
        for r in MonthlyReport.objects.filter(municipality__prefecture=prefecture, month=str(month))
    }
    on = dt.date(month.year, month.month, 1)
    return [
        (m, report_rows([reports[m.pk]] if m.pk in reports else [], [month], today=today)[0])
        for m in municipalities_on(on).filter(prefecture=prefecture)
    ]


def in_scope(viewer: Actor) -> QuerySet[Municipality]:
    return municipalities_in_scope(viewer)


def draft_defaults(municipality: Municipality) -> dict[str, object]:
    """Starting figures for a new plan: the latest imported snapshot's population and issued count."""
    figure = (
        MunicipalityFigure.objects.filter(municipality=municipality)
        .select_related("snapshot")
        .order_by("-snapshot__as_of")
        .first()
    )
    data: dict[str, object] = {
        "deadline": str(rules.DEFAULT_DEADLINE),
        "per_window_daily": rules.REFERENCE_PER_WINDOW_DAILY,
        "shared_windows": 0,
        "shared_per_window_daily": 0,
    }
    if figure is not None:
        as_of = figure.snapshot.as_of
        base = YearMonth(as_of.year, as_of.month).shift(-1 if as_of.day == 1 else 0)
        data.update(base_month=str(base), population=figure.population, issued=figure.issued)
    return data


def month_rows_for(
    data: dict[str, object], existing: list[dict[str, object]] | None = None
) -> list[dict[str, object]]:
    """One row per month of the period in ``data``; values kept from ``existing`` rows by month."""
    try:
        months = months_after(
            YearMonth.parse(str(data["base_month"])), YearMonth.parse(str(data["deadline"]))
        )
    except (KeyError, MonthError):
        return []
    kept = {str(row.get("month")): row for row in existing or []}
    return [
        kept.get(str(m), {"month": str(m), "weekend_days": 0, "temporary_windows": 0}) for m in months[:60]
    ]
