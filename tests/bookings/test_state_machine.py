"""Random book / change / cancel / capacity edits / staff bookings / no-shows keep the books straight:
after every step each slot's ``booked`` equals its active bookings and never exceeds its capacity."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from kofu.accounts.roles import viewer_of
from kofu.bookings import services
from kofu.bookings.models import ACTIVE, Booking, Slot


@pytest.mark.django_db
def test_random_operations_never_break_the_seat_count(make_slot, make_resident, personas):
    staff = viewer_of(personas["municipality"])
    slots = [make_slot(hour=9 + i, capacity=2) for i in range(3)]
    cards = [make_resident() for _ in range(8)]

    class Bookings(RuleBasedStateMachine):
        @rule(card=st.integers(0, 7), slot=st.integers(0, 2), staff_booking=st.booleans())
        def book(self, card, slot, staff_booking):
            try:
                services.bookings_create(
                    cards=[cards[card]],
                    slot_id=slots[slot].pk,
                    channel="phone" if staff_booking else "web",
                    actor=staff if staff_booking else None,
                )
            except ValidationError:
                pass

        @rule(pick=st.integers(0, 100), slot=st.integers(0, 2))
        def change(self, pick, slot):
            active = list(Booking.objects.filter(status="booked").order_by("id"))
            if active:
                try:
                    services.booking_change(
                        booking_id=active[pick % len(active)].pk, slot_id=slots[slot].pk, actor=staff
                    )
                except ValidationError:
                    pass

        @rule(pick=st.integers(0, 100), no_show=st.booleans())
        def end(self, pick, no_show):
            active = list(Booking.objects.filter(status="booked").order_by("id"))
            if active:
                booking = active[pick % len(active)]
                if no_show:
                    services.booking_no_show(booking_id=booking.pk, actor=staff)
                else:
                    services.booking_cancel(booking_id=booking.pk, actor=None)

        @rule(slot=st.integers(0, 2), capacity=st.integers(0, 4))
        def set_capacity(self, slot, capacity):
            try:
                services.slot_set_capacity(
                    slot_id=slots[slot].pk, capacity=capacity, web_capacity=capacity, actor=staff
                )
            except ValidationError:
                pass

        @invariant()
        def seats_match_bookings(self):
            for slot in Slot.objects.filter(pk__in=[s.pk for s in slots]):
                active = Booking.objects.filter(slot=slot, status__in=ACTIVE).count()
                assert slot.booked == active <= slot.capacity
                assert slot.web_booked <= slot.web_capacity <= slot.capacity

    Bookings.TestCase.settings = settings(
        max_examples=25, stateful_step_count=25, deadline=None, suppress_health_check=list(HealthCheck)
    )
    runner = Bookings.TestCase("runTest")
    runner.runTest()
