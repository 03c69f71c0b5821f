"""Access to residents' records: cards and notice batches (the rules: ``kofu.accounts.access``).

A card is its municipality's own record: the municipality's staff (and the operator's commands)
see and change it; prefecture and ministry staff never see one (aggregates only). A resident acts
on their own card and on the household cards offered with it (:func:`household_q`) — by booking.
Each function returns the object or raises :class:`~kofu.accounts.access.NotFound`.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kofu.accounts.access import NotFound, can_edit_municipality, own_area
from kofu.accounts.roles import Actor, Resident
from kofu.cards.models import Card, NoticeBatch
from kofu.registry.models import Municipality


def _may_act_on(actor: Actor, card: Card) -> bool:
    if isinstance(actor, Resident):
        return card.pk in actor.cards
    return can_edit_municipality(actor, card.municipality_id)


def access_card(actor: Actor, card: int | Card, *, rows: QuerySet[Card] | None = None) -> Card:
    """The card (by id, read from ``rows`` — e.g. locked, or one municipality's — or the object)
    if ``actor`` may act on it."""
    found = (
        (rows if rows is not None else Card.objects).filter(pk=card).first()
        if isinstance(card, int)
        else card
    )
    if found is None or not _may_act_on(actor, found):
        raise NotFound("カードが見つかりません")
    return found


def resident_cards(actor: Actor, municipality: Municipality) -> QuerySet[Card]:
    """Row-level cards of a municipality: only for its own staff (never the ministry or a prefecture)."""
    return Card.objects.filter(own_area(actor).q("municipality"), municipality=municipality)


def access_notice_batch(actor: Actor, batch_id: int, *, municipality: Municipality) -> NoticeBatch:
    """One wave of notices of ``municipality`` (whose residents' records its own staff handle)."""
    batch = NoticeBatch.objects.filter(pk=batch_id, municipality=municipality).first()
    if batch is None or not can_edit_municipality(actor, batch.municipality_id):
        raise NotFound("交付通知書の発送が見つかりません")
    return batch


def household_q(card: Card) -> Q:
    """The other cards of ``card``'s household: the same notice batch, sent to the same address."""
    if card.notice_batch_id is None or not card.address:
        return Q(pk__in=[])
    return Q(notice_batch_id=card.notice_batch_id, address=card.address) & ~Q(pk=card.pk)
