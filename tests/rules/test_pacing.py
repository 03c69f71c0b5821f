"""Notices paced to capacity: response rate, bookings still to come, the day's batch."""

from fractions import Fraction

import pytest

from kofu.rules.pacing import Batch, expected_more, propose, response_rate


def test_the_response_rate_is_booked_over_sent_of_settled_batches():
    assert response_rate([Batch(100, 60), Batch(300, 140)]) == Fraction(200, 400)
    assert response_rate([]) is None
    assert response_rate([Batch(0, 0)]) is None


def test_recent_batches_are_expected_to_bring_the_rest_of_their_share():
    # 40 % of 200 = 80, 50 booked so far → 30 more; a batch already above its share brings none
    assert expected_more([Batch(200, 50), Batch(100, 70)], Fraction(2, 5)) == 30


def test_the_day_s_batch_fills_the_free_seats_over_the_sending_days():
    # 1,000 free seats, 100 spoken for by a recent batch, rate 45 % → 2,000 notices, over 5 days 400
    p = propose(
        free_seats=1000, rate=Fraction(45, 100), answering=[Batch(400, 80)], ready=10_000, spread_days=5
    )
    assert (p.expected_from_sent, p.needed, p.today) == (100, 2000, 400)


def test_never_more_than_ready_and_none_when_the_seats_are_spoken_for():
    assert propose(free_seats=1000, rate=Fraction(1, 2), answering=[], ready=150, spread_days=1).today == 150
    full = propose(free_seats=50, rate=Fraction(1, 2), answering=[Batch(300, 0)], ready=500, spread_days=5)
    assert (full.needed, full.today) == (0, 0)


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError):
        propose(free_seats=1, rate=Fraction(0), answering=[], ready=1, spread_days=1)
    with pytest.raises(ValueError):
        propose(free_seats=1, rate=Fraction(1, 2), answering=[], ready=1, spread_days=0)
