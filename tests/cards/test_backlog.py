"""Backlog figures: stage ageing, counters per business day, arrival-to-notice days, monthly figures."""

from __future__ import annotations

import datetime as dt

import pytest

from kofu.cards import selectors
from kofu.rules import cards as rules

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def test_stage_ageing_gives_count_oldest_and_median(miyakonojo, make_card):
    for day in ("2022-05-01", "2022-05-11", "2022-05-21", "2022-05-26"):
        make_card(state=rules.DELIVERED, delivered_on=D(day))
    rows = {row.state: row for row in selectors.backlog(miyakonojo, D("2022-06-01"))}
    assert (rows["delivered"].count, rows["delivered"].oldest_days, rows["delivered"].median_days) == (
        4,
        31,
        16.0,
    )
    assert rows["notice_sent"].count == 0 and rows["notice_sent"].median_days is None


def test_arrival_to_notice_days_flag_three_weeks(miyakonojo, make_card):
    make_card(state=rules.NOTICE_SENT, delivered_on=D("2022-05-02"), notice_sent_on=D("2022-05-12"))
    make_card(state=rules.NOTICE_SENT, delivered_on=D("2022-05-02"), notice_sent_on=D("2022-05-23"))
    make_card(state=rules.SETUP_DONE, delivered_on=D("2022-05-02"))  # waiting 30 days on 6/1
    delays = selectors.notice_delays(miyakonojo, D("2022-06-01"))
    assert (delays.count, delays.median_days, delays.max_days, delays.slow, delays.waiting_slow) == (
        2,
        15.5,
        21,
        1,
        1,
    )


def test_counters_are_cumulative_and_per_business_day(miyakonojo, make_card):
    make_card(state=rules.HANDED_OVER, received_on=D("2022-04-01"), handed_over_on=D("2022-05-31"))
    make_card(state=rules.APPLIED, received_on=D("2022-05-31"))
    counts = selectors.counters(miyakonojo, D("2022-06-01"), business_days=3)
    assert counts.cumulative == {"received": 2, "delivered": 0, "setup": 0, "handed_over": 1}
    assert [d for d, _ in counts.per_day] == [D("2022-05-30"), D("2022-05-31"), D("2022-06-01")]
    assert counts.per_day[1][1] == {"received": 1, "handed_over": 1}


def test_monthly_figures_for_the_plans_report(miyakonojo, make_card):
    make_card(
        state=rules.HANDED_OVER,
        channel=rules.COUNTER,
        received_on=D("2022-05-02"),
        delivered_on=D("2022-05-10"),
        notice_sent_on=D("2022-05-20"),
        handed_over_on=D("2022-05-25"),
    )
    make_card(
        state=rules.MAILED,
        channel=rules.OUTREACH,
        received_on=D("2022-05-03"),
        delivered_on=D("2022-05-10"),
        notice_sent_on=D("2022-06-02"),
        handed_over_on=D("2022-06-03"),
    )
    make_card(
        state=rules.SETUP_DONE,
        channel=rules.ONLINE,
        received_on=D("2022-04-03"),
        delivered_on=D("2022-05-20"),
    )
    figures = selectors.monthly_figures(miyakonojo, 2022, 5)
    assert figures.issued == 1
    assert (
        figures.applications_by_channel["counter"] == 1 and figures.applications_by_channel["outreach"] == 1
    )
    assert figures.applications_by_channel["online"] == 0
    assert figures.cards_waiting == 2
    assert (figures.median_arrival_to_notice_days, figures.max_arrival_to_notice_days) == (10.0, 10)
