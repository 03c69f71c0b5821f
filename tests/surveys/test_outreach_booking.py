"""Booking ahead for outreach events (事前予約制, seed 002 事例集 P7・P8・P10): the municipality opens
booking with slots and seats; residents book with a name and a phone or an e-mail, get a number, a
confirmation through the outbox and a signed link to cancel; staff see the list per session."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kofu.accounts.access import NotFound
from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import ANONYMOUS, SYSTEM
from kofu.outbox.models import Message
from kofu.registry.models import Municipality
from kofu.rules.booking_numbers import PATTERN
from kofu.surveys.booking_selectors import booking_figures
from kofu.surveys.models import OutreachBooking, OutreachEvent, OutreachSlot
from kofu.surveys.services.outreach import event_save
from kofu.surveys.services.outreach_booking import (
    SlotFull,
    booking_token,
    outreach_book,
    outreach_booking_close,
    outreach_booking_open,
    outreach_cancel,
)

MY_NUMBER = "123456789018"  # a valid check digit


def event(published=True, days=3, code="452025"):
    start = timezone.localdate() + dt.timedelta(days=days)
    return event_save(
        event=OutreachEvent(
            municipality=Municipality.objects.get(code=code), title="公民館での出張申請受付", venue_type="community_centre",
            venue="姫城地区公民館", address="宮崎県都城市姫城町", starts_on=start, ends_on=start,
            opens_at=dt.time(10), closes_at=dt.time(12), published=published,
        ),
        actor=SYSTEM,
    )  # fmt: skip


@pytest.fixture
def opened(registry):
    e = event()
    outreach_booking_open(event=e, minutes=30, seats=2, actor=SYSTEM)
    e.refresh_from_db()
    return e


def book(e, slot=None, **contact):
    slot = slot or e.slots.first()
    data = {"name": "みやこのじょう たろう", "phone": "0986-23-2111", "email": ""} | contact
    return outreach_book(event=e, slot_id=slot.pk, actor=ANONYMOUS, **data)


def test_opening_makes_the_slots_of_the_hours_and_keeps_those_made(opened):
    assert opened.booking_open and opened.booking_day_before
    assert [timezone.localtime(s.starts_at).time() for s in opened.slots.all()] == [
        dt.time(10),
        dt.time(10, 30),
        dt.time(11),
        dt.time(11, 30),
    ]
    assert outreach_booking_open(event=opened, minutes=30, seats=2, actor=SYSTEM) == []
    assert opened.slots.count() == 4


def test_an_unpublished_event_cannot_take_bookings(registry):
    with pytest.raises(ValidationError, match="住民に公開した"):
        outreach_booking_open(event=event(published=False), minutes=30, seats=2, actor=SYSTEM)


def test_book_gives_a_number_takes_a_seat_and_queues_a_confirmation(opened):
    booking = book(opened, email="taro@example.jp")
    assert PATTERN.match(booking.number)
    assert OutreachSlot.objects.get(pk=booking.slot_id).booked == 1
    message = Message.objects.get(related_type="outreach_booking", related_id=booking.pk)
    assert booking.number in message.body and message.recipient == "taro@example.jp"
    assert "/surveys/events/bookings/" in message.body
    assert AuditEvent.objects.filter(action="outreach_book", object_id=str(booking.pk)).exists()


def test_phone_only_needs_no_message_and_no_contact_is_refused(opened):
    book(opened)
    assert not Message.objects.exists()
    with pytest.raises(ValidationError, match="電話番号かメールアドレス"):
        book(opened, phone="")


@pytest.mark.parametrize("field", ["name", "phone", "email"])
def test_a_my_number_in_any_field_is_refused(opened, field):
    value = f"{MY_NUMBER}@example.jp" if field == "email" else MY_NUMBER
    with pytest.raises(ValidationError):
        book(opened, **{field: value})
    assert not OutreachBooking.objects.exists() and opened.slots.first().booked == 0


def test_a_full_slot_refuses_and_cancel_gives_the_seat_back_once(opened):
    first, _second = book(opened), book(opened)
    with pytest.raises(SlotFull):
        book(opened)
    outreach_cancel(booking_id=first.pk, actor=ANONYMOUS, token_holder=True)
    assert opened.slots.first().booked == 1
    with pytest.raises(ValidationError, match="すでに取り消され"):
        outreach_cancel(booking_id=first.pk, actor=ANONYMOUS, token_holder=True)
    assert opened.slots.first().booked == 1
    book(opened)
    assert opened.slots.first().booked == 2


def test_booking_closes_the_day_before(registry):
    e = event(days=0)
    outreach_booking_open(event=e, minutes=30, seats=2, actor=SYSTEM)
    with pytest.raises(ValidationError, match="予約できません"):
        book(e)


def test_closed_booking_takes_no_more(opened):
    outreach_booking_close(event=opened, actor=SYSTEM)
    with pytest.raises(NotFound):
        book(opened)


def test_figures_feed_the_management_page(opened, client, personas):
    booking = book(opened)
    book(opened, slot=opened.slots.last())
    outreach_cancel(booking_id=booking.pk, actor=SYSTEM)
    figures = booking_figures([opened])[opened.pk]
    assert (figures.slots, figures.seats, figures.booked, figures.cancelled, figures.free) == (4, 8, 1, 1, 7)
    client.force_login(personas["municipality"])
    assert "1／8（受付中）" in client.get("/surveys/events/manage/").content.decode()
    page = client.get(f"/surveys/events/{opened.pk}/sessions/").content.decode()
    assert booking.number in page and "取消し" in page and "予約 1人、空き 7人、取消し 1件" in page


def test_resident_books_on_the_public_page_and_cancels_by_the_signed_link(opened, client):
    assert "予約する" in client.get("/surveys/events/").content.decode()
    slot = opened.slots.first()
    page = client.post(
        f"/surveys/events/{opened.pk}/book/", {"slot": slot.pk, "name": "たろう", "email": "taro@example.jp"}
    )
    booking = OutreachBooking.objects.get()
    assert (
        page.status_code == 302 and page["Location"] == f"/surveys/events/bookings/{booking_token(booking)}/"
    )
    shown = client.get(page["Location"])
    assert booking.number in shown.content.decode() and shown["Cache-Control"].startswith("max-age=0")
    assert client.post(page["Location"]).status_code == 302
    assert (
        OutreachBooking.objects.get().status == "cancelled"
        and OutreachSlot.objects.get(pk=slot.pk).booked == 0
    )


def test_public_form_errors_are_in_japanese_and_marked(opened, client):
    page = client.post(
        f"/surveys/events/{opened.pk}/book/", {"slot": opened.slots.first().pk, "name": MY_NUMBER}
    )
    text = page.content.decode()
    assert page.status_code == 200 and 'aria-invalid="true"' in text
    assert "電話番号かメールアドレスのどちらかを入力してください" in text
    assert not OutreachBooking.objects.exists()


def test_strangers_get_404(opened, client, personas):
    assert client.get("/surveys/events/bookings/forged/").status_code == 404
    assert client.get(f"/surveys/events/{event(published=False).pk}/book/").status_code == 404
    booking = book(opened)
    client.force_login(personas["other_municipality"])
    assert client.get(f"/surveys/events/{opened.pk}/sessions/").status_code == 404
    with pytest.raises(NotFound):
        outreach_cancel(booking_id=booking.pk, actor=ANONYMOUS)


def test_the_seat_primitive_refuses_a_joined_condition(opened):
    """A joined filter becomes ``id IN (SELECT …)``, which PostgreSQL does not re-check after the
    row lock: the race test caught overbooking attempts with one (kofu.core.seats)."""
    from kofu.core.seats import seats_take

    slot = opened.slots.first()
    with pytest.raises(ValueError, match="行の列だけ"):
        seats_take(OutreachSlot.objects.filter(event__booking_open=True), slot.pk)
    assert seats_take(OutreachSlot.objects.filter(event_id=opened.pk), slot.pk)
    assert seats_take(OutreachSlot.objects.all(), slot.pk)
    assert not seats_take(OutreachSlot.objects.all(), slot.pk)  # 2 seats: full


def test_the_confirmation_carries_no_name(opened):
    """As the pickup bookings' messages: no name in an e-mail (docs/data-formats.md)."""
    booking = book(opened, name="みやこのじょう たろう", email="taro@example.jp")
    message = Message.objects.get(related_type="outreach_booking", related_id=booking.pk)
    assert "たろう" not in message.body and "たろう" not in message.subject
