"""A claim's 出張申請受付 count beside the outreach events kofu holds (seed 000 補助対象経費, seed 004:
channel counts from what kofu already holds — the monthly reports in :mod:`.budget`, the events'
recorded applications here).

The events are :class:`kofu.surveys.models.OutreachEvent` (the one outreach model, ADR 0019);
their applications per channel are :class:`~kofu.surveys.models.EventApplications`. An event counts
in the fiscal year (April–March) of its first day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Sum

from kofu.rules import subsidy_budget
from kofu.rules.subsidy import CHANNEL_LABELS
from kofu.subsidies.models import Claim
from kofu.surveys.models import EventApplications, OutreachEvent
from kofu.surveys.models.outreach import Channel


@dataclass(frozen=True)
class EventCounts:
    """The year's events of a municipality and the outreach applications recorded at them."""

    events: int  # events held in the year
    recorded: int  # of which with applications recorded
    outreach: int | None  # 出張申請受付 applications recorded (None: none recorded)


def fiscal_year_days(fiscal_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(fiscal_year, 4, 1), dt.date(fiscal_year + 1, 3, 31)


def event_counts(municipality_id: int, fiscal_year: int) -> EventCounts:
    """Two queries: the year's events, and their outreach applications summed."""
    first, last = fiscal_year_days(fiscal_year)
    events = OutreachEvent.objects.filter(
        municipality_id=municipality_id, starts_on__gte=first, starts_on__lte=last
    )
    figures = EventApplications.objects.filter(event__in=events, channel=Channel.OUTREACH).aggregate(
        total=Sum("count"), recorded=Count("event", distinct=True)
    )
    return EventCounts(
        events=events.count(),
        recorded=figures["recorded"] or 0,
        outreach=figures["total"] if figures["recorded"] else None,
    )


def event_fiscal_years(municipality_id: int) -> list[int]:
    """Fiscal years with recorded outreach applications at the municipality's events, latest first."""
    days = EventApplications.objects.filter(
        event__municipality_id=municipality_id, channel=Channel.OUTREACH
    ).values_list("event__starts_on", flat=True)
    return sorted({d.year - (1 if d.month < 4 else 0) for d in days}, reverse=True)


def outreach_comparison(claim: Claim) -> tuple[subsidy_budget.ChannelDifference, EventCounts]:
    """The claim's 出張申請受付 count beside the sum recorded at the year's outreach events."""
    counts = event_counts(claim.municipality_id, claim.fiscal_year)
    (difference,) = subsidy_budget.channel_differences(
        {"outreach": claim.outreach}, {"outreach": counts.outreach}, {"outreach": CHANNEL_LABELS["outreach"]}
    )
    return difference, counts


def from_events(municipality_id: int, fiscal_year: int) -> dict[str, int]:
    """The claim form's initial values ``?from_events=YYYY``: the outreach count of the year's events."""
    counts = event_counts(municipality_id, fiscal_year)
    if counts.outreach is None:
        return {"fiscal_year": fiscal_year}
    return {"fiscal_year": fiscal_year, "outreach": counts.outreach}
