"""Calendar writes: opening rules, closures and the slots they generate (sites and windows: ``sites``).

Seats of existing bookings are never touched here directly: closing a day calls
:func:`kofu.bookings.services.slot_close`, the one booking service.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kofu.accounts.access import NotFound, access_municipality
from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.bookings import services
from kofu.bookings.access import access_opening_rule, access_site
from kofu.bookings.models import Booking, Closure, OpeningRule, Site, Slot
from kofu.registry.models import Municipality
from kofu.rules import booking_calendar as cal


def _ints(text: str) -> frozenset[int]:
    return frozenset(int(x) for x in text.replace("、", ",").split(",") if x.strip())


def rule_of(row: OpeningRule) -> cal.OpeningRule:
    return cal.OpeningRule(
        weekdays=_ints(row.weekdays),
        start=row.start,
        end=row.end,
        windows=row.windows,
        weeks=_ints(row.weeks),
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        label=row.label,
    )


def closures_of(site: Site) -> list[cal.Closure]:
    rows = Closure.objects.filter(municipality_id=site.municipality_id).filter(models_q_site(site))
    return [cal.Closure(c.start, c.end, c.reason) for c in rows]


def models_q_site(site: Site) -> Q:
    return Q(site__isnull=True) | Q(site=site)


RULE_FIELDS = ("weekdays", "weeks", "start", "end", "windows", "valid_from", "valid_to", "label")


def _rule_values(row: OpeningRule) -> dict[str, object]:
    return {name: str(getattr(row, name)) if getattr(row, name) is not None else None for name in RULE_FIELDS}


def _check_rule(site: Site, row: OpeningRule) -> None:
    """Well formed, within the site's windows in use, and overlapping no other rule of the site."""
    try:
        mine = rule_of(row)
    except ValueError as exc:
        raise ValidationError("曜日・第何週は数字をカンマで区切って指定してください。") from exc
    in_use = site.windows.filter(active=True).count()
    if row.windows and row.windows > in_use:
        raise ValidationError(
            {
                "windows": f"開ける窓口数（{row.windows}）が、この会場の使用中の窓口数（{in_use}）より多くなっています。"
            }
        )
    others = [rule_of(r) for r in site.rules.exclude(pk=row.pk).order_by("start", "id")]
    try:
        cal.check_rules([*others, mine])
    except cal.CalendarError as exc:
        raise ValidationError(str(exc)) from exc


def _locked_rule(actor: Actor, rule_id: int) -> OpeningRule:
    return access_opening_rule(
        actor, rule_id, rows=OpeningRule.objects.select_for_update(of=("self",)).select_related("site")
    )


@transaction.atomic
def opening_rule_add(*, site: Site, actor: Actor, **fields: object) -> OpeningRule:
    """Add a rule; refused (ValidationError in Japanese) when it overlaps another rule of the site,
    naming that rule."""
    access_site(actor, site)
    row = OpeningRule(site=site, **fields)
    _check_rule(site, row)
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="bookings.rule_add",
        object_type="opening_rule",
        object_id=row.pk,
        after={"site": site.pk, **_rule_values(row)},
        purpose="来庁予約",
    )
    return row


@transaction.atomic
def opening_rule_update(*, rule_id: int, actor: Actor, **fields: object) -> OpeningRule:
    """Change a rule (e.g. end it with ``valid_to``); the same checks as adding. Slots already
    generated keep their times and seats."""
    row = _locked_rule(actor, rule_id)
    before = _rule_values(row)
    for name, value in fields.items():
        if name not in RULE_FIELDS:
            raise TypeError(f"unknown rule field: {name}")
        setattr(row, name, value)
    _check_rule(row.site, row)
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="bookings.rule_change",
        object_type="opening_rule",
        object_id=row.pk,
        before=before,
        after=_rule_values(row),
        purpose="来庁予約",
    )
    return row


@transaction.atomic
def opening_rule_delete(*, rule_id: int, actor: Actor) -> None:
    """Remove a rule: no new slots come from it; slots already generated stay (close them with a closure)."""
    row = _locked_rule(actor, rule_id)
    before = {"site": row.site_id, **_rule_values(row)}
    pk = row.pk
    row.delete()
    audit_record(
        actor=actor,
        action="bookings.rule_delete",
        object_type="opening_rule",
        object_id=pk,
        before=before,
        purpose="来庁予約",
    )


#: The longest range one run may generate (a year and a day, so a fiscal year fits in one run).
MAX_GENERATE_DAYS = 366


@transaction.atomic
def slots_generate(*, site: Site, start: dt.date, end: dt.date, actor: Actor) -> int:
    """Create the slots of ``start``–``end`` from the rules (existing slots are kept): the count made.

    No slots on national holidays, the year-end closure, the site's monthly closed weekend or
    registered closures. Running it again for the same days makes nothing new.
    """
    access_site(actor, site)
    if end < start:
        raise ValidationError({"end": "終了日は開始日以降にしてください。"})
    if (end - start).days + 1 > MAX_GENERATE_DAYS:
        raise ValidationError(
            {
                "end": f"一度に作れるのは{MAX_GENERATE_DAYS}日分までです（{start:%Y-%m-%d}から{(end - start).days + 1}日分が指定されました）。"
            }
        )
    # One run per site at a time: a parallel run waits here, then sees the slots this one made.
    list(Site.objects.select_for_update().filter(pk=site.pk).values_list("pk", flat=True))
    rules = [rule_of(r) for r in site.rules.all()]
    closures = closures_of(site)
    existing = set(Slot.objects.filter(site=site).values_list("starts_at", flat=True))
    made = []
    day = start
    while day <= end:
        for spec in cal.slots_on(
            day,
            rules,
            service_minutes=site.service_minutes,
            people_per_window=site.people_per_window,
            web_percent=site.web_percent,
            phone_percent=site.phone_percent,
            closures=closures,
            year_end=site.year_end_closed,
            closed_weekend=site.closed_weekend,
        ):
            if spec.starts_at not in existing:
                made.append(
                    Slot(
                        site=site,
                        starts_at=spec.starts_at,
                        ends_at=spec.ends_at,
                        capacity=spec.capacity,
                        web_capacity=spec.web_capacity,
                        phone_capacity=spec.phone_capacity,
                    )
                )
        day += dt.timedelta(days=1)
    Slot.objects.bulk_create(made)
    if made:
        audit_record(
            actor=actor,
            action="bookings.slots_generate",
            object_type="site",
            object_id=site.pk,
            after={"from": start.isoformat(), "to": end.isoformat(), "slots": len(made)},
            purpose="来庁予約",
        )
    return len(made)


@transaction.atomic
def closure_add(
    *,
    municipality: Municipality,
    start: dt.date,
    end: dt.date,
    reason: str,
    actor: Actor,
    site: Site | None = None,
) -> tuple[Closure, list[Booking]]:
    """Close days of a municipality (or of one of its sites): a closure or a newly declared
    holiday. Cancels exactly the bookings on them.

    Each booked resident with an address gets an e-mail, queued in the outbox in this transaction
    (through :func:`kofu.bookings.services.slot_close`) and sent after the commit.
    """
    access_municipality(actor, municipality, change=True)
    if site is not None and access_site(actor, site).municipality_id != municipality.pk:
        raise NotFound("会場が見つかりません")
    municipality_id = municipality.pk
    closure = Closure(municipality_id=municipality_id, site=site, start=start, end=end, reason=reason)
    closure.full_clean()
    closure.save()
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    last = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    slots = Slot.objects.select_for_update().filter(
        site__municipality_id=municipality_id, starts_at__gte=first, starts_at__lt=last, closed=False
    )
    if site is not None:
        slots = slots.filter(site=site)
    cancelled: list[Booking] = []
    for slot in slots.select_related("site"):
        cancelled += services.slot_close(slot=slot, actor=actor, reason=f"休業（{reason}）")
    audit_record(
        actor=actor,
        action="bookings.closure_add",
        object_type="closure",
        object_id=closure.pk,
        after={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "reason": reason,
            "cancelled": len(cancelled),
        },
        purpose="来庁予約",
    )
    return closure, cancelled


def holidays_apply(*, actor: Actor) -> list[Booking]:
    """Close future slots that fall on a national holiday (e.g. after ``jpholiday`` learnt a new one).

    Each (municipality, holiday) becomes a closure through :func:`closure_add`, which cancels and
    notifies exactly the bookings of that day. Running it again finds nothing more to do.
    """
    import jpholiday

    cancelled: list[Booking] = []
    seen: set[tuple[int, dt.date]] = set()
    upcoming = Slot.objects.filter(starts_at__gte=timezone.now(), closed=False).select_related(
        "site__municipality"
    )
    for slot in upcoming.order_by("starts_at"):
        day = timezone.localtime(slot.starts_at).date()
        name = jpholiday.is_holiday_name(day)
        key = (slot.site.municipality_id, day)
        if name and key not in seen:
            seen.add(key)
            _, gone = closure_add(
                municipality=slot.site.municipality,
                start=day,
                end=day,
                reason=f"祝日（{name}）",
                actor=actor,
            )
            cancelled += gone
    return cancelled


@transaction.atomic
def slots_unused_to_walk_in(*, site: Site, day: dt.date, actor: Actor) -> int:
    """On the day itself: give the web and phone seats nobody booked to walk-ins (each slot through
    :func:`kofu.bookings.services.slot_set_capacity`). Returns the seats moved."""
    access_site(actor, site)
    first = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    moved = 0
    for slot in (
        Slot.objects.select_for_update()
        .filter(site=site, starts_at__gte=first, starts_at__lt=first + dt.timedelta(days=1), closed=False)
        .order_by("starts_at")
    ):
        spare = slot.web_free + slot.phone_free
        if spare:
            services.slot_set_capacity(
                slot_id=slot.pk,
                capacity=slot.capacity,
                web_capacity=slot.web_booked,
                phone_capacity=slot.phone_booked,
                actor=actor,
            )
            moved += spare
    return moved
