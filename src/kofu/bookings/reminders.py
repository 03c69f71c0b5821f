"""Scheduled jobs: reminder e-mails for tomorrow's bookings, releasing expired holds."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from kofu.bookings import notify, services
from kofu.bookings.models import Booking


def send_reminders(day: dt.date | None = None) -> int:
    """Queue a reminder for each of ``day``'s bookings (default: tomorrow) not reminded yet; the
    number queued. Each booking is marked and its e-mail queued in one transaction, the mark by a
    conditional UPDATE, so two runs at once remind a booking once."""
    day = day or timezone.localdate() + dt.timedelta(days=1)
    first = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    last = first + dt.timedelta(days=1)
    queued = 0
    todo = Booking.objects.filter(
        status=Booking.Status.BOOKED,
        slot__starts_at__gte=first,
        slot__starts_at__lt=last,
        reminded_at__isnull=True,
    ).select_related("slot__site", "card")
    for booking in todo:
        with transaction.atomic():
            if not Booking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            ):
                continue  # another run reminded it meanwhile
            if notify.queue(booking, "reminder") is not None:
                queued += 1
    return queued


def release_all_expired_holds() -> int:
    slot_ids = set(
        Booking.objects.filter(status=Booking.Status.HELD, hold_expires_at__lt=timezone.now()).values_list(
            "slot_id", flat=True
        )
    )
    released = 0
    for slot_id in slot_ids:
        with transaction.atomic():
            released += services.release_expired_holds(slot_id)
    return released
