"""Writes of the cards app: one transition service for every state change, notices, access log."""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kofu.accounts.access import access_municipality
from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.cards import counting
from kofu.cards.access import access_card
from kofu.cards.models import Card, CardTransition, NoticeBatch, ResidentAccess
from kofu.core import workflow
from kofu.registry.models import Municipality
from kofu.rules import cards as rules

#: The date each state records when a card enters it.
STAGE_DATES = {
    rules.DELIVERED: "delivered_on",
    rules.SETUP_DONE: "setup_on",
    rules.NOTICE_SENT: "notice_sent_on",
    rules.APPOINTMENT_BOOKED: "appointment_on",
    rules.HANDED_OVER: "handed_over_on",
    rules.MAILED: "handed_over_on",
}

_NOTICE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def today() -> dt.date:
    return timezone.localdate()


def new_notice_number() -> str:
    """A random notice number residents type to book (no long digit runs: never mistaken for a My Number)."""
    raw = "".join(secrets.choice(_NOTICE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _count(card: Card, before: str, to_state: str, day: dt.date) -> None:
    """Keep the per-day stage counters in step (same transaction)."""
    if to_state == rules.DELIVERED:
        counting.add(card.municipality, [(counting.key(counting.DELIVERED, day), 1)])
    elif to_state == rules.SETUP_DONE:
        counting.add(card.municipality, [(counting.key(counting.SETUP, day), 1)])
    elif to_state == rules.NOTICE_SENT and before == rules.SETUP_DONE:
        days = (day - card.delivered_on).days if card.delivered_on else -1
        counting.add(card.municipality, [(counting.key(counting.NOTICE_SENT, day, days=days), 1)])
    elif to_state == rules.MAILED or (to_state == rules.HANDED_OVER and before != rules.MAILED):
        counting.add(card.municipality, [(counting.key(counting.HANDED_OVER, day), 1)])


@transaction.atomic
def card_transition(
    *,
    card_id: int,
    to_state: str,
    actor: Actor,
    on: dt.date | None = None,
    note: str = "",
    notice_batch: NoticeBatch | None = None,
    audit: bool = True,
    card: Card | None = None,
    memo: bool = True,
) -> Card:
    """Move one card to ``to_state``; record the history and an audit event
    (:func:`kofu.core.workflow.transition`, the card pipeline :data:`kofu.rules.cards.WORKFLOW`).

    The row is read under a lock, or the caller passes the ``card`` it has just read: the update
    is conditional on the state read (``WHERE state = …``), and if the card moved meanwhile it is
    read again under the lock and the transition checked anew. ``note`` goes into the history row
    (and, from staff, onto the card's memo unless ``memo=False``). A caller whose own audit event
    records the card's change in the same transaction (the booking service) passes ``audit=False``.
    Only the changed fields are validated and written; the database enforces the unique and check
    constraints.
    """
    if card is None or card.pk != card_id:
        card = access_card(
            actor, card_id, rows=Card.objects.select_for_update().select_related("municipality")
        )
    else:
        access_card(actor, card)
    rules.check_transition(card.state, to_state, channel=card.channel)
    day = on or today()
    before = card.state
    now = timezone.now()
    changes: dict[str, object] = {"state_changed_at": now, "state_since": day}
    field = STAGE_DATES.get(to_state)
    if field is not None:
        changes[field] = day
    if to_state == rules.NOTICE_SENT:
        changes["appointment_on"] = None
        if not card.notice_number:
            changes["notice_number"] = new_notice_number()
        if notice_batch is not None:
            changes["notice_batch"] = notice_batch
    if note and memo and actor.is_staff_member:
        changes["note"] = (card.note + "\n" + note).strip()
    for name, value in changes.items():
        setattr(card, name, value)
    _validate_fields(card, list(changes))
    history = workflow.transition(
        card,
        flow=rules.WORKFLOW,
        action=to_state,
        actor=actor,
        record=CardTransition(card=card),
        comment=note[:200],
        state_field="state",
        changes=changes,
        at=now,
        audit_action="cards.transition" if audit else "",
        object_type="card",
        purpose="交付事務",
    )
    if history is None:  # moved since it was read: read it again under the lock
        return card_transition(
            card_id=card_id,
            to_state=to_state,
            actor=actor,
            on=on,
            note=note,
            notice_batch=notice_batch,
            audit=audit,
            memo=memo,
        )
    _count(card, before, to_state, day)
    return card


def _validate_fields(instance: Card, fields: Sequence[str]) -> None:
    """Run the validators (choices, formats, the My Number guard) of the non-relation ``fields``.

    Foreign keys are left to the database (their validation would read the related row again).
    """
    instance.clean_fields(exclude=_others(type(instance), tuple(fields)))


@functools.cache
def _others(model: type[Card], fields: tuple[str, ...]) -> frozenset[str]:
    """The fields :func:`_validate_fields` leaves out: all but the non-relation ``fields``."""
    wanted = {name for name in fields if not model._meta.get_field(name).is_relation}
    return frozenset(f.name for f in model._meta.concrete_fields) - wanted


@transaction.atomic
def notices_send(
    *,
    municipality: Municipality,
    size: int,
    visit_from: dt.date,
    visit_until: dt.date,
    actor: Actor,
    sent_on: dt.date | None = None,
) -> NoticeBatch:
    """Send one wave of notices: the ``size`` cards set up longest ago move to 通知書発送済み."""
    access_municipality(actor, municipality, change=True)
    if size < 1:
        raise ValidationError({"size": "通数は1以上にしてください"})
    batch = NoticeBatch(
        municipality=municipality,
        sent_on=sent_on or today(),
        visit_from=visit_from,
        visit_until=visit_until,
        size=0,
        created_at=timezone.now(),
        created_by_id=actor.user_id,
    )
    batch.full_clean()
    batch.save()
    ids = list(
        Card.objects.filter(municipality=municipality, state=rules.SETUP_DONE)
        .order_by("setup_on", "delivered_on", "id")
        .values_list("id", flat=True)[:size]
    )
    if not ids:
        raise ValidationError({"size": "交付前設定済みで通知書を送っていないカードがありません"})
    for card_id in ids:
        card_transition(
            card_id=card_id, to_state=rules.NOTICE_SENT, actor=actor, on=batch.sent_on, notice_batch=batch
        )
    batch.size = len(ids)
    batch.save(update_fields=["size"])
    audit_record(
        actor=actor,
        action="cards.notices_send",
        object_type="notice_batch",
        object_id=batch.pk,
        after={
            "size": batch.size,
            "visit_from": visit_from.isoformat(),
            "visit_until": visit_until.isoformat(),
        },
        purpose="交付通知書の発送",
    )
    return batch


@transaction.atomic
def card_note_update(*, card_id: int, note: str, actor: Actor) -> Card:
    card = access_card(actor, card_id, rows=Card.objects.select_for_update().select_related("municipality"))
    card.note = note
    card.full_clean()
    card.save(update_fields=["note"])
    resident_access_record(cards=[card], actor=actor, action=ResidentAccess.Action.UPDATE)
    audit_record(
        actor=actor,
        action="cards.note_update",
        object_type="card",
        object_id=card.pk,
        after={"fields": ["note"]},
    )
    return card


def resident_access_record(
    *,
    cards: Sequence[Card],
    actor: Actor,
    action: str = ResidentAccess.Action.VIEW,
    purpose: str = ResidentAccess.Purpose.ISSUANCE,
) -> None:
    """Log a write of residents' records (who, organisation, when, why; no personal values).

    Pages log what they show through :func:`kofu.cards.access_log.records_shown` instead.
    """
    from kofu.cards import access_log

    access_log.record([card.pk for card in cards], actor=actor, action=action, purpose=purpose)
