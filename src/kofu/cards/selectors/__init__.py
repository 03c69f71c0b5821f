"""Reads of the cards app, scoped to the viewer. Ministry staff get aggregates only."""

from __future__ import annotations

import datetime as dt
import functools
import statistics
from collections import Counter
from dataclasses import dataclass, field

import jpholiday
from django.db.models import Count, QuerySet, Sum

from kofu.cards import counting
from kofu.cards.models import Card, DailyCount, NoticeBatch
from kofu.core.listing import month_after
from kofu.registry.models import Municipality
from kofu.rules import cards as rules
from kofu.rules.calendar import is_business_day
from kofu.rules.validity import ValidityError, validity

#: Waiting stages of the backlog: (state, label). Ages count from the day the card entered it.
BACKLOG_STAGES: list[tuple[str, str]] = [
    (rules.APPLIED, "申請受付（未納品）"),
    (rules.DELIVERED, "納品済み・交付前設定待ち"),
    (rules.SETUP_DONE, "交付前設定済み・通知書発送待ち"),
    (rules.NOTICE_SENT, "通知書発送済み・予約待ち"),
    (rules.APPOINTMENT_BOOKED, "来庁予約済み・交付待ち"),
    (rules.RETURNED, "返戻"),
    (rules.UNCLAIMED, "保管期間経過・未受取"),
    (rules.DEFECTIVE, "不良"),
]

#: Cumulative counters as the ministry tracked them: (key, label).
COUNTERS = [
    (counting.RECEIVED, "申請受付"),
    (counting.DELIVERED, "納品"),
    (counting.SETUP, "交付前設定"),
    (counting.HANDED_OVER, "交付"),
]


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a card's history: a ``CardTransition``, or the delivery that created the card."""

    at: dt.datetime
    from_state: str
    to_state: str
    actor_label: str
    note: str = ""


def card_history(card: Card) -> list[HistoryEntry]:
    """Every state change of ``card`` in time order, the delivery that created it included.

    A card created by a J-LIS delivery has no history row of its own for that delivery: it is
    recorded once for the batch (``DeliveryBatch.imported_at`` / ``imported_by_label``, ADR 0007).
    """
    entries = [
        HistoryEntry(t.at, t.from_state, t.to_state, t.actor_label, t.comment)
        for t in card.transitions.order_by("at", "id")
    ]
    if card.history_in_batch and card.batch is not None:
        delivery = card.batch
        entries.insert(
            0, HistoryEntry(delivery.imported_at, rules.APPLIED, rules.DELIVERED, delivery.imported_by_label)
        )
        entries.sort(key=lambda entry: entry.at)  # stable: rows of the same instant keep their order
    return entries


@dataclass(frozen=True)
class StageRow:
    state: str
    label: str
    count: int
    oldest_days: int | None
    median_days: float | None


def backlog(municipality: Municipality, as_of: dt.date) -> list[StageRow]:
    """Cards waiting at each stage now, and the days since they entered it (on ``as_of``).

    One pass over the (municipality, state, state_since) index: the number of cards per state
    and day; counts, oldest and median come from that small histogram. ``COUNT(*)``, not of a
    column: the index alone answers it (PostgreSQL would otherwise read every waiting card's row).
    """
    states = [state for state, _label in BACKLOG_STAGES]
    histogram: dict[str, list[tuple[dt.date, int]]] = {state: [] for state in states}
    rows = (
        Card.objects.filter(municipality=municipality, state__in=states)
        .values_list("state", "state_since")
        .annotate(n=Count("*"))
        .values_list("state", "state_since", "n")
    )
    for state, since, n in rows:
        histogram[state].append((since, n))
    result = []
    for state, label in BACKLOG_STAGES:
        ages = sorted(((as_of - since).days, n) for since, n in histogram[state])
        count = sum(n for _days, n in ages)
        oldest = ages[-1][0] if ages else None
        result.append(StageRow(state, label, count, oldest, _median(ages, count)))
    return result


def _median(ages: list[tuple[int, int]], count: int) -> float | None:
    """Median of a sorted (value, frequency) histogram."""
    if not count:
        return None
    wanted = [(count - 1) // 2, count // 2]
    found: list[int] = []
    seen = 0
    for value, n in ages:
        while wanted and wanted[0] < seen + n:
            found.append(value)
            wanted.pop(0)
        seen += n
    return (found[0] + found[1]) / 2


@dataclass(frozen=True)
class Counters:
    cumulative: dict[str, int]
    per_day: list[tuple[dt.date, dict[str, int]]]


@functools.lru_cache(maxsize=4096)
def _is_holiday(day: dt.date) -> bool:
    return bool(jpholiday.is_holiday(day))


def counters(municipality: Municipality, as_of: dt.date, business_days: int = 10) -> Counters:
    """Cumulative stage counters up to ``as_of`` and the counts of the last business days."""
    days: list[dt.date] = []
    day = as_of
    while len(days) < business_days:
        if is_business_day(day, _is_holiday):
            days.append(day)
        day -= dt.timedelta(days=1)
    days.reverse()
    keys = [key for key, _label in COUNTERS]
    base = DailyCount.objects.filter(municipality=municipality, stage__in=keys, day__lte=as_of)
    totals = dict(base.values_list("stage").annotate(total=Sum("n")).values_list("stage", "total"))
    per_day: dict[dt.date, dict[str, int]] = {d: {} for d in days}
    recent = base.filter(day__gte=days[0]).values_list("day", "stage").annotate(total=Sum("n"))
    for when, stage, total in recent.values_list("day", "stage", "total"):
        if when in per_day:
            per_day[when][stage] = total
    return Counters({key: totals.get(key, 0) for key in keys}, [(d, per_day[d]) for d in days])


@dataclass(frozen=True)
class NoticeDelay:
    count: int
    median_days: float | None
    max_days: int | None
    slow: int  # cards whose notice went out ≥ 21 days after arrival
    waiting_slow: int  # cards delivered ≥ 21 days ago still without a notice


def notice_delays(municipality: Municipality, as_of: dt.date, since: dt.date | None = None) -> NoticeDelay:
    """Days from arrival from J-LIS to the notice (the hearing criterion, seed 004), from the counters."""
    rows = DailyCount.objects.filter(
        municipality=municipality, stage=counting.NOTICE_SENT, day__lte=as_of, days__gte=0
    )
    if since is not None:
        rows = rows.filter(day__gte=since)
    histogram: Counter[int] = Counter()
    for days, n in rows.values_list("days").annotate(total=Sum("n")).values_list("days", "total"):
        histogram[days] += n
    ordered = sorted(histogram.elements())
    limit = as_of - dt.timedelta(days=rules.HEARING_DAYS)
    # Delivered ≥ 21 days ago and no notice yet. Read through the (municipality, state,
    # state_since) index: a card set up by ``limit`` was delivered by then too; only the few set up
    # after ``limit`` need their delivery date checked.
    cards = Card.objects.filter(municipality=municipality)
    waiting_slow = (
        cards.filter(state=rules.DELIVERED, state_since__lte=limit).count()
        + cards.filter(state=rules.SETUP_DONE, state_since__lte=limit).count()
        + cards.filter(state=rules.SETUP_DONE, state_since__gt=limit, delivered_on__lte=limit).count()
    )
    return NoticeDelay(
        count=len(ordered),
        median_days=float(statistics.median(ordered)) if ordered else None,
        max_days=ordered[-1] if ordered else None,
        slow=sum(n for d, n in histogram.items() if rules.is_slow_notice(d)),
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


def _sum(municipality: Municipality, stage: str, until: dt.date, since: dt.date | None = None) -> int:
    rows = DailyCount.objects.filter(municipality=municipality, stage=stage, day__lte=until)
    if since is not None:
        rows = rows.filter(day__gte=since)
    return rows.aggregate(total=Sum("n"))["total"] or 0


def monthly_figures(municipality: Municipality, year: int, month: int) -> MonthlyFigures:
    """Issued in the month, applications by channel received in it, cards waiting at its end
    (delivered minus issued up to then, cancellations after delivery not deducted), and the
    arrival-to-notice days of the notices sent in it."""
    first = dt.date(year, month, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    by_channel = dict(
        DailyCount.objects.filter(
            municipality=municipality, stage=counting.RECEIVED, day__gte=first, day__lte=last
        )
        .values_list("channel")
        .annotate(total=Sum("n"))
        .values_list("channel", "total")
    )
    waiting = _sum(municipality, counting.DELIVERED, last) - _sum(municipality, counting.HANDED_OVER, last)
    delays = notice_delays(municipality, last, since=first)
    return MonthlyFigures(
        issued=_sum(municipality, counting.HANDED_OVER, last, since=first),
        applications_by_channel={c: by_channel.get(c, 0) for c in rules.CHANNEL_LABELS},
        cards_waiting=max(waiting, 0),
        median_arrival_to_notice_days=delays.median_days,
        max_arrival_to_notice_days=delays.max_days,
    )


def notice_batch_rows(municipality: Municipality, *, month: dt.date | None = None) -> QuerySet[NoticeBatch]:
    """The municipality's notice batches (latest sent first), optionally those sent in one month."""
    rows = NoticeBatch.objects.filter(municipality=municipality)
    if month is not None:
        rows = rows.filter(sent_on__gte=month, sent_on__lt=month_after(month))
    return rows.order_by("-sent_on", "-id")


def ready_for_notice(municipality: Municipality) -> int:
    return Card.objects.filter(municipality=municipality, state=rules.SETUP_DONE).count()


def prefecture_backlog(prefecture_id: int) -> list[tuple[str, str, list[int]]]:
    """Cards waiting per municipality of a prefecture and backlog stage: (code, name, counts).

    Every municipality in force, and a retired one only while it still has cards waiting.
    """
    states = [state for state, _label in BACKLOG_STAGES]
    municipalities = list(
        Municipality.objects.filter(prefecture_id=prefecture_id, kind=Municipality.Kind.MUNICIPALITY)
    )
    found: dict[tuple[int, str], int] = {
        (m_id, state): n
        for m_id, state, n in Card.objects.filter(municipality__in=municipalities, state__in=states)
        .values_list("municipality_id", "state")
        .annotate(n=Count("id"))
        .values_list("municipality_id", "state", "n")
    }
    with_cards = {m_id for m_id, _state in found}
    return [
        (m.code, m.name, [found.get((m.pk, state), 0) for state in states])
        for m in sorted(municipalities, key=lambda m: m.code)
        if m.valid_to is None or m.pk in with_cards
    ]


@dataclass(frozen=True)
class CardExpiry:
    """When the card and its electronic certificates expire, and from which issue date."""

    issued_on: dt.date
    card: dt.date
    certificate: dt.date
    adult: bool
    #: Not issued yet: the dates the card would have if issued on ``issued_on`` (見込み).
    projected: bool


def card_expiry(card: Card, *, planned_issue: dt.date | None = None) -> CardExpiry | None:
    """The card's and its certificates' expiry (``kofu.rules.validity``) from birth, application
    and issue date. After the handover the handover date is the issue date; before it,
    ``planned_issue`` (the booked day) gives the projected dates. ``None`` without either, or when
    the stored dates contradict each other."""
    if card.birth_date is None:  # personal data purged after the retention period
        return None
    if card.handed_over_on:
        issued, projected = card.handed_over_on, False
    elif planned_issue:
        issued, projected = planned_issue, True
    else:
        return None
    try:
        result = validity(birth=card.birth_date, applied=card.received_on, issued=issued)
    except ValidityError:
        return None
    return CardExpiry(issued, result.card_expiry, result.certificate_expiry, result.adult, projected)


def next_states(card: Card) -> list[tuple[str, str]]:
    """The states ``card`` may move to (value, label), none once its personal data is purged."""
    if card.is_purged:
        return []
    return [(s, rules.STATE_LABELS[s]) for s in sorted(rules.TRANSITIONS[card.state])]
