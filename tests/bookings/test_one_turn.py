"""One card's API booking in one writer turn (ADR 0035): the seat is taken before the checks, so
every refusal must give it back, and every request must still be counted."""

import json

import pytest

from kofu.accounts import counters
from kofu.accounts.models import RateCounter
from kofu.bookings.models import Booking, Slot
from kofu.cards.models import Card, CardTransition
from kofu.rules import cards as card_rules


@pytest.fixture
def limits_on(settings):
    settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP = 1000
    settings.KOFU_BOOKING_MAX_FAILURES_PER_NUMBER = 5


def _post(client, card, slot, birth=None):
    body = {
        "notice_number": card.notice_number,
        "birth_date": birth or card.birth_date.isoformat(),
        "slot": slot.pk,
    }
    return client.post("/api/v1/bookings", json.dumps(body), content_type="application/json")


def _requests_counted() -> int:
    return sum(RateCounter.objects.filter(key__startswith="booking-ip:").values_list("n", flat=True))


def _failures(card) -> int:
    return counters.current(counters.key_of("booking-number", card.notice_number))


def _seats(slot) -> tuple[int, int]:
    slot = Slot.objects.get(pk=slot.pk)
    return slot.booked, slot.web_booked


def test_a_wrong_birth_date_gives_the_seat_back_and_counts_the_request_and_the_failure(
    client, make_resident, make_slot, limits_on
):
    slot, card = make_slot(capacity=2), make_resident()
    assert _post(client, card, slot, birth="2001-01-01").status_code == 404
    assert _seats(slot) == (0, 0)
    assert (_requests_counted(), _failures(card)) == (1, 1)
    assert not Booking.objects.exists()


def test_a_slot_outside_the_horizon_gives_the_seat_back_and_counts_the_request(
    client, make_resident, make_slot, limits_on
):
    slot, card = make_slot(days=400), make_resident()
    response = _post(client, card, slot)
    assert response.status_code == 422 and response.json()["error"] == "horizon"
    assert _seats(slot) == (0, 0)
    assert (_requests_counted(), _failures(card)) == (1, 0)
    assert Card.objects.get(pk=card.pk).state == card_rules.NOTICE_SENT


def test_a_second_booking_of_the_same_card_is_refused_and_its_seat_given_back(
    client, make_resident, make_slot, limits_on
):
    first, second, card = make_slot(capacity=3), make_slot(capacity=3, hour=11), make_resident()
    assert _post(client, card, first).status_code == 201
    response = _post(client, card, second)
    assert response.status_code == 409 and response.json()["error"] == "duplicate"
    assert (_seats(first), _seats(second)) == ((1, 1), (0, 0))
    assert _requests_counted() == 2
    assert CardTransition.objects.filter(card=card).count() == 1


def test_a_full_slot_takes_the_long_way_counted_once(client, make_resident, make_slot, limits_on):
    slot = make_slot(capacity=1)
    assert _post(client, make_resident(), slot).status_code == 201
    response = _post(client, make_resident(), slot)
    assert response.status_code == 409 and response.json()["error"] == "full"
    assert _seats(slot) == (1, 1) and _requests_counted() == 2


def test_a_card_that_cannot_be_booked_is_refused_after_the_seat_was_taken(
    client, make_resident, make_slot, limits_on
):
    slot, card = make_slot(capacity=2), make_resident()
    Card.objects.filter(pk=card.pk).update(state=card_rules.HANDED_OVER)
    response = _post(client, card, slot)
    assert response.status_code == 422 and response.json()["error"] == "not_bookable"
    assert _seats(slot) == (0, 0) and _requests_counted() == 1
