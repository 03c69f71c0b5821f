"""Outcomes of a booking, set from the day sheet (part of the one booking service).

来庁（受付済み, ``checked_in``: seen), 来庁なし (``no_show``), 欠席の連絡あり (``excused``: the
resident said beforehand they could not come) and 市区町村による取消 (``office_cancelled``: the
office cancelled, e.g. the card is not ready; the resident is told by e-mail). Every ending gives
the seat back to the slot and returns the card to 通知書発送済み so it can be booked again.
"""

from __future__ import annotations

from django.db import transaction

from kofu.accounts.access import NotFound
from kofu.accounts.roles import Actor
from kofu.bookings.access import access_window
from kofu.bookings.models import Booking, Window
from kofu.bookings.services.core import Status, _end, _locked, _now
from kofu.bookings.services.records import BookingError, audit_booking


@transaction.atomic
def booking_check_in(*, booking_id: int, actor: Actor, window_id: int | None = None) -> Booking:
    """The resident arrived: checked in (at ``window_id``, a window of the booking's site)."""
    booking = _locked(actor, booking_id)
    if booking.status != Status.BOOKED:
        raise BookingError("予約済みの予約だけ受付できます。", code="not_active")
    if window_id is not None:
        in_use = Window.objects.filter(active=True).select_related("site")
        try:  # a window of another site or municipality, or one no longer in use
            access_window(actor, window_id, site=booking.slot.site, rows=in_use)
        except NotFound:
            raise BookingError("この会場で使用中の窓口を選んでください。", code="window") from None
    booking.status = Status.CHECKED_IN
    booking.window_id = window_id
    booking.changed_at = _now()
    booking.save(update_fields=["status", "window", "changed_at"])
    audit_booking(actor, "check_in", booking, before={"status": Status.BOOKED})
    return booking


@transaction.atomic
def booking_no_show(*, booking_id: int, actor: Actor) -> Booking:
    """The resident did not come: the seat is released and the card can be booked again."""
    booking = _locked(actor, booking_id)
    if booking.status != Status.BOOKED:
        raise BookingError("予約済みの予約だけ「来庁なし」にできます。", code="not_active")
    return _end(booking, Status.NO_SHOW, actor=actor, reason="来庁なし", action="no_show")


@transaction.atomic
def booking_excuse(*, booking_id: int, actor: Actor, reason: str = "") -> Booking:
    """The resident let the office know they cannot come (by phone, at the counter): not a no-show."""
    booking = _locked(actor, booking_id)
    if booking.status != Status.BOOKED:
        raise BookingError("予約済みの予約だけ「欠席の連絡あり」にできます。", code="not_active")
    return _end(booking, Status.EXCUSED, actor=actor, reason=reason or "欠席の連絡あり", action="excused")


@transaction.atomic
def booking_office_cancel(*, booking_id: int, actor: Actor, reason: str = "") -> Booking:
    """The office cancels the booking (the card is not ready, the site cannot open …): the
    resident with an address is told by e-mail."""
    booking = _locked(actor, booking_id)
    if booking.status not in (Status.BOOKED, Status.HELD):
        raise BookingError("この予約は取り消せません（取消済みまたは受付済みです）。", code="not_active")
    return _end(
        booking,
        Status.OFFICE_CANCELLED,
        actor=actor,
        reason=reason or "市区町村の都合による取消",
        action="office_cancel",
        mail="cancel",
    )
