"""Booking ahead for outreach events (事前予約制): the resident's booking page and booking page of
their own (signed link: details, cancel), the staff's list per session and opening of booking."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kofu.accounts.permissions import AccessRequest, access, personal_data
from kofu.surveys import booking_selectors as selectors
from kofu.surveys.access import access_bookable_event, access_outreach_booking, access_outreach_event
from kofu.surveys.booking_forms import BookingOpenForm, OutreachBookForm
from kofu.surveys.services import outreach_booking as services


@access("public")
@require_http_methods(["GET", "POST"])
def book(request: AccessRequest, pk: int) -> HttpResponse:
    event = access_bookable_event(pk, timezone.localdate())
    slots = list(selectors.open_slots(event, timezone.now()))
    form = OutreachBookForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.outreach_book(
                event=event, slot_id=data["slot"], name=data["name"], phone=data["phone"],
                email=data["email"], actor=request.viewer,
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("surveys:outreach_booking", services.booking_token(booking))
    return render(request, "surveys/outreach_book.html", {"event": event, "slots": slots, "form": form})


@access("public")
@personal_data
@require_http_methods(["GET", "POST"])
def booking(request: AccessRequest, token: str) -> HttpResponse:
    """The resident's own booking, by its signed link: number, session, venue; cancel."""
    booking_id = services.booking_of_token(token)
    if booking_id is None:
        raise Http404("予約が見つかりません")
    found = access_outreach_booking(request.viewer, booking_id, token_holder=True)
    error = ""
    if request.method == "POST":
        try:
            found = services.outreach_cancel(booking_id=found.pk, actor=request.viewer, token_holder=True)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"予約（予約番号 {found.number}）を取り消しました。")
            return redirect("surveys:outreach_booking", token)
    return render(request, "surveys/outreach_booking.html", {"booking": found, "error": error})


@access("municipality_staff")
@personal_data
@require_http_methods(["GET", "POST"])
def session_list(request: AccessRequest, pk: int) -> HttpResponse:
    """The bookings per session (slot) of one event, and opening or closing its booking ahead."""
    event = access_outreach_event(request.viewer, pk)
    form = BookingOpenForm(request.POST if request.POST.get("action") == "open" else None)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "close":
                services.outreach_booking_close(event=event, actor=request.viewer)
                messages.success(request, "事前予約の受付を止めました。")
                return redirect("surveys:outreach_sessions", event.pk)
            if form.is_valid():
                made = services.outreach_booking_open(
                    event=event, minutes=form.cleaned_data["minutes"], seats=form.cleaned_data["seats"],
                    day_before=form.cleaned_data["day_before"], actor=request.viewer,
                )  # fmt: skip
                messages.success(request, f"事前予約を受け付けます（新しい時間枠 {len(made)}）。")
                return redirect("surveys:outreach_sessions", event.pk)
        except ValidationError as exc:
            errors = exc.messages
    event.refresh_from_db()
    bookings = list(selectors.session_bookings(event))
    sessions = [(slot, [b for b in bookings if b.slot_id == slot.pk]) for slot in event.slots.all()]
    return render(
        request,
        "surveys/outreach_sessions.html",
        {
            "event": event, "form": form, "errors": errors, "sessions": sessions,
            "figures": selectors.booking_figures([event]).get(event.pk, selectors.BookingFigures()),
        },
    )  # fmt: skip
