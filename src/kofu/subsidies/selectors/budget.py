"""Reads for the national budget, the official ⅳ beside kofu's, and a claim's channel counts
beside what kofu holds (rules in :mod:`kofu.rules.subsidy_budget`)."""

from __future__ import annotations

from django.db.models import Sum

from kofu.rules import subsidy_budget
from kofu.rules.calendar import YearMonth
from kofu.rules.subsidy import CHANNEL_LABELS
from kofu.subsidies.models import Claim
from kofu.subsidies.selectors.claims import receipt_reference

#: Claim field → the monthly report's field counting the same channel (kofu.plans.MonthlyReport).
REPORT_FIELDS = {"at_counter": "apps_at_counter", "outreach": "apps_outreach", "support": "apps_support"}


def national_budget(fiscal_year: int, *, claimed: int) -> subsidy_budget.Budget | None:
    return subsidy_budget.remaining(fiscal_year, claimed=claimed)


def receipt_iv_check(fiscal_year: int) -> subsidy_budget.Reconciled | None:
    """FY2021 only: the seed's ⅳ (official) beside the sum kofu derives from its snapshots."""
    if fiscal_year != 2021:
        return None
    reference = receipt_reference(fiscal_year)
    return subsidy_budget.official_vs_derived(sum(reference.issued.values()) if reference.issued else None)


def fiscal_months(fiscal_year: int) -> list[str]:
    start = YearMonth(fiscal_year, 4)
    return [str(start.shift(i)) for i in range(12)]


def report_fiscal_years(municipality_id: int) -> list[int]:
    """Fiscal years for which kofu holds monthly reports of the municipality, latest first."""
    from kofu.plans.models import MonthlyReport

    months = MonthlyReport.objects.filter(municipality_id=municipality_id).values_list("month", flat=True)
    years = {YearMonth.parse(m).year - (1 if YearMonth.parse(m).month < 4 else 0) for m in months}
    return sorted(years, reverse=True)


def held_counts(municipality_id: int, fiscal_year: int) -> tuple[dict[str, int | None], int]:
    """The year's monthly reports summed per channel (None when kofu holds no report) and their count."""
    from kofu.plans.models import MonthlyReport

    reports = MonthlyReport.objects.filter(
        municipality_id=municipality_id, month__in=fiscal_months(fiscal_year)
    )
    count = reports.count()
    sums = reports.aggregate(**{key: Sum(field) for key, field in REPORT_FIELDS.items()})
    return {key: (sums[key] or 0) if count else None for key in REPORT_FIELDS}, count


def channel_comparison(claim: Claim) -> tuple[tuple[subsidy_budget.ChannelDifference, ...], int]:
    """The claim's applications by channel beside the sum of the year's monthly reports in kofu,
    and how many monthly reports that sum rests on (0: kofu holds nothing to compare)."""
    held, count = held_counts(claim.municipality_id, claim.fiscal_year)
    claimed = {key: getattr(claim, key) for key in REPORT_FIELDS}
    return subsidy_budget.channel_differences(claimed, held, CHANNEL_LABELS), count
