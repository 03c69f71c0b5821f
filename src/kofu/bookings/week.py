"""The day sheet's week view: per day of a week, the slots, seats and bookings (one grouped query)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from kofu.bookings.models import Booking, Site, Slot


@dataclass(frozen=True)
class WeekDay:
    day: dt.date
    slots: int
    capacity: int
    booked: int


def week_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def week_summary(site: Site, monday: dt.date) -> list[WeekDay]:
    """Seven days from ``monday``: open slots, their seats and the live bookings of each day."""
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    rows = (
        Slot.objects.filter(site=site, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=7))
        .annotate(day=TruncDate("starts_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(
            slots=Count("id", distinct=True, filter=Q(closed=False)),
            capacity=Sum("capacity", filter=Q(closed=False)),
        )
    )
    booked = dict(
        Booking.objects.filter(
            slot__site=site,
            slot__starts_at__gte=start,
            slot__starts_at__lt=start + dt.timedelta(days=7),
            status__in=[Booking.Status.BOOKED, Booking.Status.CHECKED_IN, Booking.Status.HELD],
        )
        .annotate(day=TruncDate("slot__starts_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    by_day: dict[dt.date, tuple[int, int]] = {
        row["day"]: (row["slots"] or 0, row["capacity"] or 0) for row in rows
    }
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        slots, capacity = by_day.get(day, (0, 0))
        days.append(WeekDay(day, slots, capacity, booked.get(day, 0)))
    return days
