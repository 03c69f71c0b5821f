"""Subsidy pages: claims and their statements, summaries, grant eligibility (thin views)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kofu.accounts.access import (
    access_prefecture,
    can_edit_municipality,
    own_municipality,
    prefectures_in_scope,
)
from kofu.accounts.permissions import AccessRequest, access
from kofu.accounts.roles import Role
from kofu.core.listing import Listing, list_page
from kofu.rules import subsidy, workflow
from kofu.rules.grants import GrantError
from kofu.rules.subsidy_claims import COST_CATEGORIES
from kofu.subsidies import exports
from kofu.subsidies.access import access_claim
from kofu.subsidies.forms import ClaimFilterForm, ClaimForm, TransitionForm, spend_field_name
from kofu.subsidies.models import Claim
from kofu.subsidies.selectors import SnapshotProblem, budget, outreach_counts, unit_price_overrides
from kofu.subsidies.selectors import claims as reads
from kofu.subsidies.services import ClaimError, claim_create, claim_transition, claim_update


def _year_param(request: HttpRequest, default: int) -> int:
    raw = request.GET.get("fiscal_year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@access("staff")
def claim_list(request: AccessRequest) -> HttpResponse:
    viewer = request.viewer
    years = [(y, subsidy.fiscal_year_label(y)) for y in reads.claim_years(viewer)]
    form = ClaimFilterForm(request.GET or None, years=years, oversight=viewer.role is not Role.MUNICIPALITY)
    filters = form.filters()
    listing: Listing[Claim] = list_page(request, reads.claim_rows(viewer, **filters))
    context = {
        "claims": listing.rows,
        "listing": listing,
        "form": form,
        "filtered": bool(filters),
        "can_file": viewer.role is Role.MUNICIPALITY,
        "viewer": viewer,
        "years": years,
    }
    return render(request, "subsidies/claim_list.html", context)


def _form_page(request: AccessRequest, form: ClaimForm, *, title: str, claim: Any = None) -> HttpResponse:
    return render(
        request,
        "subsidies/claim_form.html",
        {
            "form": form,
            "title": title,
            "claim": claim,
            "spend_fields": form.spend_fields(),
            "report_years": [] if claim else budget.report_fiscal_years(own_municipality(request.viewer).pk),
            "event_years": []
            if claim
            else outreach_counts.event_fiscal_years(own_municipality(request.viewer).pk),
        },
    )


def _from_reports(request: AccessRequest, municipality: Any) -> dict[str, int]:
    """``?from_reports=YYYY``: the year's channel counts taken from the monthly reports kofu holds."""
    try:
        year = int(request.GET.get("from_reports", ""))
    except ValueError:
        return {}
    if not 2000 <= year <= 2100:
        return {}
    held, count = budget.held_counts(municipality.pk, year)
    if not count:
        return {"fiscal_year": year}
    return {"fiscal_year": year, **{key: value or 0 for key, value in held.items()}}


def _from_events(request: AccessRequest, municipality: Any) -> dict[str, int]:
    """``?from_events=YYYY``: the 出張申請受付 count recorded at the year's outreach events."""
    year = request.GET.get("from_events", "")
    if not (year.isdigit() and 2000 <= int(year) <= 2100):
        return {}
    return outreach_counts.from_events(municipality.pk, int(year))


@never_cache
@access("municipality_staff")
def claim_new(request: AccessRequest) -> HttpResponse:
    viewer = request.viewer
    municipality = own_municipality(viewer)
    overrides = unit_price_overrides()
    initial = _from_reports(request, municipality) | _from_events(request, municipality)
    form = ClaimForm(request.POST or None, overrides=overrides, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            claim = claim_create(municipality=municipality, data=form.claim_input(), actor=viewer)
        except ClaimError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "申請を作成しました（作成中）。内容を確認して提出してください。")
            return redirect("subsidies:claim", pk=claim.pk)
    return _form_page(request, form, title=f"{municipality}の補助金の実績報告を作成")


@never_cache
@access("municipality_staff")
def claim_edit(request: AccessRequest, pk: int) -> HttpResponse:
    viewer = request.viewer
    claim = access_claim(viewer, pk, change=True)
    if claim.status not in workflow.CLAIM_EDITABLE:
        messages.error(request, f"「{claim.get_status_display()}」の申請は修正できません。")
        return redirect("subsidies:claim", pk=claim.pk)
    initial = {
        "fiscal_year": claim.fiscal_year,
        "at_counter": claim.at_counter,
        "outreach": claim.outreach,
        "support": claim.support,
        "unit_price": claim.unit_price,
        "note": claim.note,
    } | {spend_field_name(s.category): s.amount for s in claim.spends.all()}
    form = ClaimForm(
        request.POST or None, initial=initial, fixed_year=claim.fiscal_year, overrides=unit_price_overrides()
    )
    if request.method == "POST" and form.is_valid():
        try:
            claim_update(claim_id=claim.pk, data=form.claim_input(), actor=viewer)
        except ClaimError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "申請を修正しました。")
            return redirect("subsidies:claim", pk=claim.pk)
    return _form_page(request, form, title=f"{claim}の実績報告を修正", claim=claim)


@never_cache
@access("staff")
def claim_detail(request: AccessRequest, pk: int) -> HttpResponse:
    viewer = request.viewer
    claim = access_claim(viewer, pk)
    statement = reads.claim_statement(claim)
    channels, reports_count = budget.channel_comparison(claim)
    at_events, event_counts = outreach_counts.outreach_comparison(claim)
    own = can_edit_municipality(viewer, claim.municipality_id)
    transitions = [
        t
        for t in workflow.CLAIM.available(claim.status, viewer.role)
        if workflow.MUNICIPALITY not in t.roles or own
    ]
    return render(
        request,
        "subsidies/claim_detail.html",
        {
            "claim": claim,
            "item": statement,
            "fiscal_year_label": subsidy.fiscal_year_label(claim.fiscal_year),
            "can_edit": own and claim.status in workflow.CLAIM_EDITABLE,
            "transitions": transitions,
            "history": claim.transitions.all(),
            "action_labels": workflow.ACTION_LABELS,
            "channels": channels,
            "reports_count": reports_count,
            "at_events": at_events,
            "event_counts": event_counts,
        },
    )


@never_cache
@access("staff")
@require_POST
def claim_transition_view(request: AccessRequest, pk: int) -> HttpResponse:
    viewer = request.viewer
    claim = access_claim(viewer, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("subsidies:claim", pk=claim.pk)
    try:
        claim = claim_transition(
            claim_id=claim.pk,
            action=form.cleaned_data["action"],
            actor=viewer,
            comment=form.cleaned_data["comment"],
        )
    except ClaimError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"状態を「{claim.get_status_display()}」にしました。")
    return redirect("subsidies:claim", pk=claim.pk)


@never_cache
@access("staff")
def claim_xlsx(request: AccessRequest, pk: int) -> HttpResponse:
    claim = access_claim(request.viewer, pk)
    content = exports.statement_xlsx(reads.claim_statement(claim))
    return _xlsx(content, f"subsidy-statement-{claim.municipality.code}-{claim.fiscal_year}.xlsx")


def _summary_context(request: AccessRequest, prefecture: Any = None) -> dict[str, Any]:
    viewer = request.viewer
    years = reads.claim_years(viewer)
    default = years[0] if years else subsidy.fiscal_year(timezone.localdate())
    year = _year_param(request, default)
    summary = reads.claim_summary(viewer, year, prefecture)
    national = viewer.role is Role.MINISTRY and prefecture is None
    return {
        "budget": budget.national_budget(year, claimed=summary.total.total_payable) if national else None,
        "iv_check": budget.receipt_iv_check(year) if national else None,
        "summary": summary,
        "years": [(y, subsidy.fiscal_year_label(y)) for y in years],
        "year": year,
        "fiscal_year_label": subsidy.fiscal_year_label(year),
        "prefecture": prefecture,
        "national": national,
        "categories": COST_CATEGORIES,
        "statuses": Claim.Status.choices,
    }


@never_cache
@access("prefecture_or_ministry")
def summary(request: AccessRequest) -> HttpResponse:
    viewer = request.viewer
    prefecture = None
    if viewer.role is Role.PREFECTURE:
        prefecture = prefectures_in_scope(viewer).first()
    if request.GET.get("format") == "xlsx":
        context = _summary_context(request, prefecture)
        name = prefecture.code if prefecture else "national"
        title = f"補助金の実績報告の集計（{context['fiscal_year_label']}）"
        return _xlsx(
            exports.summary_xlsx(context["summary"], title=title),
            f"subsidy-summary-{name}-{context['year']}.xlsx",
        )
    return render(request, "subsidies/summary.html", _summary_context(request, prefecture))


@never_cache
@access("prefecture_or_ministry")
def summary_prefecture(request: AccessRequest, pref: str) -> HttpResponse:
    prefecture = access_prefecture(request.viewer, pref)
    context = _summary_context(request, prefecture)
    if request.GET.get("format") == "xlsx":
        title = f"補助金の実績報告の集計（{prefecture.name}、{context['fiscal_year_label']}）"
        return _xlsx(
            exports.summary_xlsx(context["summary"], title=title),
            f"subsidy-summary-{prefecture.code}-{context['year']}.xlsx",
        )
    return render(request, "subsidies/summary.html", context)


@never_cache
@access("prefecture_or_ministry")
def grants_page(request: AccessRequest) -> HttpResponse:
    viewer = request.viewer
    dates = reads.complete_snapshot_dates()
    as_of: dt.date | None = dates[0] if dates else None
    raw = request.GET.get("as_of", "")
    if raw:
        try:
            as_of = dt.date.fromisoformat(raw)
        except ValueError:
            as_of = None
    prefectures = list(prefectures_in_scope(viewer).order_by("code"))
    chosen = request.GET.get("prefecture", "")
    prefecture = next((p for p in prefectures if p.code == chosen), None) if len(prefectures) > 1 else None
    context: dict[str, Any] = {
        "dates": dates,
        "as_of": as_of,
        "result": None,
        "error": "",
        "prefectures": prefectures if len(prefectures) > 1 else [],
        "prefecture": prefecture,
    }
    if as_of is None:
        context["error"] = (
            "全市区町村分の交付状況が取り込まれていません。"
            if not raw
            else "日付の形式が正しくありません（YYYY-MM-DD）。"
        )
    else:
        try:
            result = reads.grant_check_in_scope(viewer, as_of=as_of, prefecture=prefecture)
        except (SnapshotProblem, GrantError) as exc:
            context["error"] = str(exc).replace("--as-of ", "")
        else:
            if request.GET.get("format") == "csv":
                return exports.grants_csv_download(result.rows, as_of)
            context["result"] = result
            context["eligible"] = sum(1 for r in result.rows if r.assessment.eligible)
            context["meets"] = sum(1 for r in result.rows if r.assessment.meets_rate)
    context["scope_label"] = (
        prefecture.name
        if prefecture
        else "全国"
        if viewer.role is Role.MINISTRY
        else str(viewer.organisation)
    )
    context["summary_url"] = reverse("subsidies:summary")
    return render(request, "subsidies/grants.html", context)
