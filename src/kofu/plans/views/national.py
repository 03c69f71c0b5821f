"""The ministry's page: all plans of the country month by month against 月間330万枚 (seed 003)."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from kofu.accounts.permissions import AccessRequest, access
from kofu.core import spreadsheet
from kofu.plans import national
from kofu.rules.national_plans import DAILY_PACE_2020, DOUBLING
from kofu.rules.plans import NATIONAL_MONTHLY_CEILING


@access("ministry_staff")
@never_cache
def national_page(request: AccessRequest) -> HttpResponse:
    rollup = national.national_plans()
    return render(
        request,
        "plans/national.html",
        {
            "rollup": rollup,
            "ceiling": NATIONAL_MONTHLY_CEILING,
            "daily_pace": DAILY_PACE_2020,
            "doubled": DAILY_PACE_2020 * DOUBLING,
        },
    )


@access("ministry_staff")
@never_cache
def national_csv(request: AccessRequest) -> HttpResponse:
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out, lineterminator="\n")
    writer.writerow(national.CSV_HEADER)
    writer.writerows(national.csv_rows(national.national_plans()))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kofu-plans-national.csv"'
    return response
