"""Backlog figures: stage ageing, counters per business day, arrival-to-notice days, monthly figures."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from kofu.accounts.roles import SYSTEM
from kofu.cards import counting, selectors
from kofu.cards.importing import import_applications
from kofu.cards.models import DailyCount
from kofu.cards.services import card_transition
from kofu.rules import cards as rules
from tests.cards.conftest import APPLICATION_HEADER

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def applications(tmp_path, miyakonojo, *rows: tuple[str, str, str]) -> None:
    """Import applications (id, channel, received_on)."""
    path = tmp_path / "applications.csv"
    lines = [f"{a},{c},{r},都城 一郎,,1970-01-01,宮崎県都城市1,,," for a, c, r in rows]
    path.write_text("\n".join([APPLICATION_HEADER, *lines]) + "\n", encoding="utf-8")
    import_applications(path, municipality=miyakonojo, actor=SYSTEM)


def move(card, *steps: tuple[str, str]):
    for state, day in steps:
        card = card_transition(card_id=card.pk, to_state=state, actor=SYSTEM, on=D(day))
    return card


def test_stage_ageing_gives_count_oldest_and_median(miyakonojo, make_card):
    for day in ("2022-05-01", "2022-05-11", "2022-05-21", "2022-05-26"):
        make_card(state=rules.DELIVERED, delivered_on=D(day), state_since=D(day))
    rows = {row.state: row for row in selectors.backlog(miyakonojo, D("2022-06-01"))}
    assert (rows["delivered"].count, rows["delivered"].oldest_days, rows["delivered"].median_days) == (
        4,
        31,
        16.0,
    )
    assert rows["notice_sent"].count == 0 and rows["notice_sent"].median_days is None


def test_arrival_to_notice_days_flag_three_weeks(miyakonojo, make_card):
    move(make_card(state=rules.SETUP_DONE, delivered_on=D("2022-05-02")), (rules.NOTICE_SENT, "2022-05-12"))
    move(make_card(state=rules.SETUP_DONE, delivered_on=D("2022-05-02")), (rules.NOTICE_SENT, "2022-05-23"))
    make_card(state=rules.SETUP_DONE, delivered_on=D("2022-05-02"))  # waiting 30 days on 6/1
    delays = selectors.notice_delays(miyakonojo, D("2022-06-01"))
    assert (delays.count, delays.median_days, delays.max_days, delays.slow, delays.waiting_slow) == (
        2,
        15.5,
        21,
        1,
        1,
    )


def test_counters_are_cumulative_and_per_business_day(tmp_path, miyakonojo, make_card):
    applications(tmp_path, miyakonojo, ("AP1", "counter", "2022-04-01"), ("AP2", "online", "2022-05-31"))
    move(make_card(state=rules.APPOINTMENT_BOOKED), (rules.HANDED_OVER, "2022-05-31"))
    counts = selectors.counters(miyakonojo, D("2022-06-01"), business_days=3)
    assert counts.cumulative == {"received": 2, "delivered": 0, "setup": 0, "handed_over": 1}
    assert [d for d, _ in counts.per_day] == [D("2022-05-30"), D("2022-05-31"), D("2022-06-01")]
    assert counts.per_day[1][1] == {"received": 1, "handed_over": 1}


def test_a_mailed_card_is_issued_once(miyakonojo, make_card):
    move(
        make_card(state=rules.SETUP_DONE, channel=rules.COUNTER),
        (rules.MAILED, "2022-05-10"),
        (rules.HANDED_OVER, "2022-05-12"),
    )
    assert selectors.counters(miyakonojo, D("2022-06-01")).cumulative["handed_over"] == 1


def test_monthly_figures_for_the_plans_report(tmp_path, miyakonojo, make_card):
    applications(
        tmp_path,
        miyakonojo,
        ("AP1", "counter", "2022-05-02"),
        ("AP2", "outreach", "2022-05-03"),
        ("AP3", "online", "2022-04-03"),
    )
    from kofu.cards.models import Card

    cards = {c.application_id: c for c in Card.objects.all()}
    move(
        cards["AP1"],
        (rules.DELIVERED, "2022-05-10"),
        (rules.SETUP_DONE, "2022-05-12"),
        (rules.NOTICE_SENT, "2022-05-20"),
        (rules.HANDED_OVER, "2022-05-25"),
    )
    move(
        cards["AP2"],
        (rules.DELIVERED, "2022-05-10"),
        (rules.SETUP_DONE, "2022-05-12"),
        (rules.MAILED, "2022-06-03"),
    )
    move(cards["AP3"], (rules.DELIVERED, "2022-05-20"))
    figures = selectors.monthly_figures(miyakonojo, 2022, 5)
    assert figures.issued == 1
    assert (
        figures.applications_by_channel["counter"] == 1 and figures.applications_by_channel["outreach"] == 1
    )
    assert figures.applications_by_channel["online"] == 0
    assert figures.cards_waiting == 2
    assert (figures.median_arrival_to_notice_days, figures.max_arrival_to_notice_days) == (10.0, 10)


def test_counters_add_up_and_skip_zero(miyakonojo):
    day = D("2022-05-09")
    counting.add(
        miyakonojo, Counter({counting.key(counting.DELIVERED, day): 2, counting.key(counting.SETUP, day): 0})
    )
    counting.add(
        miyakonojo, [(counting.key(counting.DELIVERED, day), 3), (counting.key(counting.DELIVERED, day), 1)]
    )
    assert {(c.stage, c.day, c.channel): c.n for c in DailyCount.objects.filter(municipality=miyakonojo)} == {
        ("delivered", day, ""): 6
    }
