"""Window closures: move the bookings a closing window can no longer serve (part of the booking service)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from kofu.accounts.roles import Actor
from kofu.bookings import notify
from kofu.bookings.access import access_site
from kofu.bookings.models import Booking, Slot, has_seats
from kofu.bookings.services.core import (
    Status,
    _end,
    _now,
    _release_seat,
    _take_seat,
)
from kofu.bookings.services.records import audit_booking
from kofu.bookings.services.slots import slot_set_capacity
from kofu.rules import quotas


@transaction.atomic
def window_close_day(*, site_id: int, day: dt.date, actor: Actor) -> tuple[list[Booking], list[Booking]]:
    """One window of a site closes for ``day``: each slot loses one window's seats.

    Bookings beyond the new capacity (latest made first) move to the nearest later slot of the same
    site with room; those that fit nowhere are cancelled. Returns (moved, cancelled). Residents with
    an address get an e-mail (変更 / 休業による取消), queued in the outbox in this transaction.
    """
    site = access_site(actor, site_id)
    first = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    slots = list(
        Slot.objects.select_for_update()
        .select_related("site")
        .filter(site=site, starts_at__gte=first, starts_at__lt=first + dt.timedelta(days=1), closed=False)
    )
    moved: list[Booking] = []
    cancelled: list[Booking] = []
    for slot in slots:
        slot.refresh_from_db()
        capacity = max(0, slot.capacity - slot.site.people_per_window)
        excess = slot.booked - capacity
        if excess > 0:
            victims = list(
                Booking.objects.select_for_update()
                .filter(slot=slot, status__in=[Status.BOOKED, Status.HELD])
                .select_related("card", "slot")
                .order_by("-created_at", "-id")[:excess]
            )
            for booking in victims:
                target = _room_after(slot, booking.channel)
                if target is None:
                    cancelled.append(
                        _end(
                            booking,
                            Status.CANCELLED,
                            actor=actor,
                            reason="窓口の閉鎖（振替先なし）",
                            action="window_cancel",
                            mail="closure",
                        )
                    )
                    continue
                _take_seat(target.pk, booking.channel)
                _release_seat(booking)
                before = {"status": booking.status, "slot": booking.slot_id}
                booking.slot = target
                booking.changed_at = _now()
                booking.save(update_fields=["slot", "changed_at"])
                if booking.status == Status.BOOKED:
                    booking.card.appointment_on = timezone.localtime(target.starts_at).date()
                    booking.card.save(update_fields=["appointment_on"])
                audit_booking(actor, "window_move", booking, before=before)
                if booking.status == Status.BOOKED:
                    notify.queue(booking, "change")
                moved.append(booking)
        slot.refresh_from_db()
        _shrink(slot, max(capacity, slot.booked), actor)
    return moved, cancelled


def _shrink(slot: Slot, capacity: int, actor: Actor) -> None:
    """Set the smaller capacity; the web and phone quotas shrink in proportion, never below booked."""
    old = slot.capacity or 1
    web, phone = quotas.fit(
        capacity,
        slot.web_capacity * capacity // old,
        slot.phone_capacity * capacity // old,
        booked=quotas.Booked(slot.booked, slot.web_booked, slot.phone_booked),
    )
    slot_set_capacity(slot_id=slot.pk, capacity=capacity, web_capacity=web, phone_capacity=phone, actor=actor)


def _room_after(slot: Slot, channel: str) -> Slot | None:
    """The nearest later open slot of the same site with a free seat in ``channel``'s quota."""
    rows = Slot.objects.filter(
        has_seats(channel), site_id=slot.site_id, starts_at__gt=slot.starts_at, closed=False
    )
    return rows.order_by("starts_at").first()
