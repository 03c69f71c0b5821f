"""Forecast pages: national curve, prefecture, municipality, capacity what-ifs, hearing candidates."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from kofu.accounts.access import access_municipality, access_prefecture
from kofu.accounts.permissions import AccessRequest, access
from kofu.accounts.roles import Role
from kofu.core import spreadsheet
from kofu.forecast import candidates, capacity, charts, issuance, pages, renewals
from kofu.forecast.forms import CapacityForm, PeriodForm
from kofu.registry.models import Prefecture
from kofu.rules.forecast import ForecastError, month_end

HORIZON = 6


def _period(form: PeriodForm) -> tuple[dt.date, dt.date]:
    data = form.cleaned_data if form.is_valid() else {}
    return pages.default_period(data.get("start"), data.get("until"))


def _forecast(kinds: tuple[str, ...]) -> issuance.ForecastSet | str:
    """The forecast set, or why there is none (the message the no-data page shows)."""
    try:
        return issuance.build(None, HORIZON, with_targets=True, kinds=kinds)
    except ForecastError as exc:
        return str(exc)


def _no_data(request: AccessRequest, title: str, error: str) -> HttpResponse:
    return render(request, "forecast/no_data.html", {"title": title, "error": error})


@access("staff")
def home(request: AccessRequest) -> HttpResponse:
    viewer = request.viewer
    organisation = viewer.organisation  # staff only (the rule); the kind fixes which area is set
    if viewer.role is Role.MUNICIPALITY and organisation and organisation.municipality:
        return redirect("forecast:municipality", code=organisation.municipality.code)
    if viewer.role is Role.PREFECTURE and organisation and organisation.prefecture:
        return redirect("forecast:prefecture", pref=organisation.prefecture.code)
    return redirect("forecast:national")


@access("ministry_staff")
@never_cache
def national(request: AccessRequest) -> HttpResponse:
    fs = _forecast(("nation", "prefecture"))
    if isinstance(fs, str):
        return _no_data(request, "全国の見通し", fs)
    form = PeriodForm(request.GET or None)
    start, until = _period(form)
    wave = pages.national_wave(start, until)
    context: dict[str, Any] = {
        "fs": fs,
        "nation": fs.nation,
        "nation_rows": list(zip(fs.months, fs.nation.rates, fs.nation.lows, fs.nation.highs, strict=True)),
        "prefectures": [f for f in fs.forecasts if f.unit.kind == "prefecture"],
        "chart": pages.rate_chart(fs, fs.nation, []),
        "wave": wave,
        "wave_chart": pages.wave_chart(wave),
        "form": form,
        "start": start,
        "until": until,
        "method_note": pages.METHOD_NOTE,
    }
    return render(request, "forecast/national.html", context)


@access("prefecture_or_ministry")
@never_cache
def prefecture(request: AccessRequest, pref: str) -> HttpResponse:
    area = access_prefecture(request.viewer, pref)
    fs = _forecast(())
    if isinstance(fs, str):
        return _no_data(request, f"{area.name}の見通し", fs)
    by_code = fs.by_code()
    start = dt.date(fs.months[0].year, fs.months[0].month, 1)
    context = {
        "prefecture": area,
        "fs": fs,
        "unit": by_code[area.lgcode],
        "nation": fs.nation,
        "rows": [
            f for f in fs.forecasts if f.unit.kind == "municipality" and f.unit.prefecture_code == area.code
        ],
        "chart": pages.rate_chart(
            fs, by_code[area.lgcode], [(f"全国 {fs.nation.current_rate:.1f}％", fs.nation.current_rate)]
        ),
        "shortfalls": capacity.prefecture_shortfalls(area, start, month_end(fs.months[-1].shift(6))),
        "method_note": pages.METHOD_NOTE,
    }
    return render(request, "forecast/prefecture.html", context)


@access("staff")
@never_cache
def municipality(request: AccessRequest, code: str) -> HttpResponse:
    area = access_municipality(request.viewer, code)
    built = _forecast(("nation", "municipality"))
    fs = None if isinstance(built, str) else built
    unit = fs.by_code().get(area.code) if fs else None
    form = PeriodForm(request.GET or None)
    start, until = _period(form)
    context: dict[str, Any] = {"municipality": area, "form": form, "start": start, "until": until}
    if fs is not None and unit is not None:
        context.update(
            fs=fs,
            unit=unit,
            nation=fs.nation,
            rows=list(zip(fs.months, unit.rates, unit.lows, unit.highs, strict=True)),
            chart=pages.rate_chart(
                fs, unit, [(f"全国 {fs.nation.current_rate:.1f}％", fs.nation.current_rate)]
            ),
            method_note=pages.METHOD_NOTE,
        )
    try:
        result = renewals.renewal_forecast(area, start, until)
    except ForecastError as exc:
        context["renewal_error"] = str(exc)
    else:
        rows = pages.renewal_rows(result, request.viewer)
        context.update(renewals=result, renewal_rows=rows, renewal_chart=pages.renewal_chart(result, rows))
    return render(request, "forecast/municipality.html", context)


@access("staff")
@never_cache
def renewals_csv(request: AccessRequest, code: str) -> HttpResponse:
    area = access_municipality(request.viewer, code)
    start, until = _period(PeriodForm(request.GET or None))
    try:
        result = renewals.renewal_forecast(area, start, until)
    except ForecastError as exc:
        return HttpResponse(str(exc), status=404, content_type="text/plain; charset=utf-8")
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out, lineterminator="\n")
    writer.writerow(renewals.HEADER)
    for row in pages.renewal_rows(result, request.viewer):
        basis = "counted" if row.basis == renewals.BASIS_LABELS[renewals.COUNTED] else "estimated"
        writer.writerow([row.month, row.cards, row.certificates, basis])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="renewals-{area.code}.csv"'
    return response


@access("staff")
@never_cache
def capacity_page(request: AccessRequest, code: str) -> HttpResponse:
    area = access_municipality(request.viewer, code)
    form = CapacityForm(request.GET or None)
    valid = form.is_valid() if request.GET else False
    start, until = pages.default_period(
        form.cleaned_data.get("start") if valid else None, form.cleaned_data.get("until") if valid else None
    )
    context: dict[str, Any] = {"municipality": area, "form": form, "start": start, "until": until}
    try:
        planned = capacity.capacity_report(area, start, until)
        report = (
            capacity.capacity_report(area, start, until, handling=form.handling(), what_if=form.what_if())
            if valid
            else planned
        )
    except ForecastError as exc:
        context["error"] = str(exc)
        return render(request, "forecast/capacity.html", context)
    months = [dt.date(m.demand.month.year, m.demand.month.month, 15) for m in report.months]
    context.update(
        planned=planned,
        report=report,
        chart=charts.capacity_chart(
            months,
            [m.load for m in report.months],
            [m.sized.capacity for m in report.months],
            title=f"{area.name}の窓口の処理能力と必要な処理量",
        ),
    )
    return render(request, "forecast/capacity.html", context)


def _candidates(request: AccessRequest, area: Prefecture | None) -> HttpResponse:
    try:
        result = candidates.candidate_list(area)
    except ForecastError as exc:
        return _no_data(request, "事情聴取の候補", str(exc))
    return render(request, "forecast/candidates.html", {"result": result, "prefecture": area})


@access("prefecture_or_ministry")
@never_cache
def prefecture_candidates(request: AccessRequest, pref: str) -> HttpResponse:
    return _candidates(request, access_prefecture(request.viewer, pref))


@access("ministry_staff")
@never_cache
def national_candidates(request: AccessRequest) -> HttpResponse:
    return _candidates(request, None)
