"""Reads of the bookings app: slots open to a resident, a site's day, its rules and slots (what a
site or card may be read by whom: ``kofu.bookings.access``)."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from kofu.accounts.roles import Actor, Resident
from kofu.bookings.access import sites_in_scope
from kofu.bookings.models import Booking, Closure, OpeningRule, Site, Slot, Window, has_seats
from kofu.cards.access import resident_cards
from kofu.cards.models import Card
from kofu.rules import outcomes as outcome_rules
from kofu.rules.booking_calendar import JST, WEEKDAY_LABELS, describe_rule
from kofu.rules.booking_numbers import visit_minutes as party_minutes


@dataclass(frozen=True)
class OpenSlot:
    """A slot a resident may book, read as plain values (hundreds per page, no model instances)."""

    pk: int
    starts_at: dt.datetime
    site_id: int
    site_name: str
    seats: int


def open_slots(resident: Resident, seats: int = 1) -> OrderedDict[dt.date, list[OpenSlot]]:
    """Slots the resident may book (their municipality's, horizon, ``seats`` web seats left at a
    site that takes parties of that size), by JST day."""
    today = timezone.localdate()
    first = today + dt.timedelta(days=settings.KOFU_BOOKING_CLOSING_DAYS)
    last = today + dt.timedelta(days=settings.KOFU_BOOKING_HORIZON_DAYS)
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    rows = (
        Slot.objects.filter(
            site__municipality_id=resident.municipality_id,
            site__active=True,
            site__max_party__gte=seats,
            closed=False,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .filter(has_seats(Booking.Channel.WEB, seats))
        .order_by("starts_at", "site_id")
        .values_list("pk", "starts_at", "site_id", "site__name", "web_capacity", "web_booked")
    )
    days: OrderedDict[dt.date, list[OpenSlot]] = OrderedDict()
    for pk, starts_at, site_id, site_name, web_capacity, web_booked in rows:
        local = timezone.localtime(starts_at)
        days.setdefault(local.date(), []).append(
            OpenSlot(
                pk=pk, starts_at=local, site_id=site_id, site_name=site_name, seats=web_capacity - web_booked
            )
        )
    return days


def sites_of(days: OrderedDict[dt.date, list[OpenSlot]]) -> list[Site]:
    """The sites of the open slots, with their opening rules (two queries)."""
    ids = {slot.site_id for slots in days.values() for slot in slots}
    return list(Site.objects.filter(pk__in=ids).prefetch_related("rules").order_by("pk"))


#: What a resident brings to collect the card (shown on the slot page, confirmation, print and e-mail).
TO_BRING = (
    "交付通知書（はがき）",
    "本人確認書類（運転免許証・パスポートなど。写真のないものは2点）",
    "お持ちの方は通知カード・住民基本台帳カード・以前のマイナンバーカード",
)


@dataclass(frozen=True)
class Venue:
    """What a resident needs to find and use a site: address, a map link, opening hours, what to bring."""

    site: Site
    hours: list[str]
    to_bring: tuple[str, ...] = TO_BRING

    @property
    def map_url(self) -> str:
        """A plain link to the address on OpenStreetMap (no map is embedded, nothing is loaded)."""
        query = self.site.address or self.site.name
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})


def venue(site: Site) -> Venue:
    return Venue(site=site, hours=[text for _rule, text in rules_of(site)])


def venues(sites: Iterable[Site]) -> list[Venue]:
    """The venues of ``sites`` (each once, in order), their rules read in one query."""
    unique = list({site.pk: site for site in sites}.values())
    prefetch_related_objects(unique, "rules")
    return [venue(site) for site in unique]


def visit_minutes(site: Site, people: int) -> int:
    """How long the window needs for ``people`` cards handed over together at ``site``."""
    return party_minutes(people, first=site.service_minutes, each_more=site.extra_person_minutes)


def party(booking: Booking) -> list[Booking]:
    """A booking and the active bookings it made for the household (the lead's first)."""
    if booking.lead_id is not None:
        return [booking]
    members = booking.party.filter(status__in=[Booking.Status.HELD, Booking.Status.BOOKED]).select_related(
        "card"
    )
    return [booking, *members.order_by("id")]


def booking_by_number(number: str) -> Booking | None:
    """The booking with this (normalised) booking number, for staff and the operator."""
    return Booking.objects.select_related("slot__site", "lead").filter(number=number).first()


_LINE = (
    '<li><label class="slot-choice" for="slot-{0}"><input type="radio" name="slot" value="{0}" id="slot-{0}"{1}>'
    ' {2}〜 {3} <span class="seats">残り{4}席</span></label></li>'
)
_INVALID = ' aria-invalid="true" aria-describedby="id_slot_error"'


def slot_choices(
    days: OrderedDict[dt.date, list[OpenSlot]], chosen: object = None, *, error: bool = False
) -> list[tuple[str, SafeString]]:
    """The slot list by day: 「2026年5月12日（火）」 and its radio lines (「09:00〜 会場 残り3席」), built
    once in Python with every value escaped: a month of slots is hundreds of lines, which the
    template engine would take a third of a second to render."""
    out = []
    for day, slots in days.items():
        title = f"{day.year}年{day.month}月{day.day}日（{WEEKDAY_LABELS[day.weekday()]}）"
        lines = format_html_join(
            "\n",
            _LINE,
            (
                (
                    slot.pk,
                    mark_safe(
                        (" checked" if str(chosen) == str(slot.pk) else "") + (_INVALID if error else "")
                    ),  # noqa: S308
                    f"{slot.starts_at:%H:%M}",
                    slot.site_name,
                    slot.seats,
                )
                for slot in slots
            ),
        )
        out.append((title, lines))
    return out


def slot_list(
    days: OrderedDict[dt.date, list[OpenSlot]], *, chosen: object = None, error: bool = False
) -> dict[str, object]:
    """What ``bookings/_slot_table.html`` needs: the lines, the error flag and the booking window."""
    return {
        "choices": slot_choices(days, chosen, error=error),
        "closing_days": settings.KOFU_BOOKING_CLOSING_DAYS,
        "horizon_days": settings.KOFU_BOOKING_HORIZON_DAYS,
    }


def day_sheet(site: Site, day: dt.date) -> list[tuple[Slot, list[Booking]]]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    slots = list(
        Slot.objects.filter(site=site, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1))
    )
    bookings = (
        Booking.objects.filter(slot__in=slots)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("card", "window", "lead")
        .order_by("slot__starts_at", "id")
    )
    by_slot: dict[int, list[Booking]] = {}
    for booking in bookings:
        by_slot.setdefault(booking.slot_id, []).append(booking)
    return [(slot, by_slot.get(slot.pk, [])) for slot in slots]


def staff_card_by_number(viewer: Actor, site: Site, number: str) -> Card | None:
    """The card with this (normalised) notice number among the site's municipality's residents the
    staff member may see (the day sheet's phone and walk-in booking), or None."""
    return resident_cards(viewer, site.municipality).filter(notice_number=number).first()


def active_windows(site: Site) -> list[Window]:
    """The site's open windows (the day sheet's check-in choice)."""
    return list(site.windows.filter(active=True))


def active_booking(card: Card) -> Booking | None:
    return (
        Booking.objects.filter(card=card, status__in=[Booking.Status.BOOKED, Booking.Status.CHECKED_IN])
        .select_related("slot__site")
        .first()
    )


def rule_text(rule: OpeningRule) -> str:
    """A stored opening rule in words: 「平日」（月・火・水・木・金 08:30–17:15）."""
    from kofu.bookings.services.schedule import rule_of

    return describe_rule(rule_of(rule))


def rules_of(site: Site) -> list[tuple[OpeningRule, str]]:
    """The site's opening rules in weekday-and-time order, each with its description."""
    from kofu.bookings.services.schedule import rule_of

    rows = sorted(site.rules.all(), key=lambda r: (min(rule_of(r).weekdays, default=7), r.start, r.pk))
    return [(rule, rule_text(rule)) for rule in rows]


def slots_of_day(site: Site, day: dt.date) -> list[Slot]:
    """The site's slots on ``day`` (JST) with their seats by channel, for the capacity page."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return list(
        Slot.objects.filter(
            site=site, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1)
        ).order_by("starts_at")
    )


def site_rows(actor: Actor, *, q: str = "", kind: str = "", active: str = "") -> QuerySet[Site]:
    """The staff's sites list in the order they were registered, filtered: a word of the name or
    address, the kind, taking bookings (``yes``) or not (``no``); each with its windows counted
    (``window_count``, ``windows_in_use``) in the same query."""
    rows = sites_in_scope(actor)
    if q:
        rows = rows.filter(Q(name__contains=q) | Q(address__contains=q))
    if kind:
        rows = rows.filter(kind=kind)
    if active:
        rows = rows.filter(active=active == "yes")
    return rows.annotate(
        window_count=Count("windows"), windows_in_use=Count("windows", filter=Q(windows__active=True))
    ).order_by("pk")


#: The results a passed visit can have (the day sheet sets them).
OUTCOMES = (Booking.Status.CHECKED_IN, Booking.Status.NO_SHOW, Booking.Status.EXCUSED)


def outcome_bookings(
    actor: Actor,
    first: dt.date,
    last: dt.date,
    *,
    site: Site | None = None,
    channel: str = "",
) -> QuerySet[Booking]:
    """Seen, no-show and excused bookings at the actor's sites (or one of them) with visits from
    ``first`` to ``last`` (JST days), made by ``channel`` if given; newest visit first."""
    start = dt.datetime.combine(first, dt.time.min, tzinfo=JST)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=JST)
    rows = Booking.objects.filter(
        slot__site__in=sites_in_scope(actor),
        status__in=OUTCOMES,
        slot__starts_at__gte=start,
        slot__starts_at__lt=end,
    )
    if site is not None:
        rows = rows.filter(slot__site=site)
    if channel:
        rows = rows.filter(channel=channel)
    return rows.order_by("-slot__starts_at", "-pk")


def outcomes_of(rows: QuerySet[Booking]) -> list[outcome_rules.Outcome]:
    """The outcomes of ``rows`` as the rules count them (one query, plain values)."""
    values = rows.values_list("slot__site__name", "slot__starts_at", "created_at", "status")
    return [
        outcome_rules.Outcome(site, starts.astimezone(JST).date(), created.astimezone(JST).date(), status)
        for site, starts, created, status in values
    ]


@dataclass(frozen=True)
class OutcomeLine:
    """One line of the outcomes list: a visit and its result (no resident named)."""

    visit_at: dt.datetime
    site: str
    channel: str
    booked_on: dt.date
    lead_days: int
    result: str


#: An outcome as the list reads it: visit start, site, channel, booked at, status.
OutcomeValues = tuple[dt.datetime, str, str, dt.datetime, str]


def outcome_values(rows: QuerySet[Booking]) -> QuerySet[Booking, OutcomeValues]:
    """The bookings of ``rows`` as plain values for the list (the page slices them)."""
    return rows.values_list("slot__starts_at", "slot__site__name", "channel", "created_at", "status")


def outcome_lines(values: Iterable[OutcomeValues]) -> list[OutcomeLine]:
    """One page of :func:`outcome_values` as list lines (labels in Japanese, lead time in days)."""
    channels, results = dict(Booking.Channel.choices), dict(Booking.Status.choices)
    lines = []
    for starts, site, channel, created, status in values:
        visit, booked = starts.astimezone(JST), created.astimezone(JST).date()
        lines.append(
            OutcomeLine(
                visit_at=visit,
                site=site,
                channel=channels.get(channel, channel),
                booked_on=booked,
                lead_days=max(0, (visit.date() - booked).days),
                result=results.get(status, status),
            )
        )
    return lines


def closure_rows(site: Site, *, today: dt.date, q: str = "", when: str = "") -> QuerySet[Closure]:
    """The closures of the site's municipality (its own and the whole municipality's, newest first),
    filtered: a word of the reason; still to come or over by ``today``."""
    rows = Closure.objects.filter(municipality_id=site.municipality_id).select_related("site")
    if q:
        rows = rows.filter(reason__contains=q)
    if when == "upcoming":
        rows = rows.filter(end__gte=today)
    elif when == "past":
        rows = rows.filter(end__lt=today)
    return rows.order_by("-start", "-pk")
