"""Retention: erase the e-mail addresses and cancel reasons of the bookings of purged cards.

Registered with :data:`kofu.cards.services.purge.ERASERS` (``BookingsConfig.ready``) and run in the purge's
transaction. The booking rows stay (slot, status, times), so ``Slot.booked`` and the day sheets'
counts do not change.
"""

from __future__ import annotations

from django.db.models import Q

from kofu.bookings.models import Booking
from kofu.cards.models import PersonalDataDeletion


def bookings_erase_personal_data(deletion: PersonalDataDeletion) -> int:
    """Blank the personal values of the bookings of the cards in ``deletion``; the number changed."""
    return (
        Booking.objects.filter(card__deletion=deletion)
        .filter(~Q(email="") | ~Q(cancel_reason=""))
        .update(email="", cancel_reason="")
    )
