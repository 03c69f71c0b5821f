"""The booking's own page (step 5), reached by its signed link: details, venue, booking number,
calendar file, print view, change, cancel (after a confirmation page) and booking again."""

from __future__ import annotations

from collections import OrderedDict
from typing import TypedDict

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kofu.accounts.access import NotFound
from kofu.accounts.permissions import AccessRequest, access, personal_data
from kofu.accounts.roles import Resident, resident_sign_in
from kofu.bookings import notify, residents, selectors, services
from kofu.bookings.models import ACTIVE, Booking
from kofu.cards.access_log import history_by_day, records_shown
from kofu.cards.models import ResidentAccess
from kofu.cards.selectors import card_expiry
from kofu.outbox.selectors import latest_about
from kofu.rules import cards as card_rules
from kofu.rules.booking_calendar import can_change

SELF = ResidentAccess.Purpose.SELF_SERVICE


def _found(token: str) -> tuple[Resident, Booking]:
    found = residents.resident_of_token(token)
    if found is None:
        raise Http404("予約が見つかりません")
    return found


def _changeable(booking: Booking) -> bool:
    return booking.status == Booking.Status.BOOKED and can_change(
        booking.slot.starts_at, timezone.now(), cutoff_hours=settings.KOFU_BOOKING_CHANGE_CUTOFF_HOURS
    )


class Details(TypedDict):
    """What the booking's pages show besides the booking: its household party, venue and length."""

    booking: Booking
    party: list[Booking]
    venue: selectors.Venue
    minutes: int


def _details(booking: Booking) -> Details:
    party = selectors.party(booking) if booking.status in ACTIVE else [booking]
    site = booking.slot.site
    return Details(
        booking=booking,
        party=party,
        venue=selectors.venue(site),
        minutes=selectors.visit_minutes(site, len(party)),
    )


@access("public")
@personal_data
@require_http_methods(["GET", "POST"])
def manage(request: AccessRequest, token: str) -> HttpResponse:
    resident, booking = _found(token)
    error = ""
    if request.method == "POST":
        if "rebook" in request.POST:
            return _rebook(request, booking)
        if "cancel" in request.POST:  # asked on its own page first
            return redirect("bookings:cancel", token=token)
        if not request.POST.get("slot"):
            return redirect("bookings:manage", token=token)
        try:
            services.booking_change(booking_id=booking.pk, slot_id=int(request.POST["slot"]), actor=resident)
        except (services.BookingError, NotFound, ValueError) as exc:
            error = (
                exc.messages[0]
                if isinstance(exc, services.BookingError)
                else "来庁日時を選び直してください。"
            )
        else:
            moved = [b.card_id for b in selectors.party(booking)]
            records_shown(request, moved, action=ResidentAccess.Action.UPDATE, purpose=SELF)
            messages.success(request, "予約を変更しました。")
            return redirect("bookings:manage", token=token)
    changeable = _changeable(booking)
    details = _details(booking)
    party = details["party"]
    changing = changeable and (request.GET.get("change") == "1" or bool(error))
    days = selectors.open_slots(resident, seats=len(party)) if changing else OrderedDict()
    records_shown(request, [b.card for b in party], purpose=SELF)
    booked_day = timezone.localtime(booking.slot.starts_at).date() if booking.status in ACTIVE else None
    context = {
        **details,
        "changeable": changeable,
        "changing": changing,
        "days": days,
        **selectors.slot_list(days, error=bool(error)),
        "error": error,
        "token": token,
        "accesses": history_by_day(booking.card),
        "expiry": card_expiry(booking.card, planned_issue=booked_day),
        "mail": latest_about("booking", booking.pk),
        "rebookable": booking.status != Booking.Status.BOOKED
        and booking.card.state == card_rules.NOTICE_SENT
        and selectors.active_booking(booking.card) is None,
        "step": 5 if booking.status in ACTIVE else None,
    }
    return render(request, "bookings/manage.html", context, status=400 if error else 200)


def _rebook(request: AccessRequest, booking: Booking) -> HttpResponse:
    """Book again after a cancellation: the link identifies the resident, as the first step did."""
    card = booking.card
    if card.state != card_rules.NOTICE_SENT or selectors.active_booking(card) is not None:
        messages.error(request, "このカードは今は予約できません。窓口にお問い合わせください。")
        return redirect("bookings:manage", token=notify.manage_token(booking))
    resident_sign_in(request.session, residents.resident_of(card))
    return redirect("bookings:family")


@access("public")
@personal_data
@require_http_methods(["GET", "POST"])
def cancel(request: AccessRequest, token: str) -> HttpResponse:
    """Ask before cancelling: the details again, then 取り消す or 戻る."""
    resident, booking = _found(token)
    if not _changeable(booking):
        return redirect("bookings:manage", token=token)
    error = ""
    party = selectors.party(booking)
    if request.method == "POST":
        try:
            booking = services.booking_cancel(booking_id=booking.pk, actor=resident, reason="住民による取消")
        except services.BookingError as exc:
            error = exc.messages[0]
        else:
            records_shown(request, [b.card for b in party], action=ResidentAccess.Action.UPDATE, purpose=SELF)
            messages.success(request, "予約を取り消しました。")
            return redirect("bookings:manage", token=token)
    records_shown(request, [b.card for b in party], purpose=SELF)
    return render(
        request,
        "bookings/cancel.html",
        {**_details(booking), "token": token, "error": error},
        status=400 if error else 200,
    )


@access("public")
@personal_data
@require_http_methods(["GET"])
def calendar(request: AccessRequest, token: str) -> HttpResponse:
    """The booking as an iCalendar file (add to calendar)."""
    _resident, booking = _found(token)
    response = HttpResponse(notify.ics(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kofu-booking-{booking.number}.ics"'
    return response


@access("public")
@personal_data
@require_http_methods(["GET"])
def printable(request: AccessRequest, token: str) -> HttpResponse:
    """One page to print and bring: booking number, time, venue, hours, what to bring."""
    _resident, booking = _found(token)
    details = _details(booking)
    records_shown(request, [b.card for b in details["party"]], purpose=SELF)
    return render(request, "bookings/print.html", {**details, "token": token})
