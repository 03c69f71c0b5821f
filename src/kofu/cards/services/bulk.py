"""Bulk state changes from the card list: every card of a filter moved in one go.

Each card goes through :func:`kofu.cards.services.card_transition` (its history row, its counter and
its own audit event), each in its own savepoint: a card the state machine refuses (e.g. 郵送 for an
online application) is listed with the reason and the others still move.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from kofu.accounts.access import access_municipality
from kofu.accounts.roles import Actor
from kofu.cards.models import Card
from kofu.cards.services import card_transition
from kofu.registry.models import Municipality
from kofu.rules import cards as rules

#: At most this many cards per bulk change (a larger selection is done in several steps).
BULK_LIMIT = 500


@dataclass(frozen=True)
class Refused:
    card_id: int
    application_id: str
    reason: str


@dataclass
class BulkResult:
    moved: list[int] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


def filtered_cards(municipality: Municipality, *, state: str, channel: str = "") -> QuerySet[Card]:
    rows = Card.objects.filter(municipality=municipality, state=state)
    if channel:
        rows = rows.filter(channel=channel)
    return rows.order_by("state_changed_at", "id")


@transaction.atomic
def cards_bulk_transition(
    *,
    municipality: Municipality,
    state: str,
    to_state: str,
    actor: Actor,
    channel: str = "",
    on: dt.date | None = None,
) -> BulkResult:
    """Move the (oldest ``BULK_LIMIT``) cards in ``state`` (of ``channel``) to ``to_state``."""
    access_municipality(actor, municipality, change=True)
    if to_state not in rules.STATE_LABELS:
        raise ValidationError({"to_state": "変更後の状態を選んでください"})
    result = BulkResult()
    for card_id, application_id in filtered_cards(municipality, state=state, channel=channel).values_list(
        "id", "application_id"
    )[:BULK_LIMIT]:
        try:
            with transaction.atomic():
                card_transition(card_id=card_id, to_state=to_state, actor=actor, on=on)
        except (rules.TransitionError, ValidationError) as exc:
            reason = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            result.refused.append(Refused(card_id, application_id, reason))
        else:
            result.moved.append(card_id)
    return result
