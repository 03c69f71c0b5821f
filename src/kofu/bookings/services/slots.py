"""Slot-level changes of the one booking service: capacity and quota edits, closing a slot.

Both go through the same pieces as every booking change (``core``): the seat counters move only
with conditional UPDATEs, ending a booking gives its seat back and mirrors the card.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Q

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.bookings.access import access_slot
from kofu.bookings.availability import slots_changed
from kofu.bookings.models import ACTIVE, Booking, Slot
from kofu.bookings.services.core import Status, _end
from kofu.bookings.services.records import BookingError
from kofu.rules import quotas


@transaction.atomic
def slot_set_capacity(
    *,
    slot_id: int,
    capacity: int,
    web_capacity: int | None = None,
    phone_capacity: int | None = None,
    actor: Actor,
) -> Slot:
    """Change a slot's seats and its web/phone quotas (walk-ins get the rest).

    Refused when the slot or any channel would hold fewer seats than it has booked. A quota left
    out (``None``) keeps its value where it still fits and otherwise shrinks as little as the
    bookings allow (:func:`kofu.rules.quotas.choose`).
    """
    slot = access_slot(
        actor, slot_id, change=True, rows=Slot.objects.select_for_update(of=("self",)).select_related("site")
    )
    booked = quotas.Booked(slot.booked, slot.web_booked, slot.phone_booked)
    try:
        web, phone = quotas.choose(
            capacity,
            web_capacity,
            phone_capacity,
            now=(slot.web_capacity, slot.phone_capacity),
            booked=booked,
        )
    except quotas.QuotaError as exc:
        raise BookingError(str(exc), code="invalid") from exc
    if refusal := quotas.shortfall(capacity, web, phone, booked=booked):
        raise BookingError(f"{refusal}先に予約を移すか取り消してください。", code="below_booked")
    fits = Q(booked__lte=capacity, web_booked__lte=web, phone_booked__lte=phone) & Q(
        booked__lte=F("web_booked") + F("phone_booked") + (capacity - web - phone)
    )
    if not Slot.objects.filter(fits, pk=slot_id).update(
        capacity=capacity, web_capacity=web, phone_capacity=phone
    ):
        raise BookingError("予約数が変わりました。もう一度やり直してください。", code="below_booked")
    slots_changed()
    audit_record(
        actor=actor,
        action="bookings.slot_capacity",
        object_type="slot",
        object_id=slot_id,
        before={
            "capacity": slot.capacity,
            "web_capacity": slot.web_capacity,
            "phone_capacity": slot.phone_capacity,
        },
        after={"capacity": capacity, "web_capacity": web, "phone_capacity": phone},
        purpose="来庁予約",
    )
    slot.refresh_from_db()
    return slot


def slot_close(*, slot: Slot, actor: Actor, reason: str) -> list[Booking]:
    """Close a slot (closure, holiday): cancel every active booking in it, each booked resident with
    an address told by e-mail (queued in the outbox). Caller holds the transaction."""
    access_slot(actor, slot, change=True)
    Slot.objects.filter(pk=slot.pk).update(closed=True)
    slots_changed()
    ended = []
    for booking in (
        Booking.objects.select_for_update().filter(slot=slot, status__in=ACTIVE).select_related("card")
    ):
        booking.slot = slot  # its site is read once, for every booking's e-mail
        ended.append(
            _end(
                booking, Status.CANCELLED, actor=actor, reason=reason, action="closure_cancel", mail="closure"
            )
        )
    return ended
