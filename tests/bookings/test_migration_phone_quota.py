"""Migration 0002 splits the seats of existing slots into web, phone and walk-in without losing a
booking; 0004 numbers the bookings already made."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.migration_schema import originals_executor

BEFORE = [("bookings", "0001_sites_windows_rules_closures_slots_bookings")]
AFTER = [("bookings", "0002_slot_phone_quota_and_walk_in_remainder")]


@pytest.fixture
def reload_registry(django_db_blocker):
    yield
    from kofu.registry.services import registry_load_reference

    with django_db_blocker.unblock():
        # back to the latest schema, so the tests after this one (same worker) find every column
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        registry_load_reference()


def test_existing_phone_bookings_get_phone_seats_and_every_slot_satisfies_the_new_constraints(
    reload_registry, transactional_db, make_resident, miyakonojo
):
    cards = [make_resident() for _ in range(4)]
    executor = originals_executor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Site, Slot = old.get_model("bookings", "Site"), old.get_model("bookings", "Slot")
    Booking = old.get_model("bookings", "Booking")  # the table as it was then (later fields absent)
    site = Site.objects.create(municipality_id=miyakonojo.pk, name="旧会場", web_percent=60, phone_percent=20)
    starts = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=5), dt.time(9)))

    def slot(hour, capacity, web_capacity, booked=0, web_booked=0):
        at = starts + dt.timedelta(hours=hour)
        return Slot.objects.create(
            site=site,
            starts_at=at,
            ends_at=at + dt.timedelta(minutes=30),
            capacity=capacity,
            web_capacity=web_capacity,
            booked=booked,
            web_booked=web_booked,
        )

    # Phone bookings used to take any non-web seat, even the ones the web quota counted.
    crowded = slot(0, capacity=2, web_capacity=2, booked=2)
    mixed = slot(1, capacity=4, web_capacity=2, booked=2, web_booked=1)
    empty = slot(2, capacity=10, web_capacity=6)
    now = timezone.now()
    for card, on, channel in [
        (cards[0], crowded, "phone"),
        (cards[1], crowded, "phone"),
        (cards[2], mixed, "web"),
        (cards[3], mixed, "walk_in"),
    ]:
        Booking.objects.create(
            card_id=card.pk, slot_id=on.pk, status="booked", channel=channel, created_at=now, changed_at=now
        )

    executor = originals_executor(connection)
    executor.migrate(AFTER)
    from kofu.bookings.models import Slot as NewSlot

    got = {
        s.pk: (s.capacity, s.web_capacity, s.phone_capacity, s.booked, s.web_booked, s.phone_booked)
        for s in NewSlot.objects.all()
    }
    assert got[crowded.pk] == (2, 0, 2, 2, 0, 2)  # web lowered: both seats are phone bookings
    assert got[mixed.pk] == (4, 2, 0, 2, 1, 0)  # 20 % of 4 is 0 phone seats; walk-in keeps 2
    assert got[empty.pk] == (10, 6, 2, 0, 0, 0)  # the site's phone share, as new slots get it

    # 0005 gives every existing booking its own booking number (and leaves the schema current).
    executor = originals_executor(connection)
    executor.migrate([("bookings", "0005_booking_numbers_and_family_bookings")])
    from kofu.bookings.models import Booking as NewBooking
    from kofu.rules.booking_numbers import PATTERN

    numbers = list(NewBooking.objects.values_list("number", flat=True))
    assert len(numbers) == 4 and len(set(numbers)) == 4
    assert all(PATTERN.match(n) for n in numbers)
