"""Booking numbers and family bookings: the number each booking gets, the party a lead booked."""

from __future__ import annotations

from collections.abc import Sequence

from kofu.bookings.models import Booking, booking_number

#: Statuses in which a family member still moves with the booking that led it.
_MOVING = (Booking.Status.HELD, Booking.Status.BOOKED)


def number_clash(bookings: Sequence[Booking]) -> bool:
    """Whether a failed insert met a booking number already given (the chance is about 1 in 10¹¹)."""
    return Booking.objects.filter(number__in=[b.number for b in bookings]).exists()


def renumber(bookings: Sequence[Booking]) -> None:
    """Ready the rolled-back bookings for another try: new numbers, cards as the database has them."""
    for booking in bookings:
        booking.pk = None
        booking.number = booking_number()
        booking.card.refresh_from_db()


def party_of(booking: Booking) -> list[Booking]:
    """The active bookings ``booking`` made for others of the household, locked (a family booking's
    change or cancellation moves them with it)."""
    if booking.lead_id is not None:
        return []
    return list(
        Booking.objects.select_for_update()
        .filter(lead=booking, status__in=_MOVING)
        .select_related("card", "slot__site")
        .order_by("id")
    )
