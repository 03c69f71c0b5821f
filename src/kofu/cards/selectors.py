"""Reads of the cards app, scoped to the viewer. Ministry staff get aggregates only."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Min, QuerySet
from django.http import Http404

from kofu.accounts.roles import Role, Viewer
from kofu.cards.models import Card, DeliveryBatch, NoticeBatch
from kofu.registry.models import Municipality
from kofu.rules import cards as rules
from kofu.rules.calendar import is_business_day

#: Waiting stages of the backlog: (state, label, date the card entered the stage).
BACKLOG_STAGES: list[tuple[str, str, str]] = [
    (rules.APPLIED, "申請受付（未納品）", "received_on"),
    (rules.DELIVERED, "納品済み・交付前設定待ち", "delivered_on"),
    (rules.SETUP_DONE, "交付前設定済み・通知書発送待ち", "setup_on"),
    (rules.NOTICE_SENT, "通知書発送済み・予約待ち", "notice_sent_on"),
    (rules.APPOINTMENT_BOOKED, "来庁予約済み・交付待ち", "appointment_on"),
    (rules.RETURNED, "返戻", "state_changed_at"),
    (rules.UNCLAIMED, "保管期間経過・未受取", "state_changed_at"),
    (rules.DEFECTIVE, "不良", "state_changed_at"),
]

#: Cumulative counters as the ministry tracked them: (key, label, date field).
COUNTERS = [
    ("received", "申請受付", "received_on"),
    ("delivered", "納品", "delivered_on"),
    ("setup", "交付前設定", "setup_on"),
    ("handed_over", "交付", "handed_over_on"),
]


def resident_cards(viewer: Viewer, municipality: Municipality) -> QuerySet[Card]:
    """Row-level cards: only the municipality's own staff (never the ministry or a prefecture)."""
    if viewer.role is not Role.MUNICIPALITY or viewer.municipality_id != municipality.pk:
        return Card.objects.none()
    return Card.objects.filter(municipality=municipality)


def card_or_404(viewer: Viewer, municipality: Municipality, card_id: int) -> Card:
    card = (
        resident_cards(viewer, municipality)
        .filter(pk=card_id)
        .select_related("batch", "outreach_event")
        .first()
    )
    if card is None:
        raise Http404("カードが見つかりません")
    return card


@dataclass(frozen=True)
class StageRow:
    state: str
    label: str
    count: int
    oldest_days: int | None
    median_days: float | None


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return timezone.localtime(value).date()
    assert isinstance(value, dt.date)
    return value


def _median_and_oldest(
    queryset: QuerySet[Card], date_field: str, count: int, as_of: dt.date
) -> tuple[int | None, float | None]:
    if count == 0:
        return None, None
    ordered = queryset.order_by(date_field).values_list(date_field, flat=True)
    oldest = _as_date(ordered[0])
    lower = _as_date(ordered[(count - 1) // 2])
    upper = _as_date(ordered[count // 2])
    median = ((as_of - lower).days + (as_of - upper).days) / 2
    return (as_of - oldest).days, median


def backlog(municipality: Municipality, as_of: dt.date) -> list[StageRow]:
    """Cards waiting at each stage now, and how long since they entered it (days on ``as_of``)."""
    counts = dict(
        Card.objects.filter(municipality=municipality)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    result = []
    for state, label, date_field in BACKLOG_STAGES:
        count = counts.get(state, 0)
        oldest, median = None, None
        if count:
            dated = Card.objects.filter(
                municipality=municipality, state=state, **{f"{date_field}__isnull": False}
            )
            oldest, median = _median_and_oldest(dated, date_field, dated.count(), as_of)
        result.append(StageRow(state, label, count, oldest, median))
    return result


@dataclass(frozen=True)
class Counters:
    cumulative: dict[str, int]
    per_day: list[tuple[dt.date, dict[str, int]]]


def counters(municipality: Municipality, as_of: dt.date, business_days: int = 10) -> Counters:
    """Cumulative stage counters up to ``as_of`` and the counts of the last business days."""
    days: list[dt.date] = []
    day = as_of
    while len(days) < business_days:
        if is_business_day(day):
            days.append(day)
        day -= dt.timedelta(days=1)
    days.reverse()
    base = Card.objects.filter(municipality=municipality)
    cumulative: dict[str, int] = {}
    per_day: dict[dt.date, dict[str, int]] = {d: {} for d in days}
    for key, _label, date_field in COUNTERS:
        cumulative[key] = base.filter(**{f"{date_field}__lte": as_of}).count()
        for when, n in (
            base.filter(**{f"{date_field}__gte": days[0], f"{date_field}__lte": as_of})
            .values_list(date_field)
            .annotate(n=Count("id"))
            .values_list(date_field, "n")
        ):
            if when in per_day:
                per_day[when][key] = n
    return Counters(cumulative, [(d, per_day[d]) for d in days])


@dataclass(frozen=True)
class NoticeDelay:
    count: int
    median_days: float | None
    max_days: int | None
    slow: int  # cards whose notice went out ≥ 21 days after arrival
    waiting_slow: int  # cards delivered ≥ 21 days ago still without a notice


def notice_delays(municipality: Municipality, as_of: dt.date, since: dt.date | None = None) -> NoticeDelay:
    """Days from arrival from J-LIS to the notice (the hearing criterion, seed 004)."""
    sent = Card.objects.filter(
        municipality=municipality, notice_sent_on__isnull=False, delivered_on__isnull=False
    )
    sent = sent.filter(notice_sent_on__lte=as_of)
    if since is not None:
        sent = sent.filter(notice_sent_on__gte=since)
    days_counter: Counter[int] = Counter()
    for delivered, notified in sent.values_list("delivered_on", "notice_sent_on").iterator(chunk_size=10000):
        days_counter[(notified - delivered).days] += 1
    days = sorted(days_counter.elements())
    limit = as_of - dt.timedelta(days=rules.HEARING_DAYS)
    waiting_slow = Card.objects.filter(
        municipality=municipality, state__in=[rules.DELIVERED, rules.SETUP_DONE], delivered_on__lte=limit
    ).count()
    return NoticeDelay(
        count=len(days),
        median_days=float(statistics.median(days)) if days else None,
        max_days=days[-1] if days else None,
        slow=sum(n for d, n in days_counter.items() if rules.is_slow_notice(d)),
        waiting_slow=waiting_slow,
    )


@dataclass(frozen=True)
class MonthlyFigures:
    """The numbers the monthly report (plans) takes from the card pipeline."""

    issued: int
    applications_by_channel: dict[str, int] = field(default_factory=dict)
    cards_waiting: int = 0
    median_arrival_to_notice_days: float | None = None
    max_arrival_to_notice_days: int | None = None


def monthly_figures(municipality: Municipality, year: int, month: int) -> MonthlyFigures:
    """Issued in the month, applications by channel received in it, cards waiting at its end,
    and the arrival-to-notice days of the notices sent in it."""
    first = dt.date(year, month, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    base = Card.objects.filter(municipality=municipality)
    issued = base.filter(handed_over_on__gte=first, handed_over_on__lte=last).count()
    by_channel = dict(
        base.filter(received_on__gte=first, received_on__lte=last)
        .values_list("channel")
        .annotate(n=Count("id"))
        .values_list("channel", "n")
    )
    waiting = (
        base.filter(delivered_on__lte=last)
        .exclude(handed_over_on__lte=last)
        .exclude(state=rules.CANCELLED)
        .count()
    )
    delays = notice_delays(municipality, last, since=first)
    return MonthlyFigures(
        issued=issued,
        applications_by_channel={c: by_channel.get(c, 0) for c in rules.CHANNEL_LABELS},
        cards_waiting=waiting,
        median_arrival_to_notice_days=delays.median_days,
        max_arrival_to_notice_days=delays.max_days,
    )


def recent_batches(municipality: Municipality) -> QuerySet[DeliveryBatch]:
    return DeliveryBatch.objects.filter(municipality=municipality)[:10]


def recent_notice_batches(municipality: Municipality) -> QuerySet[NoticeBatch]:
    return NoticeBatch.objects.filter(municipality=municipality)[:10]


def oldest_waiting(municipality: Municipality) -> dt.date | None:
    value = Card.objects.filter(municipality=municipality, state__in=rules.WAITING_STATES).aggregate(
        d=Min("delivered_on")
    )["d"]
    return value


def ready_for_notice(municipality: Municipality) -> int:
    return Card.objects.filter(municipality=municipality, state=rules.SETUP_DONE).count()
