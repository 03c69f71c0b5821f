"""Staff acquisition survey: summary with thresholds, organisations, reports and monthly history."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from kofu.accounts.access import own_municipality, prefectures_in_scope
from kofu.accounts.permissions import AccessRequest, access
from kofu.accounts.roles import Role
from kofu.surveys import selectors
from kofu.surveys.access import (
    access_staff_organisation,
    may_edit_staff_organisation,
    staff_organisations_in_scope,
)
from kofu.surveys.forms import StaffOrganisationForm, StaffReportForm
from kofu.surveys.services.staff import staff_organisation_create, staff_report_save


@access("staff")
def summary(request: AccessRequest) -> HttpResponse:
    viewer = request.viewer
    dates = selectors.staff_report_dates(viewer)
    as_of = dates[0] if dates else None
    requested = request.GET.get("as_of")
    if requested:
        try:
            as_of = dt.date.fromisoformat(requested)
        except ValueError:
            as_of = dates[0] if dates else None
    context = {
        "summary": selectors.staff_summary(viewer, as_of),
        "dates": dates,
        "can_add": viewer.role in {Role.MUNICIPALITY, Role.PREFECTURE},
        "organisations": staff_organisations_in_scope(viewer),
    }
    return render(request, "surveys/staff_summary.html", context)


@access("municipality_or_prefecture")
def organisation_new(request: AccessRequest) -> HttpResponse:
    viewer = request.viewer
    form = StaffOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        municipality = own_municipality(viewer) if viewer.role is Role.MUNICIPALITY else None
        try:
            created = staff_organisation_create(
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                prefecture=prefectures_in_scope(viewer).get(),
                municipality=municipality,
                departments=[d.strip() for d in form.cleaned_data["departments"].splitlines() if d.strip()],
                actor=viewer,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("surveys:staff_organisation", pk=created.pk)
    return render(request, "surveys/form.html", {"form": form, "title": "職員取得状況を報告する組織の登録"})


@access("staff")
def organisation(request: AccessRequest, pk: int) -> HttpResponse:
    viewer = request.viewer
    org = access_staff_organisation(viewer, pk)
    editable = may_edit_staff_organisation(viewer, org)
    form = StaffReportForm(request.POST or None, organisation=org) if editable else None
    if request.method == "POST":
        if form is None:
            raise Http404("組織が見つかりません")
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                staff_report_save(actor=viewer, **data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("surveys:staff_organisation", pk=org.pk)
    return render(
        request,
        "surveys/staff_organisation.html",
        {
            "organisation": org,
            "history": selectors.staff_history(org),
            "reasons": selectors.staff_reasons(org),
            "form": form,
        },
    )
