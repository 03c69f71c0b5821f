"""The seat-taking SQL agrees with ``has_seats`` (the slot lists' condition) on every state."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kofu.bookings.models import Booking, Slot, has_seats
from kofu.bookings.services import seats

CHANNELS = [Booking.Channel.WEB, Booking.Channel.PHONE, Booking.Channel.WALK_IN]


@st.composite
def slot_states(draw):
    """A slot state the check constraints allow: quotas within capacity, each channel within its quota."""
    capacity = draw(st.integers(0, 6))
    web = draw(st.integers(0, capacity))
    phone = draw(st.integers(0, capacity - web))
    web_booked = draw(st.integers(0, web))
    phone_booked = draw(st.integers(0, phone))
    walk_in_booked = draw(st.integers(0, capacity - web - phone))
    return {
        "capacity": capacity,
        "web_capacity": web,
        "phone_capacity": phone,
        "web_booked": web_booked,
        "phone_booked": phone_booked,
        "booked": web_booked + phone_booked + walk_in_booked,
        "closed": draw(st.booleans()),
    }


@pytest.fixture
def slot(make_slot):
    """One slot for every example (each sets its whole state first)."""
    return make_slot(capacity=0, web_capacity=0)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(state=slot_states(), channel=st.sampled_from(CHANNELS), n=st.integers(1, 3))
def test_taking_seats_succeeds_exactly_when_has_seats_says_there_are_seats(slot, state, channel, n):
    Slot.objects.filter(pk=slot.pk).update(**state)
    listed = Slot.objects.filter(has_seats(channel, n), pk=slot.pk, closed=False).exists()

    taken = seats.take(slot.pk, channel, n)

    assert taken == listed
    after = Slot.objects.values(*state).get(pk=slot.pk)
    moved = {"booked": n} | (
        {"web_booked": n} if channel == "web" else {"phone_booked": n} if channel == "phone" else {}
    )
    assert after == {k: v + (moved.get(k, 0) if taken else 0) for k, v in state.items()}
    if taken:
        seats.give_back(slot.pk, channel, n)
        assert Slot.objects.values(*state).get(pk=slot.pk) == state
