"""Hearing selection (事情聴取) for a month: who meets the rules of kofu.rules.hearings, and why.

**Which figures.** For month M the issuance rate is taken from the statistics snapshot *for that
month* when one was imported — the latest ``IssuanceSnapshot`` with M's first day ≤ ``as_of`` ≤ the
first day of M+1 (the ministry's figures "as of" the month end, e.g. 2022-01-01 for 2021-12) —
because those are the published figures the prefecture and the ministry see. Otherwise the rate is
the monthly report's cumulative cards issued (累計交付枚数) over the population of the latest
imported snapshot on or before the month end (or, failing that, the plan's population). A
municipality with neither has an unknown rate and is selected only on the days to notice.
The days from card arrival to notice, windows and applications always come from the report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from kofu.plans.models import Hearing, HearingLevel, MonthlyReport, SmoothingPlan
from kofu.registry.models import Municipality, Prefecture
from kofu.registry.selectors import categories_on, municipalities_on
from kofu.rules import hearings as rules
from kofu.rules.calendar import YearMonth
from kofu.stats.models import IssuanceSnapshot, MunicipalityFigure


@dataclass(frozen=True)
class Facts:
    municipality: Municipality
    report: MonthlyReport | None
    population: int | None
    issued: int | None
    source: str  # where the rate comes from, in Japanese


@dataclass(frozen=True)
class Selected:
    municipality: Municipality
    reasons: tuple[str, ...]
    facts: Facts
    hearing: Hearing | None = None


def month_bounds(month: YearMonth) -> tuple[dt.date, dt.date]:
    following = month.shift(1)
    return dt.date(month.year, month.month, 1), dt.date(following.year, following.month, 1)


def facts_for(municipalities: list[Municipality], month: YearMonth) -> dict[int, Facts]:
    first, next_first = month_bounds(month)
    ids = [m.pk for m in municipalities]
    reports = {
        r.municipality_id: r for r in MonthlyReport.objects.filter(municipality_id__in=ids, month=str(month))
    }
    snapshot = (
        IssuanceSnapshot.objects.filter(as_of__gte=first, as_of__lte=next_first).order_by("-as_of").first()
    )
    latest = snapshot or IssuanceSnapshot.objects.filter(as_of__lte=next_first).order_by("-as_of").first()
    figures = (
        {
            f.municipality_id: f
            for f in MunicipalityFigure.objects.filter(snapshot=latest, municipality_id__in=ids)
        }
        if latest
        else {}
    )
    plan_population = dict(
        SmoothingPlan.objects.filter(municipality_id__in=ids).values_list("municipality_id", "population")
    )
    facts: dict[int, Facts] = {}
    for municipality in municipalities:
        report = reports.get(municipality.pk)
        figure = figures.get(municipality.pk)
        if snapshot is not None and figure is not None:
            facts[municipality.pk] = Facts(
                municipality,
                report,
                figure.population,
                figure.issued,
                f"交付状況 {snapshot.as_of:%Y-%m-%d}時点",
            )
            continue
        population = figure.population if figure else plan_population.get(municipality.pk)
        issued = report.cumulative_issued if report else None
        source = "実績報告の累計交付枚数" if report and population else "交付率不明（報告・統計なし）"
        facts[municipality.pk] = Facts(municipality, report, population, issued, source)
    return facts


def _hearings(month: YearMonth, level: str) -> dict[int, Hearing]:
    return {h.municipality_id: h for h in Hearing.objects.filter(month=str(month), level=level)}


def prefecture_selection(
    prefecture: Prefecture,
    month: YearMonth,
    *,
    max_days: int = rules.DEFAULT_MAX_DAYS,
    min_rate: Decimal = rules.DEFAULT_MIN_RATE,
) -> list[Selected]:
    """The prefecture's municipalities to hear for ``month`` (days to notice ≥ 21 or rate < 33 %)."""
    _, next_first = month_bounds(month)
    municipalities = list(municipalities_on(next_first - dt.timedelta(days=1)).filter(prefecture=prefecture))
    facts = facts_for(municipalities, month)
    recorded = _hearings(month, HearingLevel.PREFECTURE)
    selected = []
    for municipality in municipalities:
        fact = facts[municipality.pk]
        decision = rules.prefecture_hearing(
            population=fact.population,
            issued=fact.issued,
            days_arrival_to_notice=fact.report.days_arrival_to_notice if fact.report else None,
            max_days=max_days,
            min_rate=min_rate,
        )
        if decision.selected:
            selected.append(Selected(municipality, decision.reasons, fact, recorded.get(municipality.pk)))
    return selected


@dataclass(frozen=True)
class MinistryResult:
    selected: list[Selected]
    peers: int
    unreported: list[Municipality]
    percent: int
    ratio_cut: Fraction | None
    windows_cut: int | Fraction | None
    per_window_cut: int | Fraction | None


def ministry_selection(month: YearMonth, *, percent: int = rules.DEFAULT_PERCENT) -> MinistryResult:
    """Designated cities, core cities and special wards to hear directly for ``month``.

    Peers are those with a report for the month (applications > 0); issuance per window is the
    month's cards issued ÷ windows open. Peers without a report are listed apart.
    """
    _, next_first = month_bounds(month)
    month_end = next_first - dt.timedelta(days=1)
    categories = categories_on(month_end)
    candidates = [m for m in municipalities_on(month_end) if categories.get(m.pk) in rules.PEER_CATEGORIES]
    facts = facts_for(candidates, month)
    peers: list[rules.PeerFacts] = []
    by_name: dict[str, Facts] = {}
    unreported = []
    for municipality in candidates:
        fact = facts[municipality.pk]
        report = fact.report
        if report is None or report.cumulative_applications <= 0:
            unreported.append(municipality)
            continue
        key = municipality.code
        by_name[key] = fact
        peers.append(
            rules.PeerFacts(
                name=key,
                category=categories[municipality.pk],
                applications=report.cumulative_applications,
                issued=report.cumulative_issued,
                windows=report.windows_open,
                per_window_issued=Fraction(report.cards_issued, report.windows_open)
                if report.windows_open
                else 0,
            )
        )
    if not peers:
        return MinistryResult([], 0, unreported, percent, None, None, None)
    ratio_cut, windows_cut, per_window_cut = rules.ministry_cutoffs(peers, percent=percent)
    recorded = _hearings(month, HearingLevel.MINISTRY)
    selected = [
        Selected(
            by_name[s.peer.name].municipality,
            s.reasons,
            by_name[s.peer.name],
            recorded.get(by_name[s.peer.name].municipality.pk),
        )
        for s in rules.ministry_hearing(peers, percent=percent)
    ]
    return MinistryResult(selected, len(peers), unreported, percent, ratio_cut, windows_cut, per_window_cut)


def active_small_selection(month: YearMonth, *, top: int = rules.DEFAULT_ACTIVE_TOP) -> list[Selected]:
    """The ministry's second group for ``month`` (seed 000 2③): small bodies promoting actively,
    read as the highest issuance rates among bodies outside the peer categories under 100,000."""
    _, next_first = month_bounds(month)
    month_end = next_first - dt.timedelta(days=1)
    categories = categories_on(month_end)
    candidates = [
        m for m in municipalities_on(month_end) if categories.get(m.pk) not in rules.PEER_CATEGORIES
    ]
    facts = facts_for(candidates, month)
    bodies = [
        rules.SmallBody(m.code, categories.get(m.pk), facts[m.pk].population or 0, facts[m.pk].issued or 0)
        for m in candidates
        if facts[m.pk].population and facts[m.pk].issued is not None
    ]
    by_code = {m.code: m for m in candidates}
    recorded = _hearings(month, HearingLevel.MINISTRY)
    return [
        Selected(
            by_code[s.body.name],
            s.reasons,
            facts[by_code[s.body.name].pk],
            recorded.get(by_code[s.body.name].pk),
        )
        for s in rules.active_small_bodies(bodies, top=top)
    ]
