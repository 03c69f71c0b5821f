"""The card state machine: every allowed transition works, every forbidden one is refused in Japanese."""

from __future__ import annotations

import itertools

import pytest

from kofu.accounts.access import NotFound
from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import viewer_of
from kofu.cards.models import CardTransition
from kofu.cards.services import card_transition
from kofu.rules import cards as rules

ALLOWED = [(a, b) for a, targets in rules.TRANSITIONS.items() for b in sorted(targets)]
FORBIDDEN = [
    (a, b)
    for a, b in itertools.product(rules.STATE_LABELS, rules.STATE_LABELS)
    if b not in rules.TRANSITIONS[a]
]


def channel_for(target: str) -> str:
    return rules.COUNTER if target == rules.MAILED else rules.ONLINE


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_every_allowed_transition_moves_the_card_and_keeps_history(make_card, staff, current, target):
    card = make_card(state=current, channel=channel_for(target))

    moved = card_transition(card_id=card.pk, to_state=target, actor=staff)

    assert moved.state == target
    history = CardTransition.objects.get(card=card)
    assert (history.from_state, history.to_state, history.actor_label) == (current, target, "miyakonojo")
    assert history.at == moved.state_changed_at
    assert AuditEvent.objects.filter(action="cards.transition", object_id=str(card.pk)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), FORBIDDEN)
def test_every_forbidden_transition_is_refused_with_a_message(make_card, staff, current, target):
    card = make_card(state=current, channel=rules.COUNTER)

    with pytest.raises(rules.TransitionError) as refused:
        card_transition(card_id=card.pk, to_state=target, actor=staff)

    assert (
        f"「{rules.STATE_LABELS[current]}」のカードを「{rules.STATE_LABELS[target]}」にはできません"
        in str(refused.value)
    )
    card.refresh_from_db()
    assert card.state == current
    assert not CardTransition.objects.filter(card=card).exists()


@pytest.mark.django_db
def test_a_card_applied_online_cannot_be_mailed(make_card, staff):
    card = make_card(state=rules.SETUP_DONE, channel=rules.ONLINE)
    with pytest.raises(rules.TransitionError, match="郵送できません"):
        card_transition(card_id=card.pk, to_state=rules.MAILED, actor=staff)


@pytest.mark.django_db
def test_sending_the_notice_gives_the_card_a_notice_number_without_long_digit_runs(make_card, staff):
    card = make_card(state=rules.SETUP_DONE)
    card = card_transition(card_id=card.pk, to_state=rules.NOTICE_SENT, actor=staff)
    assert card.notice_number and len(card.notice_number) == 11 and card.notice_sent_on is not None


@pytest.mark.django_db
def test_handover_records_the_date(make_card, staff):
    import datetime as dt

    card = make_card(state=rules.APPOINTMENT_BOOKED)
    card = card_transition(card_id=card.pk, to_state=rules.HANDED_OVER, actor=staff, on=dt.date(2022, 6, 1))
    assert card.handed_over_on == dt.date(2022, 6, 1)


@pytest.mark.django_db
def test_staff_of_another_municipality_cannot_move_the_card(make_card, personas):
    card = make_card(state=rules.DELIVERED)
    for persona in ("other_municipality", "prefecture", "ministry"):
        with pytest.raises(NotFound):
            card_transition(card_id=card.pk, to_state=rules.SETUP_DONE, actor=viewer_of(personas[persona]))
