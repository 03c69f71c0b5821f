"""Scheduled jobs: reminder e-mails before the visit, releasing expired holds; a resident's opt-out.

``kofu bookings remind`` runs daily (cron): it reminds every booking whose visit is within the next
``KOFU_BOOKING_REMIND_DAYS`` days (default 2) and that was not reminded yet, so a booking made late,
or a day cron missed, still gets its one reminder. The e-mail goes through the outbox.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.bookings import notify, services
from kofu.bookings.access import access_booking
from kofu.bookings.models import Booking
from kofu.bookings.services import seats


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def reminder_window(*, today: dt.date, day: dt.date | None = None) -> tuple[dt.datetime, dt.datetime]:
    """[first, last) of the visits to remind: ``day`` alone, or tomorrow up to ``today`` + N days."""
    if day is not None:
        return _midnight(day), _midnight(day + dt.timedelta(days=1))
    days = max(1, settings.KOFU_BOOKING_REMIND_DAYS)
    return _midnight(today + dt.timedelta(days=1)), _midnight(today + dt.timedelta(days=days + 1))


def send_reminders(day: dt.date | None = None, *, today: dt.date | None = None) -> int:
    """Queue a reminder for each booking in :func:`reminder_window` not reminded yet and not opted
    out; the number queued. Each booking is marked and its e-mail queued in one transaction, the
    mark by a conditional UPDATE, so two runs at once remind a booking once."""
    first, last = reminder_window(today=today or timezone.localdate(), day=day)
    queued = 0
    todo = Booking.objects.filter(
        status=Booking.Status.BOOKED,
        slot__starts_at__gte=first,
        slot__starts_at__lt=last,
        reminded_at__isnull=True,
        reminders_off=False,
    ).select_related("slot__site", "card")
    for booking in todo:
        with transaction.atomic():
            if not Booking.objects.filter(
                pk=booking.pk, reminded_at__isnull=True, reminders_off=False
            ).update(reminded_at=timezone.now()):
                continue  # another run reminded it meanwhile, or the resident opted out
            if notify.queue(booking, "reminder") is not None:
                queued += 1
    return queued


@transaction.atomic
def booking_reminders_off(*, booking_id: int, actor: Actor) -> Booking:
    """The resident follows the opt-out link: no more reminders for this booking (audited)."""
    booking = access_booking(
        actor, booking_id, rows=Booking.objects.select_for_update().select_related("slot__site")
    )
    if not booking.reminders_off:
        Booking.objects.filter(pk=booking.pk).update(reminders_off=True)
        booking.reminders_off = True
        audit_record(
            actor=actor,
            action="bookings.reminders_off",
            object_type="booking",
            object_id=booking.pk,
            before={"reminders_off": False},
            after={"reminders_off": True},
            purpose="来庁予約",
        )
    return booking


def release_all_expired_holds() -> int:
    """Give back the seats of expired holds and of cancellations whose release time has come."""
    with transaction.atomic():
        released = seats.release_due()
    slot_ids = set(
        Booking.objects.filter(status=Booking.Status.HELD, hold_expires_at__lt=timezone.now()).values_list(
            "slot_id", flat=True
        )
    )
    for slot_id in slot_ids:
        with transaction.atomic():
            released += services.release_expired_holds(slot_id)
    return released
