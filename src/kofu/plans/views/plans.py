"""Plan pages: the municipality's plan (review, history), drafting, XLSX, workflow, prefecture roll-up."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kofu.accounts.access import (
    access_municipality,
    access_prefecture,
    can_edit_municipality,
    own_municipality,
    prefectures_in_scope,
)
from kofu.accounts.permissions import AccessRequest, access
from kofu.accounts.roles import Role
from kofu.core.listing import Listing, list_page
from kofu.plans import selectors, services, xlsx
from kofu.plans.access import access_plan_version
from kofu.plans.forms import PlanEdit, PlanImportForm, PrefecturePlanFilterForm, TransitionForm
from kofu.plans.models import PlanStatus, SmoothingPlan
from kofu.registry.models import Prefecture
from kofu.rules.calendar import YearMonth
from kofu.rules.plan_measures import WEEKEND_RULES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@access("staff")
@never_cache
def home(request: AccessRequest) -> HttpResponse:
    """Where each role starts: its plan, its prefecture's roll-up, or the national overview."""
    viewer = request.viewer
    if viewer.role is Role.MUNICIPALITY:
        return redirect("plans:plan", code=own_municipality(viewer).code)
    if viewer.role is Role.PREFECTURE:
        return redirect("plans:prefecture", pref=prefectures_in_scope(viewer).get().code)
    rows = []
    for prefecture in Prefecture.objects.order_by("code"):
        counts = {label: 0 for label in PlanStatus.labels}
        rows.append((prefecture, counts))

    tallies = SmoothingPlan.objects.values("municipality__prefecture_id", "status").annotate(n=Count("id"))
    by_id = {p.pk: c for p, c in rows}
    for t in tallies:
        by_id[t["municipality__prefecture_id"]][PlanStatus(t["status"]).label] += t["n"]
    return render(request, "plans/home.html", {"rows": rows, "labels": PlanStatus.labels})


@access("staff")
@never_cache
def plan_detail(request: AccessRequest, code: str) -> HttpResponse:
    viewer = request.viewer
    municipality = access_municipality(viewer, code)
    plan = selectors.plan_of(municipality)
    context: dict[str, Any] = {
        "municipality": municipality,
        "plan": plan,
        "can_edit": can_edit_municipality(viewer, municipality.pk),
    }
    if plan is not None:
        context.update(
            sized=selectors.sized(plan) if plan.months.all() else None,
            checks=selectors.review(plan, on=timezone.localdate()) if plan.months.all() else (),
            measures=selectors.measures_shown(plan),
            weekend_rules=WEEKEND_RULES,
            history=selectors.history(plan),
            versions=plan.versions.order_by("-number"),
            actions=services.actions_for(viewer, plan),
            editable=plan.status in services.EDITABLE,
            transition_form=TransitionForm(),
        )
    return render(request, "plans/plan.html", context)


@access("municipality_staff")
@never_cache
def plan_edit(request: AccessRequest, code: str) -> HttpResponse:
    """Draft the plan: its figures and one row per month (targets typed or distributed)."""
    municipality = access_municipality(request.viewer, code, change=True)
    plan = selectors.plan_of(municipality)
    if plan is not None and plan.status not in services.EDITABLE:
        messages.error(request, f"状態が「{plan.get_status_display()}」の計画は編集できません")
        return redirect("plans:plan", code=code)
    figures, rows = selectors.plan_draft(municipality, plan)
    edit = PlanEdit(request.POST if request.method == "POST" else None, figures=figures, rows=rows)
    if request.method == "POST":
        if edit.save(municipality=municipality, actor=request.viewer) is not None:
            messages.success(request, "計画を保存しました")
            return redirect("plans:plan", code=code)
        if edit.rebuilt:
            messages.info(
                request, "基準月・期限月に合わせて各月の行を作り直しました。内容を確認して保存してください。"
            )
    return render(
        request,
        "plans/plan_edit.html",
        {
            "municipality": municipality,
            "form": edit.form,
            "formset": edit.formset,
            "import_form": PlanImportForm(),
        },
    )


@access("municipality_staff")
@never_cache
def plan_template(request: AccessRequest, code: str) -> HttpResponse:
    """The plan's XLSX sheet, pre-filled with the stored plan (or the starting figures)."""
    municipality = access_municipality(request.viewer, code, change=True)
    figures, rows = selectors.plan_draft(municipality, selectors.plan_of(municipality))
    return _xlsx(xlsx.template(municipality, figures, rows), f"kofu-plan-{municipality.code}.xlsx")


@access("municipality_staff")
@require_POST
def plan_import(request: AccessRequest, code: str) -> HttpResponse:
    municipality = access_municipality(request.viewer, code, change=True)
    form = PlanImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors["file"]:
            messages.error(request, f"計画のXLSXファイル: {error}")
        return redirect("plans:plan-edit", code=code)
    upload = form.cleaned_data["file"]
    try:
        plan = services.plan_file_import(
            municipality=municipality, content=upload.read(), filename=upload.name, actor=request.viewer
        )
    except xlsx.PlanFileError as refused:
        for line in refused.lines():
            messages.error(request, f"取り込めませんでした: {line}")
        return redirect("plans:plan-edit", code=code)
    except services.PlanError as exc:
        messages.error(request, f"取り込めませんでした: {exc}")
        return redirect("plans:plan-edit", code=code)
    months = plan.months.count()
    messages.success(request, f"{upload.name} から計画を取り込みました（{months}か月分）")
    return redirect("plans:plan", code=code)


@access("municipality_or_prefecture")
@require_POST
def plan_transition(request: AccessRequest, code: str) -> HttpResponse:
    viewer = request.viewer
    municipality = access_municipality(viewer, code)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"助言・コメント: {error}")
        return redirect("plans:plan", code=code)
    try:
        plan = services.plan_transition(
            municipality=municipality,
            action=form.cleaned_data["action"],
            advice=form.cleaned_data["advice"],
            actor=viewer,
        )
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"計画の状態を「{plan.get_status_display()}」にしました")
    return redirect("plans:plan", code=code)


@access("staff")
@never_cache
def plan_version(request: AccessRequest, code: str, number: int) -> HttpResponse:
    version = access_plan_version(request.viewer, code, number)
    return render(
        request, "plans/version.html", {"municipality": version.plan.municipality, "version": version}
    )


@access("prefecture_or_ministry")
@never_cache
def prefecture_rollup(request: AccessRequest, pref: str) -> HttpResponse:
    prefecture = access_prefecture(request.viewer, pref)
    today = timezone.localdate()
    rows = selectors.prefecture_rollup(prefecture, on=today)
    month = YearMonth(today.year, today.month).shift(-1)
    form = PrefecturePlanFilterForm(request.GET or None)
    listing: Listing[selectors.RollupRow] = list_page(request, selectors.rollup_rows(rows, **form.filters()))
    return render(
        request,
        "plans/prefecture.html",
        {
            "prefecture": prefecture,
            "form": form,
            "listing": listing,
            "rows": listing.rows,
            "counts": selectors.status_counts(rows),
            "month": month,
            "titles": selectors.CHECK_TITLES,
            "show_national": request.viewer.role is Role.MINISTRY,
        },
    )


@access("prefecture_or_ministry")
@never_cache
def prefecture_export(request: AccessRequest, pref: str) -> HttpResponse:
    prefecture = access_prefecture(request.viewer, pref)
    rows = selectors.prefecture_rollup(prefecture, on=timezone.localdate())
    return _xlsx(xlsx.prefecture_export(prefecture.name, rows), f"kofu-plans-{prefecture.code}.xlsx")
