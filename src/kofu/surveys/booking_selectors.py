"""Reads of the outreach bookings ahead (事前予約制): the public slot list, a session's list for
staff, and the figures per event that the management page shows beside the applications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from kofu.rules.outreach_slots import may_book
from kofu.surveys.models import OutreachBooking, OutreachEvent, OutreachSlot

BOOKED = OutreachBooking.Status.BOOKED
CANCELLED = OutreachBooking.Status.CANCELLED


@dataclass(frozen=True)
class BookingFigures:
    slots: int = 0
    seats: int = 0
    booked: int = 0
    cancelled: int = 0

    @property
    def free(self) -> int:
        return max(self.seats - self.booked, 0)


def open_slots(event: OutreachEvent, now: dt.datetime) -> list[OutreachSlot]:
    """The slots a resident may still choose (before they start, or up to the day before; full ones
    are listed as full)."""
    local = timezone.localtime(now)
    return [
        slot
        for slot in event.slots.filter(starts_at__gt=now).order_by("starts_at")
        if may_book(timezone.localtime(slot.starts_at), local, day_before=event.booking_day_before)
    ]


def session_bookings(event: OutreachEvent) -> QuerySet[OutreachBooking]:
    """Every booking of the event's sessions (slots), for its municipality's staff."""
    return (
        OutreachBooking.objects.filter(slot__event=event)
        .select_related("slot")
        .order_by("slot__starts_at", "created_at", "pk")
    )


def booking_figures(events: Iterable[OutreachEvent]) -> dict[int, BookingFigures]:
    """Slots, seats, active and cancelled bookings per event (two grouped queries)."""
    ids = [e.pk for e in events]
    seats = {
        row["event"]: row
        for row in OutreachSlot.objects.filter(event__in=ids)
        .values("event")
        .annotate(n=Count("pk"), seats=Sum("seats"), booked=Sum("booked"))
    }
    cancelled = dict(
        OutreachBooking.objects.filter(slot__event__in=ids)
        .values("slot__event")
        .annotate(n=Count("pk", filter=Q(status=CANCELLED)))
        .values_list("slot__event", "n")
    )
    return {
        pk: BookingFigures(
            slots=seats[pk]["n"],
            seats=seats[pk]["seats"] or 0,
            booked=seats[pk]["booked"] or 0,
            cancelled=cancelled.get(pk, 0),
        )  # fmt: skip
        for pk in ids
        if pk in seats
    }
