import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import viewer_of
from kofu.bookings import services
from kofu.bookings.models import ACTIVE, Booking, Slot
from kofu.rules import cards as card_rules


def seats(slot):
    slot.refresh_from_db()
    return slot.booked, Booking.objects.filter(slot=slot, status__in=ACTIVE).count()


def test_a_booking_takes_a_seat_marks_the_card_booked_and_is_audited(make_slot, make_resident):
    slot, card = make_slot(capacity=2), make_resident()
    (booking,) = services.bookings_create(cards=[card], slot_id=slot.pk, actor=None)
    assert booking.status == Booking.Status.BOOKED
    assert seats(slot) == (1, 1)
    card.refresh_from_db()
    assert card.state == card_rules.APPOINTMENT_BOOKED
    assert card.appointment_on is not None
    assert AuditEvent.objects.filter(action="bookings.book", object_id=str(booking.pk)).exists()


def test_a_full_slot_refuses_and_changes_nothing(make_slot, make_resident):
    slot = make_slot(capacity=1)
    services.bookings_create(cards=[make_resident()], slot_id=slot.pk, actor=None)
    with pytest.raises(services.SlotFull):
        services.bookings_create(cards=[make_resident()], slot_id=slot.pk, actor=None)
    assert seats(slot) == (1, 1)


def test_the_database_refuses_a_direct_update_beyond_capacity(make_slot):
    slot = make_slot(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot.pk).update(booked=F("capacity") + 1)


def test_one_active_booking_per_card_and_cancel_then_rebook_works(make_slot, make_resident):
    slot, other, card = make_slot(capacity=3), make_slot(hour=11, capacity=3), make_resident()
    (booking,) = services.bookings_create(cards=[card], slot_id=slot.pk, actor=None)
    with pytest.raises(services.BookingError) as caught:
        services.bookings_create(cards=[card], slot_id=other.pk, actor=None)
    assert caught.value.code == "duplicate"
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            card=card,
            slot=other,
            status="held",
            channel="web",
            created_at=booking.created_at,
            changed_at=booking.changed_at,
        )
    services.booking_cancel(booking_id=booking.pk, actor=None)
    card.refresh_from_db()
    assert card.state == card_rules.NOTICE_SENT
    assert seats(slot) == (0, 0)
    services.bookings_create(cards=[card], slot_id=other.pk, actor=None)
    assert seats(other) == (1, 1)


def test_a_family_books_together_or_not_at_all(make_slot, make_resident):
    slot = make_slot(capacity=3)
    family = [make_resident(address="都城市上町1-1") for _ in range(2)]
    services.bookings_create(cards=family, slot_id=slot.pk, actor=None)
    assert seats(slot) == (2, 2)
    with pytest.raises(services.SlotFull):
        services.bookings_create(cards=[make_resident(), make_resident()], slot_id=slot.pk, actor=None)
    assert seats(slot) == (2, 2)


def test_web_bookings_stop_at_the_web_quota_but_staff_phone_bookings_use_the_rest(
    make_slot, make_resident, personas
):
    staff = viewer_of(personas["municipality"])
    slot = make_slot(capacity=2, web_capacity=1)
    services.bookings_create(cards=[make_resident()], slot_id=slot.pk, actor=None)
    with pytest.raises(services.SlotFull):
        services.bookings_create(cards=[make_resident()], slot_id=slot.pk, actor=None)
    services.bookings_create(cards=[make_resident()], slot_id=slot.pk, channel="phone", actor=staff)
    assert seats(slot) == (2, 2)


def test_residents_book_only_inside_the_horizon(make_slot, make_resident):
    too_soon, too_late = make_slot(days=1), make_slot(days=40)
    for slot in (too_soon, too_late):
        with pytest.raises(services.BookingError) as caught:
            services.bookings_create(cards=[make_resident()], slot_id=slot.pk, actor=None)
        assert caught.value.code == "horizon"


def test_a_hold_counts_until_confirmed_or_expired(make_slot, make_resident, settings):
    slot = make_slot(capacity=1)
    (held,) = services.bookings_create(cards=[make_resident()], slot_id=slot.pk, hold=True, actor=None)
    assert seats(slot) == (1, 1)
    Booking.objects.filter(pk=held.pk).update(hold_expires_at=held.created_at.replace(year=2000))
    (booking,) = services.bookings_create(cards=[make_resident()], slot_id=slot.pk, actor=None)
    held.refresh_from_db()
    assert held.status == Booking.Status.CANCELLED
    assert seats(slot) == (1, 1)
    assert booking.status == Booking.Status.BOOKED


def test_changing_moves_the_seat(make_slot, make_resident):
    first, second = make_slot(capacity=1), make_slot(hour=11, capacity=1)
    (booking,) = services.bookings_create(cards=[make_resident()], slot_id=first.pk, actor=None)
    services.booking_change(booking_id=booking.pk, slot_id=second.pk, actor=None)
    assert seats(first) == (0, 0)
    assert seats(second) == (1, 1)


def test_capacity_cannot_go_below_what_is_booked(make_slot, make_resident, personas):
    staff = viewer_of(personas["municipality"])
    slot = make_slot(capacity=3)
    services.bookings_create(cards=[make_resident(), make_resident()], slot_id=slot.pk, actor=None)
    with pytest.raises(services.BookingError, match="予約数"):
        services.slot_set_capacity(slot_id=slot.pk, capacity=1, actor=staff)
    services.slot_set_capacity(slot_id=slot.pk, capacity=2, actor=staff)
    slot.refresh_from_db()
    assert (slot.capacity, slot.web_capacity) == (2, 2)


def test_no_show_releases_the_seat_and_check_in_keeps_it(make_slot, make_resident, personas):
    staff = viewer_of(personas["municipality"])
    slot = make_slot(capacity=2)
    a, b = services.bookings_create(cards=[make_resident(), make_resident()], slot_id=slot.pk, actor=None)
    services.booking_check_in(booking_id=a.pk, actor=staff)
    services.booking_no_show(booking_id=b.pk, actor=staff)
    assert seats(slot) == (1, 1)


def test_staff_of_another_municipality_cannot_touch_the_bookings(make_slot, make_resident, personas):
    slot = make_slot(capacity=2)
    (booking,) = services.bookings_create(cards=[make_resident()], slot_id=slot.pk, actor=None)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.booking_no_show(booking_id=booking.pk, actor=viewer_of(personas["other_municipality"]))
