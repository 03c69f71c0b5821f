"""Outcomes from the day sheet (seen, no-show, excused, cancelled by the office), the no-show
rates page, and the hold before a seat a resident gave up goes back to the slot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kofu.accounts.audit import AuditEvent
from kofu.accounts.roles import viewer_of
from kofu.bookings import services
from kofu.bookings.models import Booking, Slot
from kofu.bookings.reminders import release_all_expired_holds
from kofu.outbox.models import Message
from tests.bookings.test_staff_pages import day_url, login
from tests.conftest import as_resident, resident_books


def test_the_day_sheet_sets_each_outcome(client, personas, make_slot, make_resident):
    slot = make_slot(capacity=4)
    cards = [make_resident() for _ in range(4)]
    bookings = [resident_books([card], slot_id=slot.pk)[0] for card in cards]
    Booking.objects.filter(pk=bookings[3].pk).update(email="taro@example.jp")
    login(client, personas["municipality"])
    for booking, action, status in zip(
        bookings,
        ["check_in", "no_show", "excused", "office_cancel"],
        ["checked_in", "no_show", "excused", "office_cancelled"],
        strict=True,
    ):
        client.post(day_url(slot), {"action": action, "booking": booking.pk})
        assert Booking.objects.get(pk=booking.pk).status == status
    slot.refresh_from_db()
    assert slot.booked == 1  # only the one seen keeps its seat
    assert [c.state for c in type(cards[0]).objects.filter(pk__in=[c.pk for c in cards[1:]])] == [
        "notice_sent"
    ] * 3
    assert Message.objects.filter(kind="booking.cancel", recipient="taro@example.jp").count() == 1
    assert AuditEvent.objects.filter(action__in=["bookings.excused", "bookings.office_cancel"]).count() == 2
    page = client.get(day_url(slot)).content.decode()
    assert "欠席の連絡あり" in page and "市区町村による取消" in page


def test_only_booked_bookings_take_an_outcome(make_slot, make_resident, personas):
    staff = viewer_of(personas["municipality"])
    (booking,) = resident_books([make_resident()], slot_id=make_slot().pk)
    services.booking_excuse(booking_id=booking.pk, actor=staff)
    with pytest.raises(services.BookingError):
        services.booking_excuse(booking_id=booking.pk, actor=staff)
    with pytest.raises(services.BookingError):
        services.booking_office_cancel(booking_id=booking.pk, actor=staff)


def _visit(slot, booked_days_before: int, status: str, card) -> None:
    created = slot.starts_at - dt.timedelta(days=booked_days_before)
    Booking.objects.create(
        card=card, slot=slot, status=status, channel="web", created_at=created, changed_at=created
    )


def test_no_show_rates_per_site_weekday_and_lead_time(client, personas, make_slot, make_resident):
    ten, eleven = make_slot(days=-7, hour=10, capacity=10), make_slot(days=-7, hour=11, capacity=10)
    for status in ("checked_in", "checked_in", "no_show", "excused"):
        _visit(ten, 1, status, make_resident())
    _visit(eleven, 20, "no_show", make_resident())
    login(client, personas["municipality"])
    page = client.get("/bookings/staff/outcomes/").content.decode()
    weekday = "月火水木金土日"[(timezone.localdate() - dt.timedelta(days=7)).weekday()]
    # 2 seen, 2 no-shows (one booked 20 days ahead), 1 excused: 50 %
    assert (
        '<th scope="row">都城市役所 本庁舎</th><td class="num">2</td><td class="num">2</td><td class="num">1</td><td class="num">50.0</td>'
        in page
    )
    assert f'<th scope="row">{weekday}</th><td class="num">2</td><td class="num">2</td>' in page
    assert (
        '<th scope="row">2日前まで</th><td class="num">2</td><td class="num">1</td><td class="num">1</td><td class="num">33.3</td>'
        in page
    )
    assert (
        '<th scope="row">14日以上前</th><td class="num">0</td><td class="num">1</td><td class="num">0</td><td class="num">100.0</td>'
        in page
    )
    login(client, personas["other_municipality"])
    assert "この期間の結果はありません" in client.get("/bookings/staff/outcomes/").content.decode()


@pytest.mark.release_hold
def test_a_seat_a_resident_cancels_goes_back_only_after_the_hold(settings, make_slot, make_resident):
    settings.KOFU_BOOKING_RELEASE_MINUTES = 15
    slot = make_slot(capacity=1)
    first, second = make_resident(), make_resident()
    (booking,) = resident_books([first], slot_id=slot.pk)
    services.booking_cancel(booking_id=booking.pk, actor=as_resident(first))
    assert Slot.objects.get(pk=slot.pk).booked == 1  # still counted: it cannot go straight to a friend
    with pytest.raises(services.SlotFull):
        resident_books([second], slot_id=slot.pk)
    assert release_all_expired_holds() == 0
    Booking.objects.filter(pk=booking.pk).update(seat_release_at=timezone.now() - dt.timedelta(seconds=1))
    resident_books([second], slot_id=slot.pk)  # the full slot gives back the due seat first
    assert Slot.objects.get(pk=slot.pk).booked == 1
    assert Booking.objects.get(pk=booking.pk).seat_release_at is None


@pytest.mark.release_hold
def test_the_cron_job_releases_due_seats_once_and_staff_cancellations_release_at_once(
    settings, make_slot, make_resident, personas
):
    settings.KOFU_BOOKING_RELEASE_MINUTES = 15
    slot = make_slot(capacity=2)
    one, two = make_resident(), make_resident()
    (mine,) = resident_books([one], slot_id=slot.pk)
    (theirs,) = resident_books([two], slot_id=slot.pk)
    services.booking_cancel(booking_id=theirs.pk, actor=viewer_of(personas["municipality"]))
    assert Slot.objects.get(pk=slot.pk).booked == 1  # staff: at once
    services.booking_cancel(booking_id=mine.pk, actor=as_resident(one))
    Booking.objects.filter(pk=mine.pk).update(seat_release_at=timezone.now())
    assert release_all_expired_holds() == 1
    assert release_all_expired_holds() == 0
    assert Slot.objects.get(pk=slot.pk).booked == 0
