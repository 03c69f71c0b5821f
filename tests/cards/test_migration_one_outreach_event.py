"""The migration to one outreach event model carries the cards' events over (issue 18 item 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.migration_schema import originals_executor

BEFORE = [
    ("cards", "0009_resident_access_hash_chain"),
    ("surveys", "0002_my_number_guard_on_every_text_field"),
]
AFTER = [("cards", "0010_one_outreach_event_model")]


def _card(model, municipality, application_id, event):  # type: ignore[no-untyped-def]
    return model.objects.create(
        municipality=municipality, application_id=application_id, channel="outreach",
        received_on=dt.date(2022, 4, 6), outreach_event=event, name="都城 一郎",
        birth_date=dt.date(1970, 1, 1), address="宮崎県都城市", state="applied",
        state_since=dt.date(2022, 4, 6), state_changed_at=timezone.now(),
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_cards_events_become_the_one_outreach_event(registry):
    executor = originals_executor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        municipality = old.get_model("registry", "Municipality").objects.get(code="452025")
        planned = old.get_model("surveys", "OutreachEvent").objects.create(
            municipality_id=municipality.pk, title="週末の出張申請受付", venue_type="mall",
            venue="イオンモール都城駅前", address="宮崎県都城市", starts_on=dt.date(2022, 4, 5),
            ends_on=dt.date(2022, 4, 7), opens_at=dt.time(10), closes_at=dt.time(16), published=True,
        )  # fmt: skip
        event = old.get_model("cards", "OutreachEvent")
        in_plan = event.objects.create(
            municipality=municipality, venue="イオンモール都城駅前", held_on="2022-04-06"
        )
        alone = event.objects.create(
            municipality=municipality, venue="高城地区公民館", held_on="2022-04-09", note="職員2名"
        )
        card = old.get_model("cards", "Card")
        _card(card, municipality, "AP1", in_plan)
        _card(card, municipality, "AP2", alone)
        _card(card, municipality, "AP3", alone)
        executor = originals_executor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        _assert_carried_over(new, planned)
    finally:  # the rest of the suite runs on the latest schema, whatever happened above
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _assert_carried_over(new, planned) -> None:  # type: ignore[no-untyped-def]
    events = new.get_model("surveys", "OutreachEvent").objects.order_by("starts_on")
    assert [(e.venue, e.starts_on, e.published, e.notes) for e in events] == [
        ("イオンモール都城駅前", dt.date(2022, 4, 5), True, ""),
        ("高城地区公民館", dt.date(2022, 4, 9), False, "職員2名"),
    ]
    cards = dict(new.get_model("cards", "Card").objects.values_list("application_id", "outreach_event_id"))
    assert cards == {"AP1": planned.pk, "AP2": events[1].pk, "AP3": events[1].pk}
