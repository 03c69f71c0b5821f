"""Reminders: N days ahead (configurable), booking number, place, what to bring, the opt-out link."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from kofu.accounts.audit import AuditEvent
from kofu.bookings.models import Booking
from kofu.bookings.reminders import send_reminders
from kofu.outbox.models import Message
from tests.conftest import resident_books


@pytest.fixture
def booked(make_slot, make_resident, site):
    site.address = "宮崎県都城市姫城町6街区21号"
    site.save()

    def book(days: int, email: str = "hanako@example.jp") -> Booking:
        (booking,) = resident_books([make_resident()], slot_id=make_slot(days=days).pk)
        Booking.objects.filter(pk=booking.pk).update(email=email)
        booking.refresh_from_db()
        return booking

    return book


def reminders() -> list[Message]:
    return list(Message.objects.filter(kind="booking.reminder").order_by("id"))


def test_bookings_within_the_next_two_days_are_reminded_once(booked, settings):
    settings.KOFU_BOOKING_CLOSING_DAYS = 0
    one, two, three = booked(1), booked(2), booked(3)
    assert send_reminders() == 2
    assert {m.related_id for m in reminders()} == {one.pk, two.pk}
    assert send_reminders() == 0
    # the next day the third one comes into the window
    assert send_reminders(today=timezone.localdate() + dt.timedelta(days=1)) == 1
    assert reminders()[-1].related_id == three.pk


def test_the_number_of_days_is_configurable(booked, settings):
    settings.KOFU_BOOKING_CLOSING_DAYS = 0
    settings.KOFU_BOOKING_REMIND_DAYS = 1
    booked(1), booked(2)
    assert send_reminders() == 1


def test_the_reminder_names_number_place_what_to_bring_and_how_to_stop(booked, settings, client):
    settings.KOFU_BOOKING_CLOSING_DAYS = 0
    settings.KOFU_PUBLIC_URL = "http://kofu.example.jp"
    booking = booked(2)
    send_reminders()
    (message,) = reminders()
    assert f"予約番号: {booking.number}" in message.body
    assert "会場: 都城市役所 本庁舎" in message.body
    assert "所在地: 宮崎県都城市姫城町6街区21号" in message.body
    assert "交付通知書（はがき）" in message.body and "本人確認書類" in message.body
    link = re.search(r"http://kofu\.example\.jp(/bookings/reminders/off/[^/\s]+/)", message.body)
    assert link is not None
    assert booking.card.name not in message.body and booking.card.notice_number not in message.body

    page = client.get(link.group(1))
    assert (
        page.status_code == 200 and not Booking.objects.get(pk=booking.pk).reminders_off
    )  # GET changes nothing
    page = client.post(link.group(1))
    assert "停止しました" in page.content.decode()
    assert Booking.objects.get(pk=booking.pk).reminders_off
    assert AuditEvent.objects.filter(action="bookings.reminders_off", object_id=str(booking.pk)).count() == 1


def test_an_opted_out_booking_is_not_reminded_and_a_forged_link_is_not_found(booked, settings, client):
    settings.KOFU_BOOKING_CLOSING_DAYS = 0
    booking = booked(2)
    Booking.objects.filter(pk=booking.pk).update(reminders_off=True)
    assert send_reminders() == 0
    from kofu.bookings import notify

    manage_token = notify.manage_token(booking)  # the manage link's token does not stop reminders
    assert client.post(f"/bookings/reminders/off/{manage_token}/").status_code == 404
    assert client.get("/bookings/reminders/off/nonsense/").status_code == 404


def test_the_command_reminds_and_says_how_many(booked, settings):
    settings.KOFU_BOOKING_CLOSING_DAYS = 0
    booked(2)
    out = StringIO()
    call_command("bookings", "remind", stdout=out)
    assert "1 件" in out.getvalue()
    day = timezone.localdate() + dt.timedelta(days=2)
    out = StringIO()
    call_command("bookings", "remind", "--date", f"{day:%Y-%m-%d}", stdout=out)
    assert "0 件" in out.getvalue()
