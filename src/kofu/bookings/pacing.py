"""Notices paced to capacity (交付通知書の発送数の提案): the free seats of the coming weeks and the
observed response rate of earlier notice batches → the day's batch size (rules in
:mod:`kofu.rules.pacing`). Registered in ``cards.pacing.PACERS`` so the notice run shows it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.db.models import Count, F, Sum

from kofu.bookings.models import Booking, Slot
from kofu.cards.models import NoticeBatch
from kofu.cards.selectors import ready_for_notice
from kofu.registry.models import Municipality
from kofu.rules import pacing as rules
from kofu.rules.booking_calendar import JST

#: Batches older than this are not used for the response rate (days).
LOOKBACK_DAYS = 180


@dataclass(frozen=True)
class Pacing:
    proposal: rules.Proposal
    #: True when the rate was observed (else the configured default was used).
    observed: bool
    settled_batches: int
    first: dt.date
    last: dt.date


def free_seats(municipality: Municipality, first: dt.date, last: dt.date) -> int:
    """Free web and phone seats (what notice holders book) of the municipality's open slots."""
    start = dt.datetime.combine(first, dt.time.min, tzinfo=JST)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=JST)
    total = Slot.objects.filter(
        site__municipality=municipality,
        site__active=True,
        closed=False,
        starts_at__gte=start,
        starts_at__lt=end,
    ).aggregate(free=Sum(F("web_capacity") - F("web_booked") + F("phone_capacity") - F("phone_booked")))[
        "free"
    ]
    return int(total or 0)


def _batches(municipality: Municipality, today: dt.date) -> tuple[list[rules.Batch], list[rules.Batch]]:
    """(settled, answering) batches with the number of their cards that booked."""
    settle = today - dt.timedelta(days=settings.KOFU_NOTICE_SETTLE_DAYS)
    rows = list(
        NoticeBatch.objects.filter(
            municipality=municipality, sent_on__gte=today - dt.timedelta(days=LOOKBACK_DAYS)
        ).values_list("pk", "sent_on", "size")
    )
    booked = dict(
        Booking.objects.filter(card__notice_batch_id__in=[pk for pk, _, _ in rows])
        .values("card__notice_batch_id")
        .annotate(n=Count("card", distinct=True))
        .values_list("card__notice_batch_id", "n")
    )
    settled = [rules.Batch(size, booked.get(pk, 0)) for pk, sent_on, size in rows if sent_on <= settle]
    answering = [rules.Batch(size, booked.get(pk, 0)) for pk, sent_on, size in rows if sent_on > settle]
    return settled, answering


def notice_pacing(municipality: Municipality, today: dt.date) -> Pacing:
    first = today + dt.timedelta(days=settings.KOFU_BOOKING_CLOSING_DAYS)
    last = today + dt.timedelta(weeks=settings.KOFU_NOTICE_PACING_WEEKS)
    settled, answering = _batches(municipality, today)
    observed = rules.response_rate(settled)
    rate = observed if observed else Fraction(settings.KOFU_NOTICE_DEFAULT_RESPONSE_PERCENT, 100)
    proposal = rules.propose(
        free_seats=free_seats(municipality, first, last),
        rate=rate,
        answering=answering,
        ready=ready_for_notice(municipality),
        spread_days=settings.KOFU_NOTICE_SPREAD_DAYS,
    )
    return Pacing(proposal, bool(observed), len(settled), first, last)
