"""Resident pages: notice number + birth date → slot → confirm → manage by signed link.

``start`` identifies the resident and keeps them in the session; ``slots`` and ``confirm`` are
under the ``resident`` rule (``request.viewer`` is the :class:`~kofu.accounts.roles.Resident`);
``manage`` is reached by the booking's signed link, which identifies the resident by itself.
"""

from __future__ import annotations

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
from kofu.bookings.access import access_booking
from kofu.bookings.forms import ResidentLoginForm, SlotChoiceForm
from kofu.bookings.models import ACTIVE, Booking
from kofu.cards.access import access_card
from kofu.cards.access_log import history_for_resident, records_shown
from kofu.cards.models import ResidentAccess
from kofu.cards.selectors import card_expiry
from kofu.outbox.selectors import latest_about
from kofu.rules.booking_calendar import can_change

SESSION_HELD = "kofu_booking_held"
#: Residents look at their own records (and their household's): logged as the resident's own look.
SELF = ResidentAccess.Purpose.SELF_SERVICE


def _resident(request: AccessRequest) -> Resident:
    resident = request.viewer
    assert isinstance(resident, Resident)  # the ``resident`` rule admits nobody else
    return resident


@access("public")
@personal_data
@require_http_methods(["GET", "POST"])
def start(request: AccessRequest) -> HttpResponse:
    form = ResidentLoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            card = residents.identify(
                request, form.cleaned_data["notice_number"], form.cleaned_data["birth_date"]
            )
        except residents.Throttled:
            form.add_error(None, residents.THROTTLED)
            return render(request, "bookings/start.html", {"form": form}, status=429)
        if card is not None:
            resident_sign_in(request.session, residents.resident_of(card, with_household=True))
            booking = selectors.active_booking(card)
            if booking is not None:
                return redirect("bookings:manage", token=notify.manage_token(booking))
            return redirect("bookings:slots")
        form.add_error(None, residents.NOT_FOUND)
        status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "bookings/start.html", {"form": form}, status=status)


@access("resident")
@personal_data
@require_http_methods(["GET", "POST"])
def slots(request: AccessRequest) -> HttpResponse:
    resident = _resident(request)
    card = access_card(resident, resident.card_id)
    family = [c for c in residents.household(card) if c.pk in resident.cards]
    members = [(str(c.pk), f"{c.name}（{c.birth_date:%Y年%m月%d日}生）") for c in family[1:]]
    form = SlotChoiceForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        chosen = [card, *(c for c in family[1:] if str(c.pk) in form.cleaned_data["members"])]
        try:
            held = services.bookings_create(
                cards=chosen,
                slot_id=form.cleaned_data["slot"],
                hold=True,
                email=form.cleaned_data["email"],
                actor=resident,
            )
        except NotFound:
            form.add_error("slot", "来庁日時を選び直してください。")
        except services.BookingError as exc:
            form.add_error("slot", exc.messages[0])
        else:
            request.session[SESSION_HELD] = [b.pk for b in held]
            return redirect("bookings:confirm")
    days = selectors.open_slots(resident)
    records_shown(request, family, purpose=SELF)
    return render(
        request, "bookings/slots.html", {"form": form, "days": days, "card": card, "members": members}
    )


def _held(resident: Resident, ids: list[int]) -> list[Booking]:
    """The resident's bookings still held from the slot they chose (their own first)."""
    held = []
    for booking_id in ids:
        try:
            booking = access_booking(resident, booking_id)
        except NotFound:
            return []
        if booking.status == Booking.Status.HELD:
            held.append(booking)
    return held if held and held[0].card_id == resident.card_id else []


@access("resident")
@personal_data
@require_http_methods(["GET", "POST"])
def confirm(request: AccessRequest) -> HttpResponse:
    resident = _resident(request)
    held = _held(resident, request.session.get(SESSION_HELD) or [])
    if not held:
        messages.info(request, "来庁日時を選んでください。")
        return redirect("bookings:slots")
    if request.method == "POST":
        if "cancel" in request.POST:
            for booking in held:
                services.booking_cancel(booking_id=booking.pk, actor=resident, reason="確定前に取りやめ")
            request.session.pop(SESSION_HELD, None)
            return redirect("bookings:slots")
        try:
            done = services.bookings_confirm(booking_ids=[b.pk for b in held], actor=resident)
        except services.BookingError as exc:
            messages.error(request, exc.messages[0])
            return redirect("bookings:slots")
        request.session.pop(SESSION_HELD, None)
        records_shown(request, [b.card_id for b in done], action=ResidentAccess.Action.UPDATE, purpose=SELF)
        messages.success(request, "予約を確定しました。")
        return redirect("bookings:manage", token=notify.manage_token(done[0]))
    records_shown(request, [b.card_id for b in held], purpose=SELF)
    return render(request, "bookings/confirm.html", {"held": held, "slot": held[0].slot})


@access("public")
@personal_data
@require_http_methods(["GET", "POST"])
def manage(request: AccessRequest, token: str) -> HttpResponse:
    found = residents.resident_of_token(token)
    if found is None:
        raise Http404("予約が見つかりません")
    resident, booking = found
    error = ""
    if request.method == "POST":
        try:
            if "cancel" in request.POST:
                booking = services.booking_cancel(
                    booking_id=booking.pk, actor=resident, reason="住民による取消"
                )
                messages.success(request, "予約を取り消しました。")
            elif request.POST.get("slot"):
                services.booking_change(
                    booking_id=booking.pk, slot_id=int(request.POST["slot"]), actor=resident
                )
                messages.success(request, "予約を変更しました。")
            if "cancel" in request.POST or request.POST.get("slot"):
                records_shown(request, [booking.card_id], action=ResidentAccess.Action.UPDATE, purpose=SELF)
            return redirect("bookings:manage", token=token)
        except (services.BookingError, NotFound, ValueError) as exc:
            error = (
                exc.messages[0]
                if isinstance(exc, services.BookingError)
                else "来庁日時を選び直してください。"
            )
    changeable = booking.status == Booking.Status.BOOKED and can_change(
        booking.slot.starts_at, timezone.now(), cutoff_hours=settings.KOFU_BOOKING_CHANGE_CUTOFF_HOURS
    )
    days = selectors.open_slots(resident) if changeable else {}
    accesses = history_for_resident(booking.card)
    records_shown(request, [booking.card], purpose=SELF)
    booked_day = timezone.localtime(booking.slot.starts_at).date() if booking.status in ACTIVE else None
    expiry = card_expiry(booking.card, planned_issue=booked_day)
    return render(
        request,
        "bookings/manage.html",
        {
            "booking": booking,
            "changeable": changeable,
            "days": days,
            "error": error,
            "token": token,
            "accesses": accesses,
            "expiry": expiry,
            "mail": latest_about("booking", booking.pk),
        },
        status=400 if error else 200,
    )
