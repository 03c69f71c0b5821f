"""Waiting-list pages: joining from the booking's own page, answering an offer by its e-mailed link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kofu.accounts.permissions import AccessRequest, access
from kofu.accounts.roles import Resident
from kofu.bookings import residents, waitlist


@access("public")
@require_http_methods(["POST"])
def join(request: AccessRequest, token: str) -> HttpResponse:
    found = residents.resident_of_token(token)
    if found is None:
        raise Http404("予約が見つかりません")
    resident, booking = found
    try:
        waitlist.waitlist_join(booking_id=booking.pk, actor=resident)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "空き待ちに登録しました。早い日時に空きが出たらメールでお知らせします。")
    return redirect("bookings:manage", token=token)


@access("public")
@require_http_methods(["GET", "POST"])
def offer(request: AccessRequest, token: str) -> HttpResponse:
    entry = waitlist.entry_of_token(token)
    if entry is None:
        raise Http404("案内が見つかりません")
    error = ""
    if request.method == "POST":
        card = entry.booking.card
        resident = Resident(card_id=card.pk, municipality_id=card.municipality_id)
        try:
            entry = waitlist.waitlist_answer(
                entry_id=entry.pk, accept="accept" in request.POST, actor=resident
            )
        except ValidationError as exc:
            error = exc.messages[0]
        entry = waitlist.entry_of_token(token) or entry
    return render(request, "bookings/waitlist_offer.html", {"entry": entry, "error": error})
