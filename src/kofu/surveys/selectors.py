"""Reads of the surveys app, scoped to the viewer (the scopes: ``kofu.surveys.access``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q, QuerySet, Sum

from kofu.accounts.roles import Actor, Role
from kofu.core.listing import month_after
from kofu.rules import surveys as rules
from kofu.rules.categories import Category
from kofu.surveys.access import (
    events_in_scope,
    respondents_in_scope,
    staff_organisations_in_scope,
    surveys_in_scope,
)
from kofu.surveys.models import (
    BestPractice,
    OutreachEvent,
    Question,
    Quote,
    Respondent,
    StaffOrganisation,
    StaffReport,
    Survey,
)
from kofu.surveys.models.outreach import VenueType

# --- measure surveys --------------------------------------------------------------------------


@dataclass
class QuoteTable:
    """The excerpts of one coded free-text question, grouped by theme in the order they are printed."""

    question: Question
    themes: list[tuple[str, list[Quote]]]

    @property
    def title(self) -> str:
        return f"自治体の意見抜粋「{self.question.text.split('（')[0]}」（自由記述）"

    def csv_rows(self) -> list[tuple[str, str, str]]:
        """(table, theme, quote) — the rows of ``kofu surveys quotes``."""
        source = self.question.table or f"問{self.question.position}"
        return [(source, theme, q.text) for theme, quotes in self.themes for q in quotes]


def quote_tables(survey: Survey) -> list[QuoteTable]:
    tables: dict[int, QuoteTable] = {}
    for quote in Quote.objects.filter(question__survey=survey).select_related("question", "theme"):
        table = tables.setdefault(quote.question_id, QuoteTable(quote.question, []))
        if not table.themes or table.themes[-1][0] != quote.theme_shown:
            table.themes.append((quote.theme_shown, []))
        table.themes[-1][1].append(quote)
    return sorted(tables.values(), key=lambda t: t.question.position)


#: Columns of ``kofu surveys respondents``.
RESPONDENT_HEADER = ["side", "category", "rank", "code", "prefecture", "municipality", "rate", "answered"]


def respondent_rows(survey: Survey) -> list[list[object]]:
    """The chosen bodies, top then bottom, by category and rank (the survey's own order)."""
    order = {c.value: i for i, c in enumerate(Category)}
    rows = sorted(
        survey.respondents.select_related("municipality__prefecture"),
        key=lambda r: (r.side != "top", order.get(r.category, len(order)), r.rank),
    )
    return [
        [
            r.side, r.category, r.rank, r.municipality.code, r.municipality.prefecture.name,
            r.municipality.name, "" if r.rate is None else str(r.rate), "yes" if r.submitted_at else "no",
        ]
        for r in rows
    ]  # fmt: skip


# --- staff acquisition ------------------------------------------------------------------------


@dataclass
class Figures:
    name: str
    staff: int = 0
    applications: int = 0
    cards: int = 0
    dependants: int = 0
    dependant_applications: int = 0
    dependant_cards: int = 0
    href: str = ""
    children: list[Figures] = field(default_factory=list)

    def add(self, other: Figures) -> None:
        self.staff += other.staff
        self.applications += other.applications
        self.cards += other.cards
        self.dependants += other.dependants
        self.dependant_applications += other.dependant_applications
        self.dependant_cards += other.dependant_cards

    @property
    def ratio(self) -> Fraction | None:
        return rules.application_rate(self.applications, self.staff)

    @property
    def rate(self) -> Decimal | None:
        return rules.rate_percent(self.applications, self.staff)

    @property
    def cards_rate(self) -> Decimal | None:
        return rules.rate_percent(self.cards, self.staff)

    @property
    def dependant_rate(self) -> Decimal | None:
        return rules.rate_percent(self.dependant_applications, self.dependants)


def _figures(name: str, report: StaffReport) -> Figures:
    return Figures(
        name, report.staff, report.staff_applications, report.staff_cards,
        report.dependants, report.dependant_applications, report.dependant_cards,
    )  # fmt: skip


@dataclass
class StaffSummary:
    as_of: dt.date | None
    organisations: list[tuple[StaffOrganisation, Figures]]
    prefectures: list[Figures]
    nation: Figures
    thresholds: dict[str, list[rules.ThresholdCount]]


def staff_report_dates(viewer: Actor) -> list[dt.date]:
    orgs = staff_organisations_in_scope(viewer)
    return sorted(
        set(StaffReport.objects.filter(department__organisation__in=orgs).values_list("as_of", flat=True)),
        reverse=True,
    )


def staff_summary(viewer: Actor, as_of: dt.date | None) -> StaffSummary:
    """Rates per department and organisation at ``as_of``, rolled up to prefecture and nation,
    with the counts and shares of organisations at ≥ 90 % and ≥ 80 % per kind of organisation."""
    orgs = staff_organisations_in_scope(viewer)
    reports = StaffReport.objects.filter(department__organisation__in=orgs, as_of=as_of).select_related(
        "department__organisation__prefecture"
    )
    by_org: dict[int, Figures] = {}
    org_objects: dict[int, StaffOrganisation] = {}
    for report in reports.order_by("department__organisation__prefecture__code", "department__name"):
        org = report.department.organisation
        figures = by_org.setdefault(org.pk, Figures(org.name))
        org_objects[org.pk] = org
        child = _figures(report.department.name, report)
        figures.children.append(child)
        figures.add(child)
    prefectures: dict[str, Figures] = {}
    nation = Figures("全国" if viewer.role is Role.MINISTRY else "合計")
    for pk, figures in by_org.items():
        prefecture = org_objects[pk].prefecture
        prefectures.setdefault(prefecture.code, Figures(prefecture.name)).add(figures)
        nation.add(figures)
    thresholds = {}
    for kind, label in StaffOrganisation.Kind.choices:
        rates = [f.ratio for pk, f in by_org.items() if org_objects[pk].kind == kind]
        if rates:
            thresholds[label] = rules.at_or_above(rates)
    return StaffSummary(
        as_of=as_of,
        organisations=[(org_objects[pk], f) for pk, f in by_org.items()],
        prefectures=[prefectures[k] for k in sorted(prefectures)],
        nation=nation,
        thresholds=thresholds,
    )


def staff_history(organisation: StaffOrganisation) -> list[tuple[dt.date, Figures]]:
    """Totals of the organisation per reporting date (monthly history)."""
    rows = (
        StaffReport.objects.filter(department__organisation=organisation)
        .values("as_of")
        .annotate(
            staff=Sum("staff"), applications=Sum("staff_applications"), cards=Sum("staff_cards"),
            dependants=Sum("dependants"), dependant_applications=Sum("dependant_applications"),
            dependant_cards=Sum("dependant_cards"),
        )
        .order_by("as_of")
    )  # fmt: skip
    return [
        (
            r["as_of"],
            Figures(
                r["as_of"].isoformat(),
                r["staff"],
                r["applications"],
                r["cards"],
                r["dependants"],
                r["dependant_applications"],
                r["dependant_cards"],
            ),  # fmt: skip
        )
        for r in rows
    ]


def staff_reasons(organisation: StaffOrganisation) -> QuerySet[StaffReport]:
    """The reports that give reasons for not applying, newest first."""
    return (
        StaffReport.objects.filter(department__organisation=organisation)
        .exclude(reasons="")
        .select_related("department")
        .order_by("-as_of", "department__name")
    )


# --- outreach ---------------------------------------------------------------------------------


def published_upcoming(today: dt.date) -> QuerySet[OutreachEvent]:
    """Events residents may see: published, not yet over."""
    return OutreachEvent.objects.filter(published=True, ends_on__gte=today).select_related(
        "municipality__prefecture"
    )


@dataclass
class VenueYield:
    venue_type: str
    label: str
    events: int
    days: int
    applications: int

    @property
    def per_event(self) -> Decimal | None:
        return None if not self.events else rules.round_half_up(Fraction(self.applications, self.events), 1)

    @property
    def per_day(self) -> Decimal | None:
        value = rules.yield_per_day(self.applications, self.days)
        return None if value is None else rules.round_half_up(value, 1)


def venue_yields(viewer: Actor) -> list[VenueYield]:
    """Applications taken per venue type (events in the viewer's scope that recorded figures)."""
    totals: dict[str, VenueYield] = {}
    for event in events_in_scope(viewer):
        taken = sum(a.count for a in event.applications.all())
        if not event.applications.all():
            continue
        y = totals.setdefault(
            event.venue_type, VenueYield(event.venue_type, event.get_venue_type_display(), 0, 0, 0)
        )
        y.events += 1
        y.days += event.days
        y.applications += taken
    order = {v: i for i, v in enumerate(VenueType.values)}
    return sorted(totals.values(), key=lambda y: (-(y.per_day or 0), order[y.venue_type]))


def best_practices(query: str = "", theme: str = "") -> QuerySet[BestPractice]:
    """Cases matching every word (measure, outcome, owner's name), optionally of one theme."""
    qs = BestPractice.objects.select_related("municipality__prefecture", "prefecture")
    if theme:
        qs = qs.filter(theme=theme)
    for word in query.split():
        qs = qs.filter(
            Q(measure__icontains=word)
            | Q(outcome__icontains=word)
            | Q(municipality__name__icontains=word)
            | Q(prefecture__name__icontains=word)
        )
    return qs.order_by("theme", "measure", "id")


def managed_events(
    actor: Actor, *, q: str = "", month: dt.date | None = None, venue_type: str = "", published: str = ""
) -> QuerySet[OutreachEvent]:
    """The outreach-event management list (latest first), filtered: a word of the name or venue,
    the month the event runs in, the kind of venue, published or not."""
    rows = events_in_scope(actor)
    if q:
        rows = rows.filter(Q(title__contains=q) | Q(venue__contains=q))
    if month is not None:
        rows = rows.filter(starts_on__lt=month_after(month), ends_on__gte=month)
    if venue_type:
        rows = rows.filter(venue_type=venue_type)
    if published:
        rows = rows.filter(published=published == "yes")
    return rows.order_by("-starts_on", "pk")


def survey_rows(actor: Actor, *, q: str = "", state: str = "") -> QuerySet[Survey]:
    """The survey index (newest first), filtered: a word of the title or slug, open or closed."""
    rows = surveys_in_scope(actor)
    if q:
        rows = rows.filter(Q(title__contains=q) | Q(slug__contains=q))
    if state:
        rows = rows.filter(is_open=state == "open")
    return rows.order_by("-created_at", "slug")


def respondent_list(
    actor: Actor, survey: Survey, *, side: str = "", state: str = "", q: str = ""
) -> QuerySet[Respondent]:
    """A survey's respondents in the actor's scope (by side, category, rank), filtered: top or
    bottom side, answered or not, a word of the municipality's or prefecture's name."""
    rows = respondents_in_scope(actor, survey)
    if side:
        rows = rows.filter(side=side)
    if state:
        rows = rows.filter(submitted_at__isnull=state != "answered")
    if q:
        rows = rows.filter(Q(municipality__name__contains=q) | Q(municipality__prefecture__name__contains=q))
    return rows.order_by("side", "category", "rank", "pk")
