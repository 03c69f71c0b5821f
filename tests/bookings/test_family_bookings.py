"""Family bookings (issue 16 item 1) and booking numbers (issue 15 item 3) in the booking service."""

from __future__ import annotations

import pytest

from kofu.bookings import services
from kofu.bookings.models import Booking, Slot
from kofu.bookings.services import party
from kofu.rules import cards as card_rules
from kofu.rules.booking_numbers import PATTERN
from tests.conftest import as_resident, resident_books

HOME = "都城市姫城町6-21"


@pytest.fixture
def family(make_resident):
    return [make_resident(address=HOME, birth=b) for b in ("1980-01-02", "1982-03-04", "2012-05-06")]


def test_a_family_takes_all_its_seats_in_one_go_and_the_first_card_leads(family, make_slot):
    slot = make_slot(capacity=4)
    lead, *others = resident_books(cards=family, slot_id=slot.pk)
    slot.refresh_from_db()
    assert (slot.booked, slot.web_booked) == (3, 3)
    assert lead.lead is None and all(b.lead_id == lead.pk for b in others)
    numbers = {b.number for b in [lead, *others]}
    assert len(numbers) == 3 and all(PATTERN.match(n) for n in numbers)
    for card in family:
        card.refresh_from_db()
        assert card.state == card_rules.APPOINTMENT_BOOKED


def test_a_family_larger_than_the_free_seats_gets_none(family, make_slot):
    slot = make_slot(capacity=2)
    with pytest.raises(services.SlotFull):
        resident_books(cards=family, slot_id=slot.pk)
    slot.refresh_from_db()
    assert slot.booked == 0 and not Booking.objects.exists()
    for card in family:
        card.refresh_from_db()
        assert card.state == card_rules.NOTICE_SENT


def test_a_family_with_one_card_already_booked_gets_none(family, make_slot):
    first, second = make_slot(capacity=4), make_slot(capacity=4, hour=11)
    resident_books(cards=[family[2]], slot_id=first.pk)
    with pytest.raises(services.BookingError) as info:
        resident_books(cards=family, slot_id=second.pk)
    assert info.value.code == "duplicate"
    second.refresh_from_db()
    assert second.booked == 0 and Booking.objects.count() == 1


def test_the_site_limits_the_party(family, make_slot, site):
    site.max_party = 2
    site.save()
    slot = make_slot(capacity=4)
    with pytest.raises(services.BookingError) as info:
        resident_books(cards=family, slot_id=slot.pk)
    assert info.value.code == "party" and "2人まで" in info.value.messages[0]
    assert len(resident_books(cards=family[:2], slot_id=slot.pk)) == 2


def test_a_card_outside_what_the_resident_identified_is_not_found(family, make_slot):
    from kofu.accounts.access import NotFound

    slot = make_slot(capacity=4)
    with pytest.raises(NotFound):  # the resident typed only their own number
        services.bookings_create(cards=family[:2], slot_id=slot.pk, actor=as_resident(family[0]))


def test_cancelling_the_family_booking_gives_every_seat_back(family, make_slot):
    slot = make_slot(capacity=4)
    lead, *_ = resident_books(cards=family, slot_id=slot.pk)
    services.booking_cancel(booking_id=lead.pk, actor=as_resident(*family))
    slot.refresh_from_db()
    assert slot.booked == 0 and slot.web_booked == 0
    assert set(Booking.objects.values_list("status", flat=True)) == {"cancelled"}


def test_changing_the_family_booking_moves_everyone_or_nobody(family, make_slot):
    old, roomy, tight = make_slot(capacity=4), make_slot(capacity=4, hour=11), make_slot(capacity=2, hour=12)
    lead, *_ = resident_books(cards=family, slot_id=old.pk)
    with pytest.raises(services.SlotFull):
        services.booking_change(booking_id=lead.pk, slot_id=tight.pk, actor=as_resident(*family))
    services.booking_change(booking_id=lead.pk, slot_id=roomy.pk, actor=as_resident(*family))
    booked = {s.pk: s.booked for s in Slot.objects.all()}
    assert booked == {old.pk: 0, roomy.pk: 3, tight.pk: 0}
    assert set(Booking.objects.values_list("slot_id", flat=True)) == {roomy.pk}


def test_a_number_already_given_is_refused_by_the_database_and_the_booking_retried(
    make_resident, make_slot, monkeypatch
):
    slot = make_slot(capacity=4)
    (first,) = resident_books(cards=[make_resident()], slot_id=slot.pk)
    fresh = iter([first.number, "ABCD-EFGH"])
    monkeypatch.setattr(Booking._meta.get_field("number"), "_get_default", lambda: next(fresh))
    monkeypatch.setattr(party, "booking_number", lambda: next(fresh))
    card = make_resident()
    (second,) = resident_books(cards=[card], slot_id=slot.pk)
    assert second.number == "ABCD-EFGH" and Booking.objects.filter(number=first.number).count() == 1
    slot.refresh_from_db()
    assert slot.booked == 2  # the refused try's seat was rolled back
    card.refresh_from_db()
    assert card.state == card_rules.APPOINTMENT_BOOKED


def test_a_booking_is_found_by_its_number_and_birth_date(make_resident, make_slot, rf):
    from kofu.bookings import residents

    card = make_resident(birth="1980-01-02")
    (booking,) = resident_books(cards=[card], slot_id=make_slot().pk)
    request = rf.post("/bookings/find/")
    assert residents.find_booking(request, booking.number, card.birth_date) == booking
    assert residents.find_booking(request, booking.number, card.birth_date.replace(day=3)) is None
    assert residents.find_booking(request, "ABCD-EFGH", card.birth_date) is None
