"""What a booking's change leaves behind: the card's state mirrored, and the one audit event."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.bookings.models import Booking
from kofu.cards.models import Card
from kofu.cards.services import card_transition
from kofu.rules import cards as card_rules


class BookingError(ValidationError):
    """A booking that cannot be made; ``code`` says why (``full``, ``not_bookable``, ``duplicate`` …)."""


def card_follows(
    card: Card, to_state: str, *, actor: Actor, on: dt.date | None = None
) -> dict[str, str] | None:
    """Mirror the booking on the card (通知書発送済み ⇄ 来庁予約済み) through the cards service,
    in the name of whoever changed the booking.

    Returns the card's change for the booking's own audit event (which records it), or None.
    """
    if card.state == to_state or to_state not in card_rules.TRANSITIONS.get(card.state, frozenset()):
        return None
    before = card.state
    try:
        moved = card_transition(
            card_id=card.pk,
            to_state=to_state,
            actor=actor,
            on=on,
            note="来庁予約",
            audit=False,
            card=card,
            memo=False,
        )
    except card_rules.TransitionError as exc:  # the card moved on since it was read (e.g. handed over)
        if Card.objects.filter(pk=card.pk, state=to_state).exists():
            return None
        raise BookingError(
            "このカードは来庁予約の対象ではありません（状態が変わりました）。", code="not_bookable"
        ) from exc
    card.state = moved.state
    return {"before": before, "after": moved.state}


def audit_booking(
    actor: Actor,
    action: str,
    booking: Booking,
    before: dict[str, object] | None = None,
    card_change: dict[str, str] | None = None,
) -> None:
    after: dict[str, object] = {"status": booking.status, "slot": booking.slot_id, "channel": booking.channel}
    if card_change is not None:  # the card's state moved with the booking, in the same transaction
        before = {**(before or {}), "card": booking.card_id, "card_state": card_change["before"]}
        after["card_state"] = card_change["after"]
    audit_record(
        actor=actor,
        action=f"bookings.{action}",
        object_type="booking",
        object_id=booking.pk,
        before=before,
        after=after,
        purpose="来庁予約",
    )
