"""A municipality's queue: reports due or late, a returned plan, cards waiting by stage and age,
today's bookings, claims to finish and surveys to answer."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from kofu.accounts.roles import Actor
from kofu.bookings.models import Booking
from kofu.cards import selectors as cards
from kofu.plans import selectors as plans
from kofu.plans.models import PlanStatus, SmoothingPlan
from kofu.registry.models import Municipality
from kofu.rules.calendar import YearMonth, months_after
from kofu.rules.cards import HEARING_DAYS
from kofu.rules.plan_followup import ReportStatus
from kofu.rules.workflow import CLAIM_EDITABLE as EDITABLE
from kofu.subsidies.models import Claim
from kofu.surveys.models import Respondent

from .items import Task, day_label


def municipality_tasks(actor: Actor, today: dt.date) -> list[Task]:
    assert actor.organisation is not None and actor.organisation.municipality_id is not None
    municipality = Municipality.objects.get(pk=actor.organisation.municipality_id)
    return [
        *_plan_tasks(municipality),
        *_report_tasks(municipality, today),
        *_card_tasks(municipality, today),
        *_booking_tasks(municipality, today),
        *_claim_tasks(municipality),
        *_survey_tasks(municipality),
    ]


def _plan_tasks(municipality: Municipality) -> list[Task]:
    plan = SmoothingPlan.objects.filter(municipality=municipality).only("status").first()
    url = reverse("plans:plan", args=[municipality.code])
    if plan is None:
        return [Task("交付円滑化計画を作成する（まだありません）", 1, url)]
    if plan.status == PlanStatus.RETURNED:
        return [Task("交付円滑化計画が差し戻されました：助言を読んで修正し、再提出する", 1, url, urgent=True)]
    if plan.status == PlanStatus.DRAFT:
        return [Task("作成中の交付円滑化計画を提出する", 1, url)]
    return []


def _report_tasks(municipality: Municipality, today: dt.date) -> list[Task]:
    plan = plans.plan_of(municipality)
    if plan is None:
        return []
    current = YearMonth(today.year, today.month)
    months = [m for m in months_after(plan.base, plan.deadline_month) if m < current]
    rows = plans.report_rows(plans.reports_of(municipality), months, today=today)
    tasks = []
    for row in rows:
        url = reverse("plans:report-edit", args=[municipality.code]) + f"?month={row.month}"
        month = YearMonth.parse(row.month)
        if row.status is ReportStatus.MISSING:
            tasks.append(
                Task(
                    f"実績報告 {month.year}年{month.month}月分：未提出（期限 {day_label(row.due)} を過ぎています）",
                    1,
                    url,
                    urgent=True,
                )
            )
        elif row.status is ReportStatus.NOT_DUE:
            tasks.append(Task(f"実績報告 {month.year}年{month.month}月分：期限 {day_label(row.due)}", 1, url))
    return tasks


def _card_tasks(municipality: Municipality, today: dt.date) -> list[Task]:
    base = reverse("cards:list", args=[municipality.code])
    tasks = []
    for row in cards.backlog(municipality, today):
        if not row.count:
            continue
        late = row.oldest_days is not None and row.oldest_days > HEARING_DAYS
        note = f"最長 {row.oldest_days} 日" + (f"（{HEARING_DAYS}日超）" if late else "")
        tasks.append(Task(f"カード：{row.label}", row.count, f"{base}?state={row.state}", note, late, "枚"))
    return tasks


def _booking_tasks(municipality: Municipality, today: dt.date) -> list[Task]:
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    rows = (
        Booking.objects.filter(
            slot__site__municipality=municipality,
            slot__starts_at__gte=start,
            slot__starts_at__lt=start + dt.timedelta(days=1),
            status=Booking.Status.BOOKED,
        )
        .values("slot__site_id", "slot__site__name")
        .annotate(n=Count("id"))
        .order_by("slot__site__name")
    )
    return [
        Task(
            f"今日の来庁予約：{row['slot__site__name']}",
            row["n"],
            reverse("bookings:day", args=[row["slot__site_id"]]) + f"?date={today:%Y-%m-%d}",
        )
        for row in rows
    ]


def _claim_tasks(municipality: Municipality) -> list[Task]:
    claims = Claim.objects.filter(municipality=municipality, status__in=EDITABLE).order_by("fiscal_year")
    return [
        Task(
            f"補助金の実績報告（申請）{claim.fiscal_year}年度：{claim.get_status_display()}を仕上げて提出する",
            1,
            reverse("subsidies:claim", args=[claim.pk]),
            urgent=claim.status == Claim.Status.RETURNED,
        )
        for claim in claims
    ]


def _survey_tasks(municipality: Municipality) -> list[Task]:
    rows = Respondent.objects.filter(
        municipality=municipality, survey__is_open=True, submitted_at__isnull=True
    ).select_related("survey")
    return [
        Task(f"調査への回答：{r.survey.title}", 1, reverse("surveys:answer", args=[r.survey.slug]))
        for r in rows
    ]
