"""The waiting room: numbers in arrival order, let in at the configured rate, never out of turn."""

from __future__ import annotations

import pytest

from kofu.accounts import waiting_room
from kofu.accounts.models import WaitingRoom

pytestmark = pytest.mark.django_db

RATE, BURST = 8, 5  # 1/8 s is exact in binary: the steps below land on the frontier


def enter(now, ticket="", bound="a"):
    return waiting_room.enter("test", rate=RATE, burst=BURST, bound_to=bound, ticket=ticket, now=now)


def test_a_quiet_room_lets_everyone_straight_in():
    places = [enter(1000.0 + i) for i in range(5)]  # one a second, well under the rate
    assert [p.number for p in places] == [1, 2, 3, 4, 5]
    assert all(p.admitted and p.ahead == 0 and p.wait_ms == 0 for p in places)


def test_a_surge_gets_numbers_in_arrival_order_with_places_and_waits():
    places = [enter(1000.0) for _ in range(20)]
    assert [p.number for p in places] == list(range(1, 21))
    assert [p.admitted for p in places] == [True] * BURST + [False] * 15
    queued = places[BURST:]
    assert [p.ahead for p in queued] == list(range(15))  # number 6 is next, number 20 has 14 ahead
    assert [p.wait_ms for p in queued] == [125 * k for k in range(1, 16)]  # number 6 is due in 1/8 s …
    assert queued[-1].wait_seconds == 2  # … number 20 in 1.875 s: Retry-After rounds up


def test_tickets_are_let_in_in_order_as_the_frontier_moves_on():
    tickets = [enter(1000.0).ticket for _ in range(20)]
    let_in = []
    for step in range(1, 17):  # every 1/8 s everyone still waiting comes back
        now = 1000.0 + step / RATE
        for number, ticket in enumerate(tickets, start=1):
            if number not in let_in and number > BURST and enter(now, ticket).admitted:
                let_in.append(number)
        assert let_in == list(range(BURST + 1, BURST + 1 + len(let_in)))  # never out of turn
        assert len(let_in) == min(15, step)  # one more each step
    assert WaitingRoom.objects.get(name="test").issued == 20  # coming back takes no new number


def test_a_forged_stale_or_borrowed_ticket_goes_to_the_back():
    first = [enter(1000.0) for _ in range(BURST + 1)][-1]
    assert not first.admitted
    borrowed = enter(1000.0, first.ticket, bound="someone-else")
    forged = enter(1000.0, first.ticket[:-2] + "xx")
    assert borrowed.number == BURST + 2 and forged.number == BURST + 3
    stale = waiting_room.enter("test", rate=RATE, burst=BURST, bound_to="a", ticket=first.ticket, max_age=-1)
    assert stale.number == BURST + 4
    assert enter(1000.0, first.ticket).number == first.number  # the right caller keeps their place


def test_after_a_quiet_spell_only_a_burst_goes_straight_in():
    for _ in range(3):
        enter(1000.0)
    later = [enter(5000.0) for _ in range(BURST + 2)]  # an hour later: the frontier did not bank the hour
    assert [p.admitted for p in later] == [True] * BURST + [False, False]


def test_tickets_never_look_like_a_my_number():
    from kofu.rules.codes import contains_my_number

    assert not any(contains_my_number(enter(1000.0).ticket) for _ in range(200))
