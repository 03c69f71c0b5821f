"""Monthly reports (実績報告): the municipality's list with plan vs actual, filing, the prefecture's status."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from kofu.accounts.access import access_municipality, access_prefecture, can_edit_municipality
from kofu.accounts.permissions import AccessRequest, access
from kofu.core.listing import list_page
from kofu.plans import selectors, services
from kofu.plans.forms import MonthForm, PrefectureReportFilterForm, ReportForm
from kofu.plans.models import MonthlyReport, SmoothingPlan
from kofu.rules.calendar import YearMonth, months_after
from kofu.rules.plan_followup import REPORT_STATUS_LABELS, report_due


def _months(plan: SmoothingPlan | None, reports: list[MonthlyReport], today: dt.date) -> list[YearMonth]:
    """The plan's months up to the last month whose report could be due, plus any month reported."""
    last = YearMonth(today.year, today.month).shift(-1)
    months: set[YearMonth] = set()
    if plan is not None:
        months |= {m for m in months_after(plan.base, plan.deadline_month) if m <= last}
    months |= {YearMonth.parse(r.month) for r in reports}
    return sorted(months)


def _next_to_file(rows: list[selectors.ReportRow], today: dt.date) -> str:
    """The form's default month: the oldest month of the plan still to file, else last month."""
    for row in rows:
        if row.report is None:
            return row.month
    return str(YearMonth(today.year, today.month).shift(-1))


@access("staff")
@never_cache
def reports(request: AccessRequest, code: str) -> HttpResponse:
    viewer = request.viewer
    municipality = access_municipality(viewer, code)
    today = timezone.localdate()
    plan = selectors.plan_of(municipality)
    filed = selectors.reports_of(municipality)
    rows = selectors.report_rows(filed, _months(plan, filed, today), today=today)
    return render(
        request,
        "plans/reports.html",
        {
            "municipality": municipality,
            "rows": rows,
            "labels": REPORT_STATUS_LABELS,
            "comparison": selectors.comparison(plan, filed),
            "measures": selectors.measures_shown(plan),
            "can_edit": can_edit_municipality(viewer, municipality.pk),
            "month_form": MonthForm(initial={"month": _next_to_file(rows, today)}),
            "today": today,
        },
    )


@access("municipality_staff")
@never_cache
def report_edit(request: AccessRequest, code: str) -> HttpResponse:
    """File or correct the report of ``?month=YYYY-MM`` (the first filing time is kept)."""
    viewer = request.viewer
    municipality = access_municipality(viewer, code, change=True)
    month_form = MonthForm(request.GET or None)
    if not month_form.is_valid():
        messages.error(request, "対象月: 月を YYYY-MM の形式で指定してください")
        return redirect("plans:reports", code=code)
    month = month_form.cleaned_data["month"]
    today = timezone.localdate()
    if YearMonth.parse(month) > YearMonth(today.year, today.month):
        messages.error(request, f"対象月: {month} はまだ来ていない月です。今月以前の月を指定してください")
        return redirect("plans:reports", code=code)
    report = MonthlyReport.objects.filter(municipality=municipality, month=month).first()
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.REPORT_FIELDS}
        try:
            services.report_file(municipality=municipality, month=month, data=data, actor=viewer)
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{month} の実績報告を提出しました")
            return redirect("plans:reports", code=code)
    return render(
        request,
        "plans/report_edit.html",
        {
            "municipality": municipality,
            "form": form,
            "month": month,
            "report": report,
            "due": report_due(YearMonth.parse(month)),
        },
    )


@access("prefecture_or_ministry")
@never_cache
def prefecture_reports(request: AccessRequest, pref: str) -> HttpResponse:
    """Every municipality's report for the month: on time, late, missing or not yet due."""
    prefecture = access_prefecture(request.viewer, pref)
    today = timezone.localdate()
    form = PrefectureReportFilterForm(request.GET or None)
    filters = form.filters()
    chosen = filters.pop("month", None)
    month = YearMonth(chosen.year, chosen.month) if chosen else YearMonth(today.year, today.month).shift(-1)
    listing = list_page(request, selectors.prefecture_report_rows(prefecture, month, today=today, **filters))
    if not form.is_bound:
        form = PrefectureReportFilterForm(None, initial={"month": dt.date(month.year, month.month, 1)})
    context = {
        "prefecture": prefecture,
        "rows": listing.rows,
        "listing": listing,
        "month": month,
        "due": report_due(month),
        "labels": REPORT_STATUS_LABELS,
        "form": form,
        "today": today,
    }
    return render(request, "plans/prefecture_reports.html", context)
