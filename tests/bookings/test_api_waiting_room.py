"""A surge over the configured rate: residents get a place and a wait (202), then go in in order.

Twelve residents ask for six seats at the same moment with ``KOFU_BOOKING_QUEUE_RATE`` = 4 a
second: two go straight in, ten get numbers 3…12 in arrival order; as the clock moves on and they
come back with their tickets, they are let in strictly by number. The first six to arrive get the
six seats, the other six hear "full" — nobody gets an error, nobody is lost, nothing is overbooked.
"""

import json

import pytest

from kofu.accounts import waiting_room
from kofu.bookings.api_queue import TICKET_HEADER
from kofu.bookings.models import Booking, Slot

RATE, BURST = 4, 2


@pytest.fixture
def clock(monkeypatch, settings):
    settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP = 1000
    settings.KOFU_BOOKING_QUEUE_RATE = RATE
    settings.KOFU_BOOKING_QUEUE_BURST = BURST
    now = {"t": 1_000_000.0}
    monkeypatch.setattr(waiting_room.time, "time", lambda: now["t"])
    return now


def post(client, card, slot, ticket=""):
    body = {"notice_number": card.notice_number, "birth_date": card.birth_date.isoformat(), "slot": slot.pk}
    headers = {TICKET_HEADER: ticket} if ticket else {}
    return client.post("/api/v1/bookings", json.dumps(body), content_type="application/json", headers=headers)


def test_a_surge_is_served_in_arrival_order_without_errors_or_overbooking(
    client, clock, make_resident, make_slot
):
    slot = make_slot(capacity=6)
    residents = [make_resident() for _ in range(12)]
    first = [post(client, card, slot) for card in residents]
    assert [r.status_code for r in first] == [201] * BURST + [202] * 10
    queued = [r.json()["queue"] for r in first[BURST:]]
    assert [q["number"] for q in queued] == list(range(BURST + 1, 13))
    assert [q["ahead"] for q in queued] == list(range(10))
    assert [q["estimated_wait_ms"] for q in queued] == [250 * k for k in range(1, 11)]
    assert first[-1]["Retry-After"] == "3" and first[-1][TICKET_HEADER] == queued[-1]["ticket"]
    assert "順番" in first[-1].json()["message"]

    tickets = {i: q["ticket"] for i, q in enumerate(queued, start=BURST)}
    answers = {i: r.status_code for i, r in enumerate(first[:BURST])}
    order = []
    for _ in range(12):  # a quarter of a second at a time; everyone still waiting comes back
        clock["t"] += 1 / RATE
        for i in sorted(tickets):
            response = post(client, residents[i], slot, tickets[i])
            if response.status_code != 202:
                answers[i] = response.status_code
                order.append(i)
                del tickets[i]
            else:
                assert response.json()["queue"]["number"] == i + 1  # the same place, not a new one
    assert order == list(range(BURST, 12))  # let in strictly by number
    assert not tickets  # nobody lost
    assert [answers[i] for i in range(12)] == [201] * 6 + [409] * 6  # the first six came first
    slot.refresh_from_db()
    assert slot.booked == Booking.objects.filter(slot=slot).count() == 6 == slot.capacity


def test_coming_back_too_early_keeps_the_place_and_shortens_the_wait(client, clock, make_resident, make_slot):
    slot = make_slot(capacity=10)
    cards = [make_resident() for _ in range(BURST + 3)]
    last = [post(client, card, slot) for card in cards][-1].json()["queue"]
    clock["t"] += 1 / RATE
    again = post(client, cards[-1], slot, last["ticket"]).json()["queue"]
    assert again["number"] == last["number"] and again["ahead"] == last["ahead"] - 1
    assert again["estimated_wait_ms"] == last["estimated_wait_ms"] - 250


def test_a_ticket_is_bound_to_its_notice_number(client, clock, make_resident, make_slot):
    slot = make_slot(capacity=10)
    cards = [make_resident() for _ in range(BURST + 2)]
    ticket = [post(client, card, slot) for card in cards][BURST].json()["queue"]["ticket"]
    clock["t"] += 1 / RATE  # number 3 is due, 4 is not yet
    other = make_resident()
    borrowed = post(client, other, slot, ticket)
    assert borrowed.status_code == 202 and borrowed.json()["queue"]["number"] == BURST + 3  # to the back
    assert post(client, cards[BURST], slot, ticket).status_code == 201


def test_without_a_configured_rate_there_is_no_waiting_room(client, make_resident, make_slot, settings):
    settings.KOFU_BOOKING_QUEUE_RATE = 0
    settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP = 0
    slot = make_slot(capacity=20)
    assert {post(client, make_resident(), slot).status_code for _ in range(15)} == {201}
    assert Slot.objects.get(pk=slot.pk).booked == 15
