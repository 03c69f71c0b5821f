"""The prefecture's queue (plans to review, reports missing, hearing candidates) and the ministry's
(prefectures behind, hearings, claims to check)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from kofu.accounts.access import area_of
from kofu.accounts.roles import Actor
from kofu.plans import selectors as plans
from kofu.plans.models import PlanStatus, SmoothingPlan
from kofu.plans.selectors.hearings import ministry_selection, prefecture_selection
from kofu.registry.models import Prefecture
from kofu.rules.plan_followup import ReportStatus
from kofu.stats.tables import TableError, build_table
from kofu.stats.tables.source import available_dates
from kofu.subsidies.access import claims_in_scope
from kofu.subsidies.models import Claim

from .items import Task, day_label, last_due_month

#: How many of the lowest prefectures the ministry's queue lists.
BEHIND = 5


def prefecture_tasks(actor: Actor, today: dt.date) -> list[Task]:
    assert actor.organisation is not None and actor.organisation.prefecture_id is not None
    prefecture = Prefecture.objects.get(pk=actor.organisation.prefecture_id)
    return [
        *_plans_to_review(actor),
        *_reports_missing(prefecture, today),
        *_hearing_candidates(prefecture, today),
    ]


def _plans_to_review(actor: Actor) -> list[Task]:
    rows = (
        SmoothingPlan.objects.filter(area_of(actor).q("municipality"), status=PlanStatus.SUBMITTED)
        .select_related("municipality")
        .order_by("updated_at")
    )
    return [
        Task(
            f"交付円滑化計画の確認：{plan.municipality.name}（第{plan.version}版）",
            1,
            reverse("plans:plan", args=[plan.municipality.code]),
        )
        for plan in rows
    ]


def _reports_missing(prefecture: Prefecture, today: dt.date) -> list[Task]:
    month = last_due_month(today)
    rows = plans.prefecture_report_rows(prefecture, month, today=today)
    missing = sum(1 for _m, row in rows if row.status is ReportStatus.MISSING)
    if not missing:
        return []
    url = reverse("plans:prefecture-reports", args=[prefecture.code]) + f"?month={month}"
    label = f"実績報告 {month.year}年{month.month}月分の未提出（期限 {day_label(rows[0][1].due)}）"
    return [Task(label, missing, url, urgent=True)]


def _hearing_candidates(prefecture: Prefecture, today: dt.date) -> list[Task]:
    month = last_due_month(today)
    selected = [s for s in prefecture_selection(prefecture, month) if s.hearing is None]
    if not selected:
        return []
    names = "、".join(s.municipality.name for s in selected[:5])
    url = reverse("plans:prefecture-hearings", args=[prefecture.code]) + f"?month={month}"
    return [Task(f"事情聴取の対象（{month.year}年{month.month}月分、記録前）", len(selected), url, names)]


def ministry_tasks(actor: Actor, today: dt.date) -> list[Task]:
    return [*_claims_to_check(actor), *_hearings(today), *_prefectures_behind()]


def _claims_to_check(actor: Actor) -> list[Task]:
    count = claims_in_scope(actor).filter(status=Claim.Status.SUBMITTED).count()
    if not count:
        return []
    return [
        Task(
            "補助金の実績報告（申請）の確認待ち",
            count,
            reverse("subsidies:claims") + "?status=submitted",
            urgent=True,
        )
    ]


def _hearings(today: dt.date) -> list[Task]:
    month = last_due_month(today)
    result = ministry_selection(month)
    selected = [s for s in result.selected if s.hearing is None]
    url = reverse("plans:ministry-hearings") + f"?month={month}"
    tasks = []
    if selected:
        tasks.append(
            Task(f"総務省による個別ヒアリングの対象（{month.year}年{month.month}月分）", len(selected), url)
        )
    if result.unreported:
        tasks.append(
            Task(
                f"実績報告のない指定都市・中核市・特別区（{month.year}年{month.month}月分）",
                len(result.unreported),
                url,
            )
        )
    return tasks


def _prefectures_behind() -> list[Task]:
    dates = available_dates()
    if not dates:
        return []
    as_of = dates[-1]
    try:
        table = build_table("prefectures", as_of=as_of)
    except TableError:
        return []
    behind = sorted((r for r in table.rows if r.at_or_below_average and r.code), key=lambda r: r.rate)[
        :BEHIND
    ]
    return [
        Task(
            f"交付率が全国平均以下：{row.name}",
            None,
            reverse("stats:prefecture", args=[row.code]),
            f"{row.rate}%（{as_of:%Y-%m-%d} 時点）",
        )
        for row in behind
    ]
