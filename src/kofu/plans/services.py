"""Writes of the plans app: save a plan draft, move it through the workflow, file a monthly
report, record a hearing. Each is atomic, checks permission and state, and writes an audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from kofu.accounts.access import access_municipality, can_edit_municipality
from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.core import workflow
from kofu.plans import xlsx
from kofu.plans.access import access_hearing, supervises_municipality
from kofu.plans.models import (
    MONTH_FIELDS,
    PLAN_FIELDS,
    Hearing,
    MonthlyReport,
    PlanMonth,
    PlanStatus,
    PlanTransition,
    PlanVersion,
    SmoothingPlan,
)
from kofu.registry.models import Municipality
from kofu.rules import workflow as workflow_rules
from kofu.rules.calendar import MonthError, YearMonth, months_after
from kofu.rules.workflow import Transition, TransitionRefused


class PlanError(Exception):
    """The write was refused; the message says why, in Japanese."""


#: The workflow as data (:data:`kofu.rules.workflow.PLAN`): draft → submitted → returned → … → accepted.
FLOW = workflow_rules.PLAN
EDITABLE = workflow_rules.PLAN_EDITABLE


def actions_for(viewer: Actor, plan: SmoothingPlan) -> list[Transition]:
    """The transitions ``viewer`` may take on ``plan`` now."""
    return [t for t in FLOW.available(plan.status, viewer.role) if _may(viewer, plan.municipality, t)]


def _may(viewer: Actor, municipality: Municipality, transition: Transition) -> bool:
    """The scope of the step: the municipality's own staff submit, its prefecture reviews."""
    if workflow_rules.PREFECTURE in transition.roles:
        return supervises_municipality(viewer, municipality)
    return can_edit_municipality(viewer, municipality.pk)


def _clean(obj: Any, *, exclude: Sequence[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        messages = []
        for field, errors in exc.message_dict.items():
            label = obj._meta.get_field(field).verbose_name if field != "__all__" else ""
            messages += [f"{label}: {e}" if label else e for e in errors]
        raise PlanError("、".join(messages)) from None


def _content(plan: SmoothingPlan) -> dict[str, Any]:
    data = {f: getattr(plan, f) for f in PLAN_FIELDS}
    data = {k: str(v) if isinstance(v, Decimal) else v for k, v in data.items()}
    data["months"] = [{f: getattr(m, f) for f in MONTH_FIELDS} for m in plan.months.order_by("month")]
    return data


@transaction.atomic
def plan_save(
    *, municipality: Municipality, data: dict[str, Any], months: Sequence[dict[str, Any]], actor: Actor
) -> SmoothingPlan:
    """Create or replace the municipality's draft: the plan's figures and one row per month.

    The month rows must be exactly the months after the base month up to the deadline.
    """
    access_municipality(actor, municipality, change=True)
    plan = SmoothingPlan.objects.select_for_update().filter(municipality=municipality).first()
    before = _content(plan) if plan else None
    if plan is None:
        plan = SmoothingPlan(municipality=municipality)
    elif plan.status not in EDITABLE:
        raise PlanError(f"状態が「{plan.get_status_display()}」の計画は編集できません")
    for field in PLAN_FIELDS:
        if field in data:
            setattr(plan, field, data[field])
    _clean(plan, exclude=["municipality"])
    try:
        expected = [
            str(m) for m in months_after(YearMonth.parse(plan.base_month), YearMonth.parse(plan.deadline))
        ]
    except MonthError as exc:
        raise PlanError(str(exc)) from None
    given = [str(row.get("month", "")) for row in months]
    if given != expected:
        raise PlanError(
            f"月の行は {expected[0]}〜{expected[-1]} の {len(expected)} か月分を順に入力してください"
            f"（入力: {len(given)} 行）"
        )
    plan.save()
    plan.months.all().delete()
    rows = [
        PlanMonth(plan=plan, **{f: row.get(f) for f in MONTH_FIELDS if row.get(f) is not None})
        for row in months
    ]
    for row in rows:
        _clean(row, exclude=["plan"])
    PlanMonth.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="plans.plan_save",
        object_type="plans.SmoothingPlan",
        object_id=plan.pk,
        before=before,
        after=_content(plan),
    )
    return plan


def plan_file_import(
    *, municipality: Municipality, content: bytes, filename: str, actor: Actor
) -> SmoothingPlan:
    """Save the draft from a filled-in plan sheet (:func:`kofu.plans.xlsx.read`). Rows the file
    leaves out: no office ceiling, one member of staff and one terminal per window.

    Raises ``xlsx.PlanFileError`` listing the file's problems, or :class:`PlanError` (``plan_save``).
    """
    figures, rows = xlsx.read(content, filename=filename)
    figures.setdefault("office_max_windows", None)
    for key in ("staff_per_window", "terminals_per_window"):
        if figures.get(key) is None:
            figures[key] = Decimal(1)
    return plan_save(municipality=municipality, data=figures, months=rows, actor=actor)


@transaction.atomic
def plan_transition(
    *, municipality: Municipality, action: str, actor: Actor, advice: str = ""
) -> SmoothingPlan:
    """Take one workflow step (the only way a plan's status changes); the row is locked."""
    access_municipality(actor, municipality)
    transition = FLOW.transition(action)
    if transition is None:
        raise PlanError(f"不明な操作です: {action}")
    plan = SmoothingPlan.objects.select_for_update().filter(municipality=municipality).first()
    if plan is None:
        raise PlanError("計画がまだ作成されていません")
    if not _may(actor, municipality, transition):
        raise PlanError(f"「{transition.label}」を行う権限がありません")
    now = timezone.now()
    record = PlanTransition(plan=plan, version=plan.version, organisation=str(actor.organisation or "")[:64])

    def changes(step: Transition) -> dict[str, Any]:
        """A submission freezes the plan as its next version."""
        if step.target == PlanStatus.SUBMITTED:
            plan.version += 1
            record.version = plan.version
            PlanVersion.objects.create(
                plan=plan, number=plan.version, content=_content(plan), submitted_at=now
            )
        return {"version": plan.version, "updated_at": now}

    try:
        workflow.transition(
            plan,
            flow=FLOW,
            action=action,
            actor=actor,
            record=record,
            comment=advice,
            changes=changes,
            at=now,
            audit_action=f"plans.plan_{action}",
            object_type="plans.SmoothingPlan",
            audit_after=lambda step: {"version": plan.version, "advice": record.comment},
        )
    except TransitionRefused as exc:
        raise PlanError(str(exc)) from None
    return plan


REPORT_FIELDS = (
    "cards_issued",
    "cumulative_issued",
    "cumulative_applications",
    "apps_at_counter",
    "apps_outreach",
    "apps_support",
    "apps_online",
    "apps_mail",
    "apps_other",
    "windows_open",
    "weekend_days_opened",
    "cards_waiting",
    "days_arrival_to_notice",
    "notes",
)


@transaction.atomic
def report_file(
    *,
    municipality: Municipality,
    month: str,
    data: dict[str, Any],
    actor: Actor,
    filed_at: dt.datetime | None = None,
) -> MonthlyReport:
    """File (or correct) the monthly report; the first filing time is kept for the deadline."""
    access_municipality(actor, municipality, change=True)
    report = MonthlyReport.objects.select_for_update().filter(municipality=municipality, month=month).first()
    before = model_to_dict(report, fields=REPORT_FIELDS) if report else None
    if report is None:
        report = MonthlyReport(
            municipality=municipality,
            month=month,
            filed_at=filed_at or timezone.now(),
            filed_by_id=actor.user_id,
        )
    for field in REPORT_FIELDS:
        if field in data:
            setattr(report, field, data[field])
    _clean(report, exclude=["municipality", "filed_by"])
    report.save()
    audit_record(
        actor=actor,
        action="plans.report_file" if before is None else "plans.report_correct",
        object_type="plans.MonthlyReport",
        object_id=report.pk,
        before=before,
        after={"month": month, **model_to_dict(report, fields=REPORT_FIELDS)},
    )
    return report


@transaction.atomic
def hearing_record(
    *,
    municipality: Municipality,
    month: str,
    level: str,
    reasons: str,
    backlog_reasons: str,
    action_plan: str,
    advice: str = "",
    actor: Actor,
) -> Hearing:
    """Record (or update) the outcome of a hearing: 滞留が生じている理由 and 今後の対応方針."""
    access_hearing(actor, municipality, level)
    hearing = (
        Hearing.objects.select_for_update()
        .filter(municipality=municipality, month=month, level=level)
        .first()
    )
    before = model_to_dict(hearing, fields=["backlog_reasons", "action_plan", "advice"]) if hearing else None
    hearing = hearing or Hearing(municipality=municipality, month=month, level=level)
    hearing.reasons = reasons
    hearing.backlog_reasons = backlog_reasons
    hearing.action_plan = action_plan
    hearing.advice = advice
    hearing.recorded_at = timezone.now()
    hearing.recorded_by_id = actor.user_id
    _clean(hearing, exclude=["municipality", "recorded_by"])
    hearing.save()
    audit_record(
        actor=actor,
        action="plans.hearing_record",
        object_type="plans.Hearing",
        object_id=hearing.pk,
        before=before,
        after=model_to_dict(hearing, fields=["month", "level", "backlog_reasons", "action_plan", "advice"]),
    )
    return hearing
