"""Hearing candidates ahead of time: municipalities forecast to miss a target or to be short of
window capacity in the next three months, beside the seed's criteria (seed 004: 3 weeks or more
from the cards' arrival to the notice, an issuance rate below 33 %).

Forecast reasons (any one lists the municipality):

* the forecast rate three months ahead is below 33 %;
* even the high end of its 80 % interval three months ahead stays below the national forecast
  (it will not reach the national average — the grant condition of seed 001 — by then);
* its smoothing plan's windows fall short of new cards plus renewals in one of the three months.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.core.management.base import CommandError

from kofu.core import spreadsheet
from kofu.forecast import capacity, issuance
from kofu.plans.models import MonthlyReport, SmoothingPlan
from kofu.registry.models import Municipality, Prefecture
from kofu.rules.calendar import YearMonth
from kofu.rules.forecast import ForecastError, month_end
from kofu.rules.hearings import DEFAULT_MAX_DAYS, DEFAULT_MIN_RATE

MONTHS_AHEAD = 3
MIN_RATE = float(DEFAULT_MIN_RATE)
HEADER = ["code", "name", "reasons"]


@dataclass(frozen=True)
class Candidate:
    municipality: Municipality
    forecast: issuance.UnitForecast
    reasons: tuple[str, ...]
    #: The seed's criteria as they stand (latest report and figures).
    days_to_notice: int | None
    report_month: str | None

    @property
    def below_33_now(self) -> bool:
        return self.forecast.current_rate < MIN_RATE

    @property
    def backlog_three_weeks(self) -> bool:
        return self.days_to_notice is not None and self.days_to_notice >= DEFAULT_MAX_DAYS


@dataclass(frozen=True)
class CandidateList:
    months: tuple[YearMonth, ...]
    national: issuance.UnitForecast
    candidates: tuple[Candidate, ...]
    scope: str


def _latest_reports(ids: list[int]) -> dict[int, MonthlyReport]:
    latest: dict[int, MonthlyReport] = {}
    for report in MonthlyReport.objects.filter(municipality_id__in=ids).order_by("municipality_id", "month"):
        latest[report.municipality_id] = report
    return latest


def _rate_reasons(f: issuance.UnitForecast, national: issuance.UnitForecast, month: YearMonth) -> list[str]:
    reasons = []
    rate, low, high = f.rates[-1], f.lows[-1], f.highs[-1]
    interval = f"80％区間 {low:.1f}〜{high:.1f}％"
    if rate < MIN_RATE:
        reasons.append(f"{month}末の予測交付率 {rate:.1f}％（{interval}）で33％未満の見込み")
    if high < national.rates[-1]:
        reasons.append(
            f"{month}末も全国平均（予測 {national.rates[-1]:.1f}％）に届かない見込み"
            f"（予測 {rate:.1f}％、{interval}の上限でも下回る）"
        )
    return reasons


def _capacity_reasons(municipality: Municipality, months: tuple[YearMonth, ...]) -> list[str]:
    start, end = dt.date(months[0].year, months[0].month, 1), month_end(months[-1])
    try:
        report = capacity.capacity_report(municipality, start, end)
    except ForecastError:  # no statistics nor card records: capacity cannot be judged, not flagged
        return []
    return [
        f"{m.demand.month} に交付円滑化計画の窓口が不足する見込み（新規 {m.demand.new_cards:,}枚・更新 "
        f"{m.demand.card_renewals + m.demand.certificate_renewals:,}件、専用窓口 必要 "
        f"{m.sized.dedicated_windows_needed}）"
        for m in report.short_months
    ]


def candidate_list(prefecture: Prefecture | None = None) -> CandidateList:
    forecast = issuance.build(None, MONTHS_AHEAD, kinds=("nation", "municipality"))
    national = forecast.nation
    municipalities = Municipality.objects.select_related("prefecture").order_by("code")
    if prefecture is not None:
        municipalities = municipalities.filter(prefecture=prefecture)
    by_code = {m.code: m for m in municipalities}
    planned = set(
        SmoothingPlan.objects.filter(municipality__in=by_code.values()).values_list(
            "municipality__code", flat=True
        )
    )
    reports = _latest_reports([m.pk for m in by_code.values()])
    rows = []
    for f in forecast.forecasts:
        municipality = by_code.get(f.unit.code)
        if municipality is None:
            continue
        reasons = _rate_reasons(f, national, forecast.months[-1])
        if municipality.code in planned:
            reasons += _capacity_reasons(municipality, forecast.months)
        if reasons:
            report = reports.get(municipality.pk)
            rows.append(
                Candidate(
                    municipality,
                    f,
                    tuple(reasons),
                    report.days_arrival_to_notice if report else None,
                    report.month if report else None,
                )
            )
    scope = prefecture.name if prefecture else "全国"
    return CandidateList(forecast.months, national, tuple(rows), scope)


def csv_text(options: dict[str, Any]) -> str:
    prefecture = None
    if options.get("prefecture"):
        prefecture = Prefecture.objects.filter(code=options["prefecture"].zfill(2)).first()
        if prefecture is None:
            raise CommandError(f"都道府県コード {options['prefecture']} の都道府県がありません（01〜47）")
    result = candidate_list(prefecture)
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for c in result.candidates:
        writer.writerow([c.municipality.code, c.municipality.full_name, "；".join(c.reasons)])
    return out.getvalue()
