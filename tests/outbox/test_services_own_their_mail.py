"""Services own their side effects: each booking change queues its resident's e-mail in its own
transaction, whoever calls it (no view, no callback); the message commits with the change or not at
all, and goes out after the commit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kofu.accounts.roles import SYSTEM, viewer_of
from kofu.bookings import services
from kofu.bookings.models import Booking
from kofu.bookings.services.schedule import closure_add
from kofu.outbox.models import Message
from kofu.outbox.services import MessageRefused, message_queue

BIRTH = dt.date(1980, 5, 5)


@pytest.fixture(autouse=True)
def public_url(settings):
    settings.KOFU_PUBLIC_URL = "https://kofu.example.lg.jp"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def kinds() -> list[tuple[str, str]]:
    return list(Message.objects.order_by("id").values_list("kind", "recipient"))


def book(make_resident, slot, email="hanako@example.jp", **kwargs) -> Booking:
    (booking,) = services.bookings_create(
        cards=[make_resident()], slot_id=slot.pk, email=email, actor=SYSTEM, **kwargs
    )
    return booking


def test_booking_directly_queues_the_confirmation_with_the_link_and_calendar(
    make_resident, make_slot, miyakonojo
):
    booking = book(make_resident, make_slot())
    (message,) = Message.objects.all()
    assert (message.kind, message.state, message.recipient) == (
        "booking.confirm",
        "queued",
        "hanako@example.jp",
    )
    assert (message.municipality_id, message.card_id) == (miyakonojo.pk, booking.card_id)
    assert (message.related_type, message.related_id) == ("booking", booking.pk)
    assert "https://kofu.example.lg.jp/bookings/manage/" in message.body and "+09:00" in message.body
    assert message.ics.startswith("BEGIN:VCALENDAR") and message.ics_name == f"kofu-booking-{booking.pk}.ics"
    assert mail.outbox == []  # nothing leaves before the commit


def test_the_message_is_sent_after_the_commit(make_resident, make_slot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        book(make_resident, make_slot())
    assert Message.objects.get().state == "sent"
    assert [m.to for m in mail.outbox] == [["hanako@example.jp"]]


def test_a_rolled_back_booking_leaves_no_message(make_resident, make_slot):
    slot = make_slot()
    with pytest.raises(RuntimeError), transaction.atomic():
        book(make_resident, slot)
        raise RuntimeError("the caller's transaction fails later")
    assert Message.objects.count() == 0 and Booking.objects.count() == 0


def test_a_hold_gets_no_mail_and_its_confirmation_does(make_resident, make_slot):
    booking = book(make_resident, make_slot(), hold=True)
    assert kinds() == []
    services.bookings_confirm(booking_ids=[booking.pk], actor=SYSTEM)
    assert kinds() == [("booking.confirm", "hanako@example.jp")]


def test_no_address_no_message(make_resident, make_slot):
    book(make_resident, make_slot(), email="")
    assert kinds() == []


def test_cancel_change_and_no_show_called_directly(make_resident, make_slot, personas):
    staff = viewer_of(personas["municipality"])
    first, later = make_slot(days=8), make_slot(days=9)
    booking = book(make_resident, first)
    services.booking_change(booking_id=booking.pk, slot_id=later.pk, actor=SYSTEM)
    services.booking_cancel(booking_id=booking.pk, actor=staff, reason="窓口で取消")
    absent = book(make_resident, first, email="jiro@example.jp")
    Booking.objects.filter(pk=absent.pk).update(status="booked")
    services.booking_no_show(booking_id=absent.pk, actor=staff)
    assert kinds() == [
        ("booking.confirm", "hanako@example.jp"),
        ("booking.change", "hanako@example.jp"),
        ("booking.cancel", "hanako@example.jp"),
        ("booking.confirm", "jiro@example.jp"),
    ]
    cancel = Message.objects.get(kind="booking.cancel")
    assert "窓口で取消" in cancel.body and "STATUS:CANCELLED" in cancel.ics
    assert "/bookings/manage/" not in cancel.body  # no link to a cancelled booking


def test_closing_a_window_queues_a_change_or_a_closure_mail_for_each_resident(
    make_resident, make_slot, personas, site
):
    staff = viewer_of(personas["municipality"])
    full = make_slot(days=8, capacity=2)
    make_slot(days=9, capacity=1)  # room for one moved booking, on a day that stays open
    site.people_per_window = 2
    site.save()
    early, late = (
        book(make_resident, full, email="a@example.jp"),
        book(make_resident, full, email="b@example.jp"),
    )
    Message.objects.all().delete()
    moved, cancelled = services.window_close_day(
        site_id=site.pk, day=timezone.localtime(full.starts_at).date(), actor=staff
    )
    assert (len(moved), len(cancelled)) == (1, 1)
    assert sorted(kinds()) == sorted(
        [("booking.change", moved[0].email), ("booking.closure", cancelled[0].email)]
    )
    assert {early.email, late.email} == {"a@example.jp", "b@example.jp"}


def test_a_closure_added_by_a_command_queues_the_closure_mails(make_resident, make_slot, miyakonojo):
    slot = make_slot(days=10)
    book(make_resident, slot, email="a@example.jp")
    book(make_resident, slot, email="")
    Message.objects.all().delete()
    day = timezone.localtime(slot.starts_at).date()
    closure_add(municipality=miyakonojo, start=day, end=day, reason="庁舎の停電", actor=SYSTEM)
    assert kinds() == [("booking.closure", "a@example.jp")]
    assert "庁舎の停電" in Message.objects.get().body


def test_the_my_number_guard_refuses_a_message_and_its_transaction(make_resident, make_slot, miyakonojo):
    slot = make_slot(days=10)
    book(make_resident, slot)
    day = timezone.localtime(slot.starts_at).date()
    with pytest.raises(ValidationError):
        closure_add(municipality=miyakonojo, start=day, end=day, reason="番号 1234 5678 9018", actor=SYSTEM)
    assert Booking.objects.get().status == "booked" and kinds() == [("booking.confirm", "hanako@example.jp")]
    for text in ("subject", "body"):
        fields = {"subject": "件名", "body": "本文", text: "個人番号 621498320257 です"}
        with pytest.raises(MessageRefused, match="個人番号"):
            message_queue(kind="test", to="a@example.jp", municipality_id=None, **fields)


@pytest.mark.parametrize(
    "written", ["1980-05-05", "1980/05/05", "1980/5/5", "1980年05月05日", "1980年5月5日"]
)
def test_a_message_about_a_card_may_not_carry_its_birth_date(make_resident, written):
    card = make_resident(birth=BIRTH.isoformat())
    with pytest.raises(MessageRefused, match="生年月日"):
        message_queue(
            kind="test",
            to="a@example.jp",
            subject="件名",
            body=f"生年月日 {written}",
            municipality_id=None,
            card=card,
        )
    message_queue(
        kind="test", to="a@example.jp", subject="件名", body="1980年に", municipality_id=None, card=card
    )


def test_no_booking_mail_carries_a_birth_date_name_or_notice_number(make_resident, make_slot, personas, site):
    """Every kind of booking mail, made through the services, scanned for the resident's values."""
    slot, other = make_slot(days=8), make_slot(days=9)
    booking = book(make_resident, slot)
    services.booking_change(booking_id=booking.pk, slot_id=other.pk, actor=SYSTEM)
    services.booking_cancel(booking_id=booking.pk, actor=SYSTEM)
    second = book(make_resident, slot, email="b@example.jp")
    day = timezone.localtime(slot.starts_at).date()
    closure_add(municipality=site.municipality, start=day, end=day, reason="臨時休業", actor=SYSTEM)
    from kofu.bookings.reminders import send_reminders

    third = book(make_resident, other, email="c@example.jp")
    send_reminders(timezone.localtime(other.starts_at).date())
    assert {kind for kind, _ in kinds()} == {
        "booking.confirm",
        "booking.change",
        "booking.cancel",
        "booking.closure",
        "booking.reminder",
    }
    for card in (booking.card, second.card, third.card):
        card.refresh_from_db()
        for message in Message.objects.all():
            text = message.subject + message.body + message.ics
            assert card.name not in text and card.notice_number not in text
            assert "1980-05-05" not in text and "1980年5月5日" not in text and "19800505" not in text


def test_the_views_send_no_mail_of_their_own(client, make_resident, make_slot):
    """The resident's pages only call the services: one message per change, none extra."""
    from django.urls import reverse

    card, slot = make_resident(), make_slot()
    client.post(
        reverse("bookings:start"),
        {"notice_number": card.notice_number, "birth_date": card.birth_date.isoformat()},
    )
    client.post(reverse("bookings:slots"), {"slot": slot.pk, "email": "hanako@example.jp"})
    manage = client.post(reverse("bookings:confirm"), {"confirm": "1"}).url
    client.post(manage + "cancel/")  # the confirmation page of the cancel
    assert kinds() == [("booking.confirm", "hanako@example.jp"), ("booking.cancel", "hanako@example.jp")]
