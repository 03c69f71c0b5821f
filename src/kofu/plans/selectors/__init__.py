"""Reads of the plans app, already scoped to the viewer (scope checks in kofu.accounts.permissions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import QuerySet
from django.utils import timezone

from kofu.accounts.access import municipalities_in_scope
from kofu.accounts.roles import Actor
from kofu.plans.models import (
    MONTH_FIELDS,
    PLAN_FIELDS,
    MonthlyReport,
    PlanStatus,
    PlanTransition,
    SmoothingPlan,
)
from kofu.registry.models import Municipality, Prefecture
from kofu.registry.selectors import municipalities_on
from kofu.rules import plans as rules
from kofu.rules.calendar import MonthError, YearMonth, months_after
from kofu.rules.plan_followup import Comparison, ReportStatus, plan_vs_actual, report_due, report_status
from kofu.rules.plan_measures import (
    REREVISION_DATE,
    REREVISION_TITLES,
    Measures,
    measure_lines,
    rerevision_checks,
    weekend_rule_on,
)
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


#: Every check the review shows: seed 003 §6 (1–4) and the re-revision of seed 004 p.10 (5–7).
CHECK_TITLES = {**rules.REVIEW_TITLES, **REREVISION_TITLES}


def _month_or_none(text: str) -> YearMonth | None:
    return YearMonth.parse(text) if text else None


def measures_of(plan: SmoothingPlan) -> Measures:
    return Measures(
        capacity_ready=_month_or_none(plan.capacity_ready),
        setup_outsourced=plan.setup_outsourced,
        pickup_booking=plan.pickup_booking,
        part_time_early=plan.part_time_early,
        evening_days=plan.evening_days,
        qr_letters_from=_month_or_none(plan.qr_letters_from),
        qr_letters_until=_month_or_none(plan.qr_letters_until),
        insurance_help=plan.insurance_help,
    )


def measures_shown(plan: SmoothingPlan | None) -> tuple[tuple[str, str, str], ...]:
    """The plan's other measures as (item, value, seed) for the review and the monthly report."""
    return measure_lines(measures_of(plan)) if plan is not None else ()


def _review(plan: SmoothingPlan, sized_plan: rules.Plan, on: dt.date) -> tuple[rules.ReviewCheck, ...]:
    checks = rules.review_plan(
        sized_plan, office_max_windows=plan.office_max_windows, weekend_rule=weekend_rule_on(on)
    )
    if on < REREVISION_DATE:
        return checks
    extra = tuple(
        rules.ReviewCheck(c.number, c.title, c.passed, c.detail) for c in rerevision_checks(measures_of(plan))
    )
    return checks + extra


def review(plan: SmoothingPlan, *, on: dt.date) -> tuple[rules.ReviewCheck, ...]:
    """The review on ``on``: seed 003 §6's four checks with the weekend rule then in force, and from
    2021-12-09 the re-revised plan's checks 5–7 (seed 004 p.10)."""
    return _review(plan, sized(plan), on)


def history(plan: SmoothingPlan) -> QuerySet[PlanTransition]:
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
                _review(plan, sized_plan, on),
                sized_plan.planned_total,
                f"{rate_percent(reached, plan.population)}",
            )
        )
    return rows


#: The roll-up's state filter for a municipality without a plan.
NO_PLAN = "none"


def rollup_rows(rows: list[RollupRow], *, status: str = "", q: str = "") -> list[RollupRow]:
    """The roll-up's rows filtered: the plan's state (:data:`NO_PLAN`: none yet) and a word of the
    municipality's name (the rows are computed per municipality, so they are filtered in Python)."""
    if status:
        rows = [row for row in rows if (row.plan.status if row.plan else NO_PLAN) == status]
    if q:
        rows = [row for row in rows if q in row.municipality.name]
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
    prefecture: Prefecture, month: YearMonth, *, today: dt.date, status: str = "", q: str = ""
) -> list[tuple[Municipality, ReportRow]]:
    """The month's report of every municipality of the prefecture (by code), late and missing
    flagged; optionally only one state and the municipalities whose name contains ``q``."""
    reports = {
        r.municipality_id: r
        for r in MonthlyReport.objects.filter(municipality__prefecture=prefecture, month=str(month))
    }
    on = dt.date(month.year, month.month, 1)
    municipalities = municipalities_on(on).filter(prefecture=prefecture)
    if q:
        municipalities = municipalities.filter(name__contains=q)
    rows = [
        (m, report_rows([reports[m.pk]] if m.pk in reports else [], [month], today=today)[0])
        for m in municipalities
    ]
    return [(m, row) for m, row in rows if not status or row.status == status]


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


def plan_draft(
    municipality: Municipality, plan: SmoothingPlan | None
) -> tuple[dict[str, object], list[dict[str, object]]]:
    """What the edit page and the XLSX sheet start from: the stored plan's figures and month rows,
    or, without a plan, :func:`draft_defaults` and one empty row per month of their period."""
    if plan is None:
        figures = draft_defaults(municipality)
        return figures, month_rows_for(figures)
    figures = {f: getattr(plan, f) for f in PLAN_FIELDS}
    return figures, [{f: getattr(m, f) for f in MONTH_FIELDS} for m in plan.months.all()]
