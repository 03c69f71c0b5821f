"""The no-show rates page (来庁なしの率): outcomes of past visits at the staff's own sites."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kofu.accounts.permissions import AccessRequest, access
from kofu.bookings.access import sites_in_scope
from kofu.bookings.models import Booking
from kofu.rules import outcomes as rules
from kofu.rules.booking_calendar import JST

OUTCOMES = (Booking.Status.CHECKED_IN, Booking.Status.NO_SHOW, Booking.Status.EXCUSED)


def past_outcomes(actor: object, first: dt.date, last: dt.date) -> list[rules.Outcome]:
    """Seen, no-show and excused bookings of the actor's sites with visits from ``first`` to ``last``."""
    start = dt.datetime.combine(first, dt.time.min, tzinfo=JST)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=JST)
    rows = Booking.objects.filter(
        slot__site__in=sites_in_scope(actor),  # type: ignore[arg-type]
        status__in=OUTCOMES,
        slot__starts_at__gte=start,
        slot__starts_at__lt=end,
    ).values_list("slot__site__name", "slot__starts_at", "created_at", "status")
    return [
        rules.Outcome(site, starts.astimezone(JST).date(), created.astimezone(JST).date(), status)
        for site, starts, created, status in rows
    ]


def _date(text: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return default


@access("municipality_staff")
@require_http_methods(["GET"])
def outcomes(request: AccessRequest) -> HttpResponse:
    today = timezone.localdate()
    last = _date(request.GET.get("until"), today)
    first = _date(request.GET.get("from"), last - dt.timedelta(days=89))
    if first > last:
        first, last = last, first
    rows = past_outcomes(request.viewer, first, last)
    tables = [
        ("t-by-site", "会場別", rules.by_site(rows)),
        ("t-by-weekday", "曜日別", rules.by_weekday(rows)),
        ("t-by-lead", "予約から来庁までの日数別", rules.by_lead_time(rows)),
    ]
    return render(request, "bookings/outcomes.html", {"first": first, "last": last, "tables": tables})
