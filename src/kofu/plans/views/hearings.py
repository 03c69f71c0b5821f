"""Hearing selection pages (prefecture and ministry) and recording a hearing's outcome."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from kofu.accounts.access import access_prefecture
from kofu.accounts.permissions import AccessRequest, access
from kofu.plans import services
from kofu.plans.access import access_hearing, holds_prefecture_hearings
from kofu.plans.forms import HearingForm, MonthForm
from kofu.plans.models import Hearing, HearingLevel
from kofu.plans.selectors import hearings as hearing_selection
from kofu.rules import hearings as rules
from kofu.rules.calendar import YearMonth
from kofu.rules.plan_followup import hearing_due


def _month(request: HttpRequest) -> YearMonth:
    form = MonthForm(request.GET or None)
    if form.is_valid():
        return YearMonth.parse(form.cleaned_data["month"])
    today = timezone.localdate()
    return YearMonth(today.year, today.month).shift(-1)


def _thresholds(request: HttpRequest) -> tuple[int, Decimal]:
    """The prefecture's thresholds from ``?max_days=&min_rate=`` (seed 004's 21 days and 33 % by default)."""
    try:
        max_days = int(request.GET.get("max_days", rules.DEFAULT_MAX_DAYS))
        min_rate = Decimal(request.GET.get("min_rate", rules.DEFAULT_MIN_RATE))
    except (ValueError, InvalidOperation):
        return rules.DEFAULT_MAX_DAYS, rules.DEFAULT_MIN_RATE
    if not (1 <= max_days <= 365 and min_rate.is_finite() and 0 < min_rate <= 100):
        return rules.DEFAULT_MAX_DAYS, rules.DEFAULT_MIN_RATE
    return max_days, min_rate


@access("prefecture_or_ministry")
@never_cache
def prefecture_hearings(request: AccessRequest, pref: str) -> HttpResponse:
    prefecture = access_prefecture(request.viewer, pref)
    month = _month(request)
    max_days, min_rate = _thresholds(request)
    return render(
        request,
        "plans/hearings_prefecture.html",
        {
            "prefecture": prefecture,
            "month": month,
            "due": hearing_due(month),
            "criteria_month_is_seed": (month.year, month.month) == rules.SEED_CRITERIA_MONTH,
            "selected": hearing_selection.prefecture_selection(
                prefecture, month, max_days=max_days, min_rate=min_rate
            ),
            "max_days": max_days,
            "min_rate": min_rate,
            "defaults": (max_days, min_rate) == (rules.DEFAULT_MAX_DAYS, rules.DEFAULT_MIN_RATE),
            "form": MonthForm(initial={"month": str(month)}),
            "can_record": holds_prefecture_hearings(request.viewer, prefecture.pk),
        },
    )


@access("ministry_staff")
@never_cache
def ministry_hearings(request: AccessRequest) -> HttpResponse:
    month = _month(request)
    percent = _percent(request)
    result = hearing_selection.ministry_selection(month, percent=percent)
    return render(
        request,
        "plans/hearings_ministry.html",
        {
            "month": month,
            "result": result,
            "active": hearing_selection.active_small_selection(month),
            "active_top": rules.DEFAULT_ACTIVE_TOP,
            "small_population": rules.SMALL_POPULATION,
            "form": MonthForm(initial={"month": str(month)}),
            "ratio_cut": f"{float(result.ratio_cut) * 100:.1f}" if result.ratio_cut is not None else "",
            "windows_cut": _num(result.windows_cut),
            "per_window_cut": _num(result.per_window_cut),
        },
    )


def _percent(request: HttpRequest) -> int:
    try:
        percent = int(request.GET.get("percent", rules.DEFAULT_PERCENT))
    except ValueError:
        percent = rules.DEFAULT_PERCENT
    return min(max(percent, 1), 100)


def _num(value: int | Fraction | None) -> str:
    if value is None:
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.1f}"


@access("prefecture_or_ministry")
@never_cache
def hearing_record(request: AccessRequest, code: str, level: str) -> HttpResponse:
    """Record the outcome: 滞留が生じている理由, 今後の対応方針 and the advice given."""
    viewer = request.viewer
    municipality = access_hearing(viewer, code, level)
    month = _month(request)
    if level == HearingLevel.PREFECTURE:
        max_days, min_rate = _thresholds(request)
        selected = hearing_selection.prefecture_selection(
            municipality.prefecture, month, max_days=max_days, min_rate=min_rate
        )
        back = reverse("plans:prefecture-hearings", kwargs={"pref": municipality.prefecture.code})
        back += f"?month={month}&max_days={max_days}&min_rate={min_rate}"
    else:
        percent = _percent(request)
        selected = hearing_selection.ministry_selection(
            month, percent=percent
        ).selected + hearing_selection.active_small_selection(month)
        back = reverse("plans:ministry-hearings") + f"?month={month}&percent={percent}"
    reasons = next((s.reasons for s in selected if s.municipality.pk == municipality.pk), ())
    hearing = Hearing.objects.filter(municipality=municipality, month=str(month), level=level).first()
    initial = (
        {
            "backlog_reasons": hearing.backlog_reasons,
            "action_plan": hearing.action_plan,
            "advice": hearing.advice,
        }
        if hearing
        else None
    )
    form = HearingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.hearing_record(
                municipality=municipality,
                month=str(month),
                level=level,
                reasons="\n".join(reasons),
                actor=viewer,
                **form.cleaned_data,
            )
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{municipality.full_name}の事情聴取の結果を記録しました")
            return redirect(back)
    return render(
        request,
        "plans/hearing_record.html",
        {
            "municipality": municipality,
            "month": month,
            "level": HearingLevel(level),
            "reasons": reasons,
            "form": form,
            "back": back,
        },
    )
