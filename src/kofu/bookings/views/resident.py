"""Resident pages, in five steps: identify (notice number + birth date) → family (optional: the
household's other cards, each with its own notice number and birth date) → slot → confirm →
the booking's own page (``manage``, reached by its signed link or its booking number).

``start`` identifies the resident and keeps them in the session; ``family``, ``slots`` and
``confirm`` are under the ``resident`` rule (``request.viewer`` is the
:class:`~kofu.accounts.roles.Resident`). Typed values are kept after every error.
"""

from __future__ import annotations

from django.contrib import messages
from django.forms import BaseFormSet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kofu.accounts.access import NotFound
from kofu.accounts.permissions import AccessRequest, access, personal_data
from kofu.accounts.roles import Resident, resident_sign_in, store_resident
from kofu.bookings import notify, residents, selectors, services
from kofu.bookings.access import access_booking
from kofu.bookings.forms import (
    FamilyFormSet,
    FamilyMemberForm,
    FindBookingForm,
    ResidentLoginForm,
    SlotChoiceForm,
)
from kofu.bookings.models import Booking, Site
from kofu.cards.access import access_card
from kofu.cards.access_log import records_shown
from kofu.cards.models import Card, ResidentAccess

SESSION_HELD = "kofu_booking_held"
#: Residents look at their own records (and their household's): logged as the resident's own look.
SELF = ResidentAccess.Purpose.SELF_SERVICE


def _resident(request: AccessRequest) -> Resident:
    resident = request.viewer
    assert isinstance(resident, Resident)  # the ``resident`` rule admits nobody else
    return resident


def _errors(*forms: object) -> list[object]:
    """The forms with errors, for the error summary (``bookings/_error_summary.html``)."""
    return [form for form in forms if getattr(form, "errors", None)]


def _party_cards(resident: Resident) -> list[Card]:
    """The resident's card first, then the family cards they identified, in id order."""
    cards = {c.pk: c for c in Card.objects.filter(pk__in=resident.cards)}
    return [cards[resident.card_id], *(cards[pk] for pk in sorted(resident.household) if pk in cards)]


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
            return render(
                request, "bookings/start.html", {"form": form, "step": 1, "error_forms": [form]}, status=429
            )
        if card is not None:
            resident_sign_in(request.session, residents.resident_of(card))
            booking = selectors.active_booking(card)
            if booking is not None:
                return redirect("bookings:manage", token=notify.manage_token(booking))
            return redirect("bookings:family")
        form.add_error(None, residents.NOT_FOUND)
        status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request, "bookings/start.html", {"form": form, "step": 1, "error_forms": _errors(form)}, status=status
    )


def _max_party(resident: Resident) -> int:
    limits = Site.objects.filter(municipality_id=resident.municipality_id, active=True)
    return max(limits.values_list("max_party", flat=True), default=1)


@access("resident")
@personal_data
@require_http_methods(["GET", "POST"])
def family(request: AccessRequest) -> HttpResponse:
    """Step 2: who else of the household comes along (each card's own number and birth date)."""
    resident = _resident(request)
    lead = access_card(resident, resident.card_id)
    rows = max(_max_party(resident) - 1, 0)
    if rows == 0 or (request.method == "POST" and "alone" in request.POST):
        store_resident(request.session, residents.resident_of(lead))
        return redirect("bookings:slots")
    formset = FamilyFormSet(request.POST or None, initial=[{}] * rows, prefix="member")
    status = 200
    if request.method == "POST":
        found, status = _family_of(request, lead, formset)
        if found is not None:
            store_resident(request.session, residents.resident_of(lead, family=frozenset(found)))
            return redirect("bookings:slots")
    records_shown(request, [lead], purpose=SELF)
    return render(
        request,
        "bookings/family.html",
        {
            "formset": formset,
            "rows": rows,
            "step": 2,
            "party_max": rows + 1,
            "error_forms": _errors(*formset),
        },
        status=status,
    )


def _family_of(
    request: AccessRequest, lead: Card, formset: BaseFormSet[FamilyMemberForm]
) -> tuple[list[int] | None, int]:
    """The family cards typed in ``formset`` (errors added beside each row), and the status."""
    if not formset.is_valid():
        return None, 400
    found: list[int] = []
    try:
        for form in formset:
            if not form.cleaned_data.get("notice_number"):
                continue
            card = residents.family_member(
                request, lead, form.cleaned_data["notice_number"], form.cleaned_data["birth_date"]
            )
            if card is None:
                form.add_error("notice_number", residents.FAMILY_NOT_FOUND)
            elif card.pk in found:
                form.add_error("notice_number", "同じ方が2回入力されています。")
            else:
                found.append(card.pk)
    except residents.Throttled:
        formset.forms[0].add_error(None, residents.THROTTLED)
        return None, 429
    if any(form.errors for form in formset):
        return None, 400
    return found, 200


@access("resident")
@personal_data
@require_http_methods(["GET", "POST"])
def slots(request: AccessRequest) -> HttpResponse:
    """Step 3: a slot with seats for the whole party, its venue, hours and what to bring."""
    resident = _resident(request)
    cards = _party_cards(resident)
    form = SlotChoiceForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            held = services.bookings_create(
                cards=cards,
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
    if form.errors:
        status = 400
    days = selectors.open_slots(resident, seats=len(cards))
    venues = selectors.venues(selectors.sites_of(days))
    records_shown(request, cards, purpose=SELF)
    return render(
        request,
        "bookings/slots.html",
        {
            "form": form,
            "error_forms": _errors(form),
            "days": days,
            **selectors.slot_list(days, chosen=form["slot"].value(), error=bool(form.errors.get("slot"))),
            "cards": cards,
            "venues": venues,
            "minutes": {v.site.pk: selectors.visit_minutes(v.site, len(cards)) for v in venues},
            "step": 3,
        },
        status=status,
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
    """Step 4: the held slot, venue and party; confirm, or give the hold back and choose again."""
    resident = _resident(request)
    held = _held(resident, request.session.get(SESSION_HELD) or [])
    if not held:
        messages.info(request, "来庁日時を選んでください。")
        return redirect("bookings:slots")
    if request.method == "POST":
        if "cancel" in request.POST:
            services.booking_cancel(booking_id=held[0].pk, actor=resident, reason="確定前に取りやめ")
            request.session.pop(SESSION_HELD, None)
            return redirect("bookings:slots")
        try:
            done = services.bookings_confirm(booking_ids=[b.pk for b in held], actor=resident)
        except services.BookingError as exc:
            messages.error(request, exc.messages[0])
            return redirect("bookings:slots")
        request.session.pop(SESSION_HELD, None)
        records_shown(request, [b.card_id for b in done], action=ResidentAccess.Action.UPDATE, purpose=SELF)
        messages.success(request, f"予約を確定しました。予約番号は {done[0].number} です。")
        return redirect("bookings:manage", token=notify.manage_token(done[0]))
    records_shown(request, [b.card_id for b in held], purpose=SELF)
    site = held[0].slot.site
    return render(
        request,
        "bookings/confirm.html",
        {
            "held": held,
            "slot": held[0].slot,
            "venue": selectors.venue(site),
            "minutes": selectors.visit_minutes(site, len(held)),
            "step": 4,
        },
    )


@access("public")
@personal_data
@require_http_methods(["GET", "POST"])
def find(request: AccessRequest) -> HttpResponse:
    """A booking found by its booking number and the birth date of its card."""
    form = FindBookingForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            booking = residents.find_booking(
                request, form.cleaned_data["number"], form.cleaned_data["birth_date"]
            )
        except residents.Throttled:
            form.add_error(None, residents.THROTTLED)
            return render(request, "bookings/find.html", {"form": form, "error_forms": [form]}, status=429)
        if booking is not None:
            return redirect("bookings:manage", token=notify.manage_token(booking))
        form.add_error(None, residents.NUMBER_NOT_FOUND)
        status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "bookings/find.html", {"form": form, "error_forms": _errors(form)}, status=status)
