"""The waiting list for an earlier slot: first in line is offered a freed seat by e-mail, the
offer holds the seat, at most 3 offers, never a slot within N days of their booking."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from kofu.accounts.roles import SYSTEM
from kofu.bookings import services
from kofu.bookings.models import Booking, Slot, WaitlistEntry
from kofu.bookings.waitlist import waitlist_answer, waitlist_join, waitlist_offer_round
from kofu.outbox.models import Message
from tests.conftest import as_resident, resident_books


@pytest.fixture
def line(make_slot, make_resident, settings):
    """Two residents booked 20 days ahead, each on the waiting list (first, then second); an
    earlier slot 10 days ahead that is full (one seat, taken by a third resident)."""
    settings.KOFU_BOOKING_HORIZON_DAYS = 60
    late = make_slot(days=20, capacity=2)
    early = make_slot(days=10, capacity=1)
    cards = [make_resident() for _ in range(3)]
    first, second = (
        resident_books([c], slot_id=late.pk, email=f"r{i}@example.jp")[0] for i, c in enumerate(cards[:2])
    )
    (blocker,) = resident_books([cards[2]], slot_id=early.pk)
    entries = [waitlist_join(booking_id=b.pk, actor=as_resident(b.card)) for b in (first, second)]
    return {
        "late": late,
        "early": early,
        "first": first,
        "second": second,
        "blocker": blocker,
        "entries": entries,
    }


def offers() -> list[Message]:
    return list(Message.objects.filter(kind="booking.waitlist_offer").order_by("id"))


def test_nothing_is_offered_while_no_seat_is_free(line):
    assert waitlist_offer_round(actor=SYSTEM) == (0, 0)


def test_a_freed_seat_goes_to_the_first_in_line_and_is_held_for_them(line):
    services.booking_cancel(booking_id=line["blocker"].pk, actor=SYSTEM)
    assert waitlist_offer_round(actor=SYSTEM) == (1, 0)
    first, second = (WaitlistEntry.objects.get(pk=e.pk) for e in line["entries"])
    assert (first.status, first.offered_slot_id, first.offers) == ("offered", line["early"].pk, 1)
    assert second.status == "waiting"
    assert Slot.objects.get(pk=line["early"].pk).booked == 1  # the seat is held for the offer
    (mail,) = offers()
    assert mail.recipient == "r0@example.jp" and f"予約番号: {line['first'].pk}" in mail.body
    assert re.search(r"/bookings/waitlist/[^/\s]+/", mail.body)


def test_accepting_moves_the_booking_and_frees_the_old_seat(line):
    services.booking_cancel(booking_id=line["blocker"].pk, actor=SYSTEM)
    waitlist_offer_round(actor=SYSTEM)
    entry = waitlist_answer(
        entry_id=line["entries"][0].pk, accept=True, actor=as_resident(line["first"].card)
    )
    assert entry.status == "moved"
    assert Booking.objects.get(pk=line["first"].pk).slot_id == line["early"].pk
    assert Slot.objects.get(pk=line["late"].pk).booked == 1
    assert Slot.objects.get(pk=line["early"].pk).booked == 1
    assert Message.objects.filter(kind="booking.change", related_id=line["first"].pk).count() == 1


def test_declining_gives_the_seat_to_the_next_in_line(line):
    services.booking_cancel(booking_id=line["blocker"].pk, actor=SYSTEM)
    waitlist_offer_round(actor=SYSTEM)
    waitlist_answer(entry_id=line["entries"][0].pk, accept=False, actor=as_resident(line["first"].card))
    assert Slot.objects.get(pk=line["early"].pk).booked == 0
    assert Booking.objects.get(pk=line["first"].pk).slot_id == line["late"].pk  # stays where it was
    assert waitlist_offer_round(actor=SYSTEM) == (1, 0)
    first, second = (WaitlistEntry.objects.get(pk=e.pk) for e in line["entries"])
    assert (first.status, first.offers, second.status, second.offers) == ("waiting", 1, "offered", 1)
    assert offers()[-1].recipient == "r1@example.jp"


def test_expired_offers_pass_the_seat_along_and_each_resident_gets_at_most_three(line, settings):
    services.booking_cancel(booking_id=line["blocker"].pk, actor=SYSTEM)
    step = dt.timedelta(hours=settings.KOFU_WAITLIST_OFFER_HOURS, minutes=1)
    now = timezone.now()
    offered_to = []
    for _ in range(6):
        made, _expired = waitlist_offer_round(actor=SYSTEM, now=now)
        assert made == 1
        offered_to.append(offers()[-1].recipient)
        now += step
    assert offered_to == ["r0@example.jp", "r1@example.jp"] * 3
    assert waitlist_offer_round(actor=SYSTEM, now=now) == (0, 1)  # the last offer ends, nobody is left
    assert [WaitlistEntry.objects.get(pk=e.pk).status for e in line["entries"]] == ["closed", "closed"]
    assert [WaitlistEntry.objects.get(pk=e.pk).offers for e in line["entries"]] == [3, 3]
    assert Slot.objects.get(pk=line["early"].pk).booked == 0  # the held seat went back


def test_no_offer_within_n_days_of_the_booking(make_slot, make_resident, settings):
    settings.KOFU_BOOKING_HORIZON_DAYS = 60
    settings.KOFU_WAITLIST_MIN_DAYS_EARLIER = 2
    late = make_slot(days=20)
    make_slot(days=19)  # free, but only one day earlier
    (booking,) = resident_books([make_resident()], slot_id=late.pk, email="r@example.jp")
    waitlist_join(booking_id=booking.pk, actor=as_resident(booking.card))
    assert waitlist_offer_round(actor=SYSTEM) == (0, 0)
    make_slot(days=18)  # two days earlier: offered
    assert waitlist_offer_round(actor=SYSTEM) == (1, 0)


def test_joining_needs_a_booking_with_an_address_once(make_slot, make_resident):
    (booking,) = resident_books([make_resident()], slot_id=make_slot().pk)
    with pytest.raises(services.BookingError, match="メールアドレス"):
        waitlist_join(booking_id=booking.pk, actor=as_resident(booking.card))
    Booking.objects.filter(pk=booking.pk).update(email="r@example.jp")
    waitlist_join(booking_id=booking.pk, actor=as_resident(booking.card))
    with pytest.raises(services.BookingError, match="すでに"):
        waitlist_join(booking_id=booking.pk, actor=as_resident(booking.card))
