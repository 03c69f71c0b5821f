import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from kofu.accounts.access import NotFound
from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import viewer_of
from kofu.bookings import services
from kofu.bookings.models import ACTIVE, Booking, Slot
from kofu.rules import cards as card_rules
from tests.conftest import as_resident, resident_books


def seats(slot):
    slot.refresh_from_db()
    return slot.booked, Booking.objects.filter(slot=slot, status__in=ACTIVE).count()


def test_a_booking_takes_a_seat_marks_the_card_booked_and_is_audited(make_slot, make_resident):
    slot, card = make_slot(capacity=2), make_resident()
    (booking,) = resident_books(cards=[card], slot_id=slot.pk)
    assert booking.status == Booking.Status.BOOKED
    assert seats(slot) == (1, 1)
    card.refresh_from_db()
    assert card.state == card_rules.APPOINTMENT_BOOKED
    assert card.appointment_on is not None
    assert AuditEvent.objects.filter(action="bookings.book", object_id=str(booking.pk)).exists()


def test_a_full_slot_refuses_and_changes_nothing(make_slot, make_resident):
    slot = make_slot(capacity=1)
    resident_books(cards=[make_resident()], slot_id=slot.pk)
    with pytest.raises(services.SlotFull):
        resident_books(cards=[make_resident()], slot_id=slot.pk)
    assert seats(slot) == (1, 1)


def test_the_database_refuses_a_direct_update_beyond_capacity(make_slot):
    slot = make_slot(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot.pk).update(booked=F("capacity") + 1)


def test_one_active_booking_per_card_and_cancel_then_rebook_works(make_slot, make_resident):
    slot, other, card = make_slot(capacity=3), make_slot(hour=11, capacity=3), make_resident()
    (booking,) = resident_books(cards=[card], slot_id=slot.pk)
    with pytest.raises(services.BookingError) as caught:
        resident_books(cards=[card], slot_id=other.pk)
    assert caught.value.code == "duplicate"
    assert seats(other) == (0, 0)  # the seat the refused booking had taken went back with it
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            card=card,
            slot=other,
            status="held",
            channel="web",
            created_at=booking.created_at,
            changed_at=booking.changed_at,
        )
    services.booking_cancel(booking_id=booking.pk, actor=as_resident(booking.card))
    card.refresh_from_db()
    assert card.state == card_rules.NOTICE_SENT
    assert seats(slot) == (0, 0)
    resident_books(cards=[card], slot_id=other.pk)
    assert seats(other) == (1, 1)


def test_a_family_books_together_or_not_at_all(make_slot, make_resident):
    slot = make_slot(capacity=3)
    family = [make_resident(address="都城市上町1-1") for _ in range(2)]
    resident_books(cards=family, slot_id=slot.pk)
    assert seats(slot) == (2, 2)
    with pytest.raises(services.SlotFull):
        resident_books(cards=[make_resident(), make_resident()], slot_id=slot.pk)
    assert seats(slot) == (2, 2)


def test_each_channel_books_only_its_own_quota_and_walk_ins_get_the_remainder(
    make_slot, make_resident, personas
):
    staff = viewer_of(personas["municipality"])
    slot = make_slot(capacity=4, web_capacity=1, phone_capacity=1)  # walk-in: 4 − 1 − 1 = 2
    resident_books(cards=[make_resident()], slot_id=slot.pk)
    with pytest.raises(services.SlotFull):
        resident_books(cards=[make_resident()], slot_id=slot.pk)
    services.bookings_create(cards=[make_resident()], slot_id=slot.pk, channel="phone", actor=staff)
    with pytest.raises(services.SlotFull, match="電話予約枠"):
        services.bookings_create(cards=[make_resident()], slot_id=slot.pk, channel="phone", actor=staff)
    for _ in range(2):
        services.bookings_create(cards=[make_resident()], slot_id=slot.pk, channel="walk_in", actor=staff)
    with pytest.raises(services.SlotFull, match="窓口（当日）"):
        services.bookings_create(cards=[make_resident()], slot_id=slot.pk, channel="walk_in", actor=staff)
    assert seats(slot) == (4, 4)
    assert (slot.web_booked, slot.phone_booked, slot.walk_in_booked) == (1, 1, 2)


def test_a_walk_in_cannot_take_an_unused_web_or_phone_seat(make_slot, make_resident, personas):
    staff = viewer_of(personas["municipality"])
    slot = make_slot(capacity=2, web_capacity=1, phone_capacity=1)
    with pytest.raises(services.SlotFull):
        services.bookings_create(cards=[make_resident()], slot_id=slot.pk, channel="walk_in", actor=staff)
    services.slot_set_capacity(slot_id=slot.pk, capacity=2, web_capacity=0, phone_capacity=1, actor=staff)
    services.bookings_create(cards=[make_resident()], slot_id=slot.pk, channel="walk_in", actor=staff)
    assert seats(slot) == (1, 1)


def test_cancelling_a_phone_booking_gives_the_phone_seat_back(make_slot, make_resident, personas):
    staff = viewer_of(personas["municipality"])
    slot = make_slot(capacity=2, web_capacity=1, phone_capacity=1)
    (booking,) = services.bookings_create(
        cards=[make_resident()], slot_id=slot.pk, channel="phone", actor=staff
    )
    services.booking_cancel(booking_id=booking.pk, actor=staff)
    services.bookings_create(cards=[make_resident()], slot_id=slot.pk, channel="phone", actor=staff)
    slot.refresh_from_db()
    assert (slot.booked, slot.phone_booked, slot.web_booked) == (1, 1, 0)


def test_residents_book_only_inside_the_horizon(make_slot, make_resident):
    too_soon, too_late = make_slot(days=1), make_slot(days=40)
    for slot in (too_soon, too_late):
        with pytest.raises(services.BookingError) as caught:
            resident_books(cards=[make_resident()], slot_id=slot.pk)
        assert caught.value.code == "horizon"


def test_a_hold_counts_until_confirmed_or_expired(make_slot, make_resident, settings):
    slot = make_slot(capacity=1)
    (held,) = resident_books(cards=[make_resident()], slot_id=slot.pk, hold=True)
    assert seats(slot) == (1, 1)
    Booking.objects.filter(pk=held.pk).update(hold_expires_at=held.created_at.replace(year=2000))
    (booking,) = resident_books(cards=[make_resident()], slot_id=slot.pk)
    held.refresh_from_db()
    assert held.status == Booking.Status.CANCELLED
    assert seats(slot) == (1, 1)
    assert booking.status == Booking.Status.BOOKED


def test_changing_moves_the_seat(make_slot, make_resident):
    first, second = make_slot(capacity=1), make_slot(hour=11, capacity=1)
    (booking,) = resident_books(cards=[make_resident()], slot_id=first.pk)
    services.booking_change(booking_id=booking.pk, slot_id=second.pk, actor=as_resident(booking.card))
    assert seats(first) == (0, 0)
    assert seats(second) == (1, 1)


def test_capacity_cannot_go_below_what_is_booked(make_slot, make_resident, personas):
    staff = viewer_of(personas["municipality"])
    slot = make_slot(capacity=3)
    resident_books(cards=[make_resident(), make_resident()], slot_id=slot.pk)
    with pytest.raises(services.BookingError, match="予約数"):
        services.slot_set_capacity(slot_id=slot.pk, capacity=1, actor=staff)
    services.slot_set_capacity(slot_id=slot.pk, capacity=2, actor=staff)
    slot.refresh_from_db()
    assert (slot.capacity, slot.web_capacity) == (2, 2)


def test_no_show_releases_the_seat_and_check_in_keeps_it(make_slot, make_resident, personas):
    staff = viewer_of(personas["municipality"])
    slot = make_slot(capacity=2)
    a, b = resident_books(cards=[make_resident(), make_resident()], slot_id=slot.pk)
    services.booking_check_in(booking_id=a.pk, actor=staff)
    services.booking_no_show(booking_id=b.pk, actor=staff)
    assert seats(slot) == (1, 1)


def test_staff_of_another_municipality_cannot_touch_the_bookings(make_slot, make_resident, personas):
    slot = make_slot(capacity=2)
    (booking,) = resident_books(cards=[make_resident()], slot_id=slot.pk)
    with pytest.raises(NotFound):
        services.booking_no_show(booking_id=booking.pk, actor=viewer_of(personas["other_municipality"]))


def test_quotas_cannot_go_below_what_each_channel_booked(make_slot, make_resident, personas):
    from kofu.accounts.models import AuditEvent

    staff = viewer_of(personas["municipality"])
    slot = make_slot(capacity=6, web_capacity=2, phone_capacity=2)
    resident_books(cards=[make_resident()], slot_id=slot.pk)
    for channel in ("phone", "phone", "walk_in"):
        services.bookings_create(cards=[make_resident()], slot_id=slot.pk, channel=channel, actor=staff)
    for capacity, web, phone, message in [
        (6, 0, 2, "Web予約枠（0人）を予約数（1人）"),
        (6, 2, 1, "電話予約枠（1人）を予約数（2人）"),
        (6, 3, 3, "窓口（当日）の枠（0人）を予約数（1人）"),
        (3, 1, 2, "定員（3人）を予約数（4人）"),
        (6, 4, 3, "合計は定員（6人）以下"),
    ]:
        with pytest.raises(services.BookingError, match=message):
            services.slot_set_capacity(
                slot_id=slot.pk, capacity=capacity, web_capacity=web, phone_capacity=phone, actor=staff
            )
    slot.refresh_from_db()
    assert (slot.capacity, slot.web_capacity, slot.phone_capacity) == (6, 2, 2)
    services.slot_set_capacity(slot_id=slot.pk, capacity=4, web_capacity=1, phone_capacity=2, actor=staff)
    slot.refresh_from_db()
    assert (slot.capacity, slot.web_capacity, slot.phone_capacity, slot.walk_in_capacity) == (4, 1, 2, 1)
    event = AuditEvent.objects.filter(action="bookings.slot_capacity", object_id=str(slot.pk)).latest("id")
    assert event.after == {"capacity": 4, "web_capacity": 1, "phone_capacity": 2}


@pytest.mark.parametrize(
    "update",
    [
        {"phone_booked": F("phone_capacity") + 1},
        {"phone_capacity": F("capacity"), "web_capacity": 1},
        {"booked": 3, "web_booked": 0, "phone_booked": 0},  # 3 walk-ins in a 2-seat remainder
    ],
)
def test_the_database_refuses_a_direct_update_beyond_a_channel_quota(make_slot, update):
    slot = make_slot(capacity=4, web_capacity=1, phone_capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot.pk).update(**update)


def test_a_card_already_booked_is_told_so_even_when_the_other_slot_is_full(make_slot, make_resident):
    slot, full, card = make_slot(capacity=3), make_slot(hour=11, capacity=1), make_resident()
    resident_books(cards=[card], slot_id=slot.pk)
    resident_books(cards=[make_resident()], slot_id=full.pk)
    with pytest.raises(services.BookingError) as caught:
        resident_books(cards=[card], slot_id=full.pk)
    assert caught.value.code == "duplicate"
    assert seats(full) == (1, 1)
