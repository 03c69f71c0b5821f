"""The reminder opt-out page, reached by the signed link at the foot of every reminder e-mail."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from kofu.accounts.permissions import AccessRequest, access
from kofu.accounts.roles import Resident
from kofu.bookings import notify
from kofu.bookings.models import Booking
from kofu.bookings.reminders import booking_reminders_off


def _booking_of(token: str) -> Booking:
    booking_id = notify.booking_of_token(token, salt=notify.OPT_OUT_SALT)
    booking = Booking.objects.select_related("card").filter(pk=booking_id).first() if booking_id else None
    if booking is None:
        raise Http404("予約が見つかりません")
    return booking


@access("public")
@require_http_methods(["GET", "POST"])
def reminders_off(request: AccessRequest, token: str) -> HttpResponse:
    """GET asks, POST stops the reminders (a mail scanner following the link changes nothing)."""
    booking = _booking_of(token)
    if request.method == "POST":
        resident = Resident(card_id=booking.card_id, municipality_id=booking.card.municipality_id)
        booking = booking_reminders_off(booking_id=booking.pk, actor=resident)
    return render(request, "bookings/reminders_off.html", {"booking": booking})
