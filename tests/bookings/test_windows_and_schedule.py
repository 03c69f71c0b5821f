import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kofu.accounts.roles import SYSTEM, viewer_of
from kofu.bookings import services
from kofu.bookings.models import ACTIVE, Booking, Slot
from kofu.bookings.services.schedule import opening_rule_add, slots_generate
from tests.conftest import resident_books


def test_a_closing_window_moves_the_latest_bookings_to_the_next_free_slot(
    make_slot, make_resident, personas, site
):
    staff = viewer_of(personas["municipality"])
    site.people_per_window = 1
    site.save()
    ten, eleven = make_slot(hour=10, capacity=2), make_slot(hour=11, capacity=3)
    early, late = (resident_books(cards=[make_resident()], slot_id=ten.pk)[0] for _ in range(2))
    day = timezone.localtime(ten.starts_at).date()
    moved, cancelled = services.window_close_day(site_id=site.pk, day=day, actor=staff)
    assert [b.pk for b in moved] == [late.pk] and cancelled == []
    for slot in Slot.objects.filter(pk__in=[ten.pk, eleven.pk]):
        assert slot.booked == Booking.objects.filter(slot=slot, status__in=ACTIVE).count() <= slot.capacity
    assert Booking.objects.get(pk=early.pk).slot_id == ten.pk
    assert Booking.objects.get(pk=late.pk).slot_id == eleven.pk
    assert Slot.objects.get(pk=ten.pk).capacity == 1


def test_with_nowhere_to_go_the_booking_is_cancelled(make_slot, make_resident, personas, site):
    site.people_per_window = 1
    site.save()
    only = make_slot(hour=16, capacity=1)
    (booking,) = resident_books(cards=[make_resident()], slot_id=only.pk)
    day = timezone.localtime(only.starts_at).date()
    _, cancelled = services.window_close_day(
        site_id=site.pk, day=day, actor=viewer_of(personas["municipality"])
    )
    assert [b.pk for b in cancelled] == [booking.pk]
    only.refresh_from_db()
    assert (only.booked, only.capacity) == (0, 0)


def test_overlapping_opening_rules_are_refused_and_slots_skip_closed_days(site):
    opening_rule_add(
        site=site, actor=SYSTEM, weekdays="0,1,2,3,4", start=dt.time(8, 30), end=dt.time(10, 30), windows=2
    )
    with pytest.raises(ValidationError, match="重なっています"):
        opening_rule_add(
            site=site, actor=SYSTEM, weekdays="2", start=dt.time(10, 0), end=dt.time(12, 0), windows=1
        )
    opening_rule_add(
        site=site,
        actor=SYSTEM,
        weekdays="5",
        weeks="1,2,4,5",
        start=dt.time(9, 0),
        end=dt.time(10, 0),
        windows=1,
    )
    # 2021-07-19 (Mon, open) … 2021-07-25 (Sun): 22nd and 23rd are the moved Olympic holidays.
    made = slots_generate(site=site, start=dt.date(2021, 7, 19), end=dt.date(2021, 7, 25), actor=SYSTEM)
    days = sorted({timezone.localtime(s.starts_at).date() for s in Slot.objects.filter(site=site)})
    assert days == [dt.date(2021, 7, d) for d in (19, 20, 21, 24)]  # the 24th is the 4th Saturday
    slot = Slot.objects.filter(site=site).first()
    assert (slot.capacity, slot.web_capacity, slot.phone_capacity) == (
        4,
        2,
        0,
    )  # 2 windows × 2, web 60 %, phone 20 %
    assert slot.ends_at - slot.starts_at == dt.timedelta(minutes=30)  # 15 minutes × 2 people
    assert made == 4 * 3 + 2  # 8:30–10:30 in 30-minute slots on 3 weekdays, 9:00–10:00 on Saturday
    assert slots_generate(site=site, start=dt.date(2021, 7, 19), end=dt.date(2021, 7, 25), actor=SYSTEM) == 0
