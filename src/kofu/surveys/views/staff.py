"""Staff acquisition survey: summary with thresholds, organisations, reports and monthly history."""

from __future__ import annotations

import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from kofu.accounts.access import own_municipality, prefectures_in_scope
from kofu.accounts.permissions import AccessRequest, access
from kofu.accounts.roles import Role
from kofu.core.tabular import ImportRefused
from kofu.surveys import selectors
from kofu.surveys.access import (
    access_staff_organisation,
    may_edit_staff_organisation,
    staff_organisations_in_scope,
)
from kofu.surveys.forms import ImportForm, StaffOrganisationForm, StaffReportForm, StaffWorkbookForm
from kofu.surveys.services.staff import staff_organisation_create, staff_report_save
from kofu.surveys.services.staff_workbook import staff_workbook_import, staff_workbook_write

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


@access("staff")
def workbook(request: AccessRequest) -> HttpResponse:
    """様式1/2 as one XLSX for every body in scope (``?download``), and the filled file back in."""
    viewer = request.viewer
    may_import = viewer.role in {Role.MUNICIPALITY, Role.PREFECTURE}
    template_form = StaffWorkbookForm(request.GET if "download" in request.GET else None)
    if template_form.is_bound and template_form.is_valid():
        as_of = template_form.cleaned_data["as_of"]
        buffer = io.BytesIO()
        staff_workbook_write(
            path=buffer, as_of=as_of, kind=template_form.cleaned_data["kind"] or None, actor=viewer
        )
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="staff-{as_of.isoformat()}.xlsx"'
        return response
    if request.method == "POST" and not may_import:
        raise Http404("ページが見つかりません")
    upload_form = ImportForm(request.POST or None, request.FILES or None) if may_import else None
    problems: list[str] = []
    done = ""
    if upload_form is not None and request.method == "POST" and upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        try:
            done = staff_workbook_import(path=upload, name=upload.name, actor=viewer)
        except ImportRefused as exc:
            problems = [str(p) for p in exc.problems]
    context = {
        "template_form": template_form if template_form.is_bound else StaffWorkbookForm(),
        "upload_form": upload_form,
        "problems": problems,
        "done": done,
    }
    return render(request, "surveys/staff_workbook.html", context, status=400 if problems else 200)
