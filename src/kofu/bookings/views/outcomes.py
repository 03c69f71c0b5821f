"""The no-show rates page (来庁なしの率): outcomes of past visits at the staff's own sites, counted
by site, weekday and lead time, and listed one visit a line (no resident named)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kofu.accounts.permissions import AccessRequest, access
from kofu.bookings import selectors
from kofu.bookings.access import sites_in_scope
from kofu.bookings.list_forms import OUTCOME_DAYS, OutcomeFilterForm
from kofu.core.listing import Listing, list_page
from kofu.rules import outcomes as rules


@access("municipality_staff")
@require_http_methods(["GET"])
def outcomes(request: AccessRequest) -> HttpResponse:
    viewer = request.viewer
    form = OutcomeFilterForm(request.GET or None, sites=sites_in_scope(viewer), today=timezone.localdate())
    first, last = form.period()
    rows = selectors.outcome_bookings(viewer, first, last, **form.narrowing())
    counted = selectors.outcomes_of(rows)
    tables = [
        ("t-by-site", "会場別", rules.by_site(counted)),
        ("t-by-weekday", "曜日別", rules.by_weekday(counted)),
        ("t-by-lead", "予約から来庁までの日数別", rules.by_lead_time(counted)),
    ]
    listing: Listing[selectors.OutcomeValues] = list_page(request, selectors.outcome_values(rows))
    context = {
        "form": form,
        "first": first,
        "last": last,
        "tables": tables,
        "listing": listing,
        "lines": selectors.outcome_lines(listing.rows),
        "days": OUTCOME_DAYS,
    }
    return render(request, "bookings/outcomes.html", context, status=400 if form.errors else 200)
