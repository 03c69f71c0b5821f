"""Random book / change / cancel / capacity and quota edits / staff bookings / no-shows / window
closures keep the books straight: after every step each slot's ``booked`` equals its active
bookings and never exceeds its capacity, and the same holds per channel (web and phone quotas,
walk-ins in the remainder)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from kofu.accounts.roles import viewer_of
from kofu.bookings import services
from kofu.bookings.models import ACTIVE, Booking, Slot
from tests.conftest import as_resident

CHANNELS = ["web", "phone", "walk_in"]


@pytest.mark.django_db
def test_random_operations_never_break_the_seat_count(make_slot, make_resident, personas, site):
    staff = viewer_of(personas["municipality"])
    site.people_per_window = 1
    site.save()
    slots = [make_slot(hour=9 + i, capacity=4, web_capacity=2, phone_capacity=1) for i in range(3)]
    day = timezone.localtime(slots[0].starts_at).date()
    cards = [make_resident() for _ in range(10)]

    class Bookings(RuleBasedStateMachine):
        @rule(card=st.integers(0, 9), slot=st.integers(0, 2), channel=st.sampled_from(CHANNELS))
        def book(self, card, slot, channel):
            try:
                services.bookings_create(
                    cards=[cards[card]],
                    slot_id=slots[slot].pk,
                    channel=channel,
                    actor=as_resident(cards[card]) if channel == "web" else staff,
                )
            except ValidationError:
                pass

        @rule(pick=st.integers(0, 100), slot=st.integers(0, 2), by_staff=st.booleans())
        def change(self, pick, slot, by_staff):
            active = list(Booking.objects.filter(status="booked").order_by("id"))
            if active:
                booking = active[pick % len(active)]
                try:
                    services.booking_change(
                        booking_id=booking.pk,
                        slot_id=slots[slot].pk,
                        actor=staff if by_staff or booking.channel != "web" else as_resident(booking.card),
                    )
                except ValidationError:
                    pass

        @rule(pick=st.integers(0, 100), how=st.sampled_from(["cancel", "no_show", "check_in"]))
        def end(self, pick, how):
            active = list(Booking.objects.filter(status="booked").order_by("id"))
            if active:
                booking = active[pick % len(active)]
                if how == "no_show":
                    services.booking_no_show(booking_id=booking.pk, actor=staff)
                elif how == "check_in":
                    services.booking_check_in(booking_id=booking.pk, actor=staff)
                else:
                    services.booking_cancel(booking_id=booking.pk, actor=staff)

        @rule(
            slot=st.integers(0, 2),
            capacity=st.integers(0, 5),
            web=st.none() | st.integers(0, 5),
            phone=st.none() | st.integers(0, 5),
        )
        def set_capacity(self, slot, capacity, web, phone):
            before = Slot.objects.get(pk=slots[slot].pk)
            try:
                services.slot_set_capacity(
                    slot_id=slots[slot].pk,
                    capacity=capacity,
                    web_capacity=web,
                    phone_capacity=phone,
                    actor=staff,
                )
            except ValidationError:
                after = Slot.objects.get(pk=slots[slot].pk)
                assert (after.capacity, after.web_capacity, after.phone_capacity) == (
                    before.capacity,
                    before.web_capacity,
                    before.phone_capacity,
                )
                return
            after = Slot.objects.get(pk=slots[slot].pk)
            assert after.capacity == capacity
            if web is not None:
                assert after.web_capacity == web
            if phone is not None:
                assert after.phone_capacity == phone

        @rule()
        def close_a_window(self):
            services.window_close_day(site_id=site.pk, day=day, actor=staff)

        @invariant()
        def seats_match_bookings_per_channel(self):
            for slot in Slot.objects.filter(pk__in=[s.pk for s in slots]):
                active = Booking.objects.filter(slot=slot, status__in=ACTIVE)
                web = active.filter(channel="web").count()
                phone = active.filter(channel="phone").count()
                walk_in = active.filter(channel="walk_in").count()
                assert slot.booked == web + phone + walk_in <= slot.capacity
                assert slot.web_booked == web <= slot.web_capacity
                assert slot.phone_booked == phone <= slot.phone_capacity
                assert slot.walk_in_booked == walk_in <= slot.walk_in_capacity
                assert slot.web_capacity + slot.phone_capacity <= slot.capacity

    Bookings.TestCase.settings = settings(
        max_examples=25, stateful_step_count=25, deadline=None, suppress_health_check=list(HealthCheck)
    )
    runner = Bookings.TestCase("runTest")
    runner.runTest()
