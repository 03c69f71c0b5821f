"""Taking and giving back seats: the one conditional UPDATE that makes overbooking impossible.

Written as SQL rather than through the ORM because every booking runs it and it is the hottest
statement of the booking path; the condition is the same as :func:`kofu.bookings.models.has_seats`
(the slot lists use that one), and ``tests/bookings/test_seats.py`` checks the two agree on every
channel and slot state. The check constraints on ``Slot`` back both up.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from kofu.bookings.availability import slots_changed
from kofu.bookings.models import CHANNEL_BOOKED, Booking, Slot

_TABLE = Slot._meta.db_table

#: Free seats for ``%(n)s`` more bookings of a channel, besides room in the whole slot.
_QUOTA: dict[str, str] = {
    Booking.Channel.WEB: '"web_booked" + %(n)s <= "web_capacity"',
    Booking.Channel.PHONE: '"phone_booked" + %(n)s <= "phone_capacity"',
    # Walk-ins use the remainder: capacity − web − phone seats, of which booked − web − phone are taken.
    Booking.Channel.WALK_IN: (
        '"booked" - "web_booked" - "phone_booked" + %(n)s <= "capacity" - "web_capacity" - "phone_capacity"'
    ),
}


def _moves(channel: str, sign: str) -> str:
    columns = ["booked", *([CHANNEL_BOOKED[channel]] if channel in CHANNEL_BOOKED else [])]
    return ", ".join(f'"{c}" = "{c}" {sign} %(n)s' for c in columns)


_TAKE = {
    channel: (
        f'UPDATE "{_TABLE}" SET {_moves(channel, "+")} WHERE "id" = %(slot)s AND NOT "closed" '
        f'AND "booked" + %(n)s <= "capacity" AND {quota}'
    )
    for channel, quota in _QUOTA.items()
}
_GIVE_BACK = {
    channel: f'UPDATE "{_TABLE}" SET {_moves(channel, "-")} WHERE "id" = %(slot)s' for channel in _QUOTA
}


def take(slot_id: int, channel: str, seats: int = 1) -> bool:
    """Take ``seats`` seats of ``channel``'s quota in one statement; False (nothing changed) if full."""
    with connection.cursor() as cursor:
        cursor.execute(_TAKE[channel], {"slot": slot_id, "n": seats})
        taken: bool = cursor.rowcount == 1
    if taken:
        slots_changed()
    return taken


def take_reading(
    slot_id: int, channel: str, returning: str, params: dict[str, str | int]
) -> tuple[object, ...] | None:
    """:func:`take` (one seat) that also returns ``returning`` (SQL over the slot's row, e.g. its
    columns and scalar subqueries; named parameters from ``params``) in the same statement, or None
    (nothing changed) when the seat could not be taken — no such slot, closed, or full."""
    with connection.cursor() as cursor:
        cursor.execute(f"{_TAKE[channel]} RETURNING {returning}", {**params, "slot": slot_id, "n": 1})
        row = cursor.fetchone()
    if row is not None:
        slots_changed()
    return tuple(row) if row is not None else None


def give_back(slot_id: int, channel: str, seats: int = 1) -> None:
    """Return ``seats`` seats to the slot and to ``channel``'s counter (in the caller's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(_GIVE_BACK[channel], {"slot": slot_id, "n": seats})
    slots_changed()


def release_due(slot_id: int | None = None) -> int:
    """Give back the seats of ended bookings whose release time has come (of one slot, or all);
    each seat once, by a conditional UPDATE of its booking, in the caller's transaction."""
    due = Booking.objects.filter(seat_release_at__lte=timezone.now())
    if slot_id is not None:
        due = due.filter(slot_id=slot_id)
    released = 0
    for booking_id, slot, channel in due.values_list("pk", "slot_id", "channel"):
        if Booking.objects.filter(pk=booking_id, seat_release_at__isnull=False).update(seat_release_at=None):
            give_back(slot, channel)
            released += 1
    return released
