"""The one workflow helper (kofu.core.workflow.transition) on a card: it writes only from the state
read, refuses a My Number in the comment before writing anything, and leaves the audit event to a
caller that records its own."""

from __future__ import annotations

import pytest

from kofu.accounts.models import AuditEvent
from kofu.cards.models import Card, CardTransition
from kofu.core import workflow
from kofu.rules import cards as rules
from kofu.rules.workflow import TransitionRefused


@pytest.mark.django_db
def test_a_card_that_left_the_state_it_was_read_in_is_not_moved(make_card, staff):
    card = make_card(state=rules.NOTICE_SENT)
    stale = Card.objects.get(pk=card.pk)
    Card.objects.filter(pk=card.pk).update(state=rules.HANDED_OVER)

    record = workflow.transition(
        stale,
        flow=rules.WORKFLOW,
        action=rules.APPOINTMENT_BOOKED,
        actor=staff,
        record=CardTransition(card=stale),
        state_field="state",
        audit_action="cards.transition",
        object_type="card",
    )

    assert record is None
    assert Card.objects.get(pk=card.pk).state == rules.HANDED_OVER
    assert not CardTransition.objects.filter(card=card).exists()
    assert not AuditEvent.objects.filter(action="cards.transition", object_id=str(card.pk)).exists()


@pytest.mark.django_db
def test_a_my_number_in_the_comment_is_refused_before_anything_is_written(make_card, staff):
    card = make_card(state=rules.SETUP_DONE)

    with pytest.raises(TransitionRefused, match="メモ: .*個人番号"):
        workflow.transition(
            card,
            flow=rules.WORKFLOW,
            action=rules.NOTICE_SENT,
            actor=staff,
            record=CardTransition(card=card),
            comment="123456789018",
            state_field="state",
        )

    assert Card.objects.get(pk=card.pk).state == rules.SETUP_DONE
    assert not CardTransition.objects.filter(card=card).exists()


@pytest.mark.django_db
def test_the_history_row_has_the_one_shape_and_no_audit_event_without_an_audit_action(make_card, staff):
    card = make_card(state=rules.SETUP_DONE)

    record = workflow.transition(
        card,
        flow=rules.WORKFLOW,
        action=rules.NOTICE_SENT,
        actor=staff,
        record=CardTransition(card=card),
        comment=" 第1回 ",
        state_field="state",
    )

    assert record is not None
    row = CardTransition.objects.get(card=card)
    assert (row.from_state, row.to_state, row.action, row.actor_label, row.comment) == (
        rules.SETUP_DONE,
        rules.NOTICE_SENT,
        rules.NOTICE_SENT,
        "miyakonojo",
        "第1回",
    )
    assert card.state == Card.objects.get(pk=card.pk).state == rules.NOTICE_SENT
    assert not AuditEvent.objects.filter(action="cards.transition", object_id=str(card.pk)).exists()


@pytest.mark.django_db
def test_the_state_and_history_statement_leaves_no_trigger_in_the_database_itself(make_card, staff):
    """SQLite: the card's two writes run through a TEMP view's trigger, on kofu's connection only;
    the database file holds no trigger of it, so another tool's writes are left alone."""
    from django.db import connection

    card = make_card(state=rules.SETUP_DONE)
    record = CardTransition(card=card)
    assert workflow.transition(
        card, flow=rules.WORKFLOW, action=rules.NOTICE_SENT, actor=staff, record=record, state_field="state"
    )
    assert Card.objects.get(pk=card.pk).state == rules.NOTICE_SENT
    assert CardTransition.objects.get(card=card).actor_label == "miyakonojo"
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'kofu_move%'")
            assert cursor.fetchall() == []
            cursor.execute("SELECT type FROM sqlite_temp_master WHERE name LIKE 'kofu_move_cards_card%'")
            assert sorted(t for (t,) in cursor.fetchall()) == ["trigger", "view"]


@pytest.mark.django_db(transaction=True)
def test_a_table_rebuilt_after_a_step_on_the_same_connection_loses_nothing(make_card, staff):
    """SQLite checks a connection's TEMP triggers when a table they name is rebuilt (how Django's
    SQLite schema editor alters tables): kofu's schema editor drops the step views first, and the
    next step makes them again."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the TEMP view and trigger exist on SQLite only (PostgreSQL: one CTE)")
    first, second = make_card(state=rules.SETUP_DONE), make_card(state=rules.SETUP_DONE)
    step = {"flow": rules.WORKFLOW, "action": rules.NOTICE_SENT, "actor": staff, "state_field": "state"}
    assert workflow.transition(first, record=CardTransition(card=first), **step)
    with connection.schema_editor() as editor:
        editor._remake_table(Card)  # what alter_field does on SQLite
    assert workflow.transition(second, record=CardTransition(card=second), **step)
    assert set(Card.objects.values_list("state", flat=True)) == {rules.NOTICE_SENT}
    assert CardTransition.objects.count() == 2
