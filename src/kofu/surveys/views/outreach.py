"""Outreach application events (public list, management by the municipality) and best practices."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from kofu.accounts.access import own_municipality
from kofu.accounts.permissions import AccessRequest, access
from kofu.core.listing import Listing, list_page
from kofu.surveys import selectors
from kofu.surveys.access import access_outreach_event
from kofu.surveys.booking_selectors import booking_figures
from kofu.surveys.forms import ApplicationsForm, EventFilterForm, OutreachEventForm
from kofu.surveys.models import OutreachEvent
from kofu.surveys.services.outreach import event_applications_record, event_save


@access("public")
def public_events(request: AccessRequest) -> HttpResponse:
    """Upcoming published events, for residents (no login)."""
    events = selectors.published_upcoming(timezone.localdate())
    prefecture = request.GET.get("prefecture", "")
    if prefecture:
        events = events.filter(municipality__prefecture__name=prefecture)
    return render(request, "surveys/events_public.html", {"events": events, "prefecture": prefecture})


@access("municipality_staff")
def manage_events(request: AccessRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    listing: Listing[OutreachEvent] = list_page(
        request, selectors.managed_events(request.viewer, **form.filters())
    )
    figures = booking_figures(listing.rows)
    # Each event with its bookings ahead, shown beside the applications (事前予約の予約数／定員).
    rows = [(event, figures.get(event.pk)) for event in listing.rows]
    context = {"events": listing.rows, "rows": rows, "listing": listing, "form": form}
    return render(request, "surveys/events_manage.html", context)


@access("municipality_staff")
def event_edit(request: AccessRequest, pk: int | None = None) -> HttpResponse:
    viewer = request.viewer
    if pk is None:
        instance = OutreachEvent(municipality=own_municipality(viewer))
    else:
        instance = access_outreach_event(viewer, pk)
    form = OutreachEventForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            event_save(event=form.save(commit=False), actor=viewer)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("surveys:events_manage")
    title = "出張申請受付の登録" if pk is None else f"出張申請受付の編集（{instance.title}）"
    return render(request, "surveys/form.html", {"form": form, "title": title})


@access("municipality_staff")
def event_applications(request: AccessRequest, pk: int) -> HttpResponse:
    event = access_outreach_event(request.viewer, pk)
    initial = dict(event.applications.values_list("channel", "count"))
    form = ApplicationsForm(request.POST or None, initial_counts=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event_applications_record(event=event, counts=form.counts(), actor=request.viewer)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("surveys:events_manage")
    return render(request, "surveys/form.html", {"form": form, "title": f"受付件数の記録（{event.title}）"})


@access("staff")
def venue_yield(request: AccessRequest) -> HttpResponse:
    yields = selectors.venue_yields(request.viewer)
    return render(request, "surveys/venue_yield.html", {"yields": yields})
