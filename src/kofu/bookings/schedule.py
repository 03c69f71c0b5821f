"""Calendar writes: sites, windows, opening rules, closures and the slots they generate.

Seats of existing bookings are never touched here directly: closing a day calls
:func:`kofu.bookings.services.slot_close`, the one booking service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kofu.accounts.audit import audit_record
from kofu.accounts.permissions import can_edit_municipality
from kofu.accounts.roles import Viewer
from kofu.bookings import services
from kofu.bookings.models import Booking, Closure, OpeningRule, Site, Slot
from kofu.rules import booking_calendar as cal


def _check(actor: Viewer | None, site_municipality_id: int) -> None:
    if actor is not None and not (can_edit_municipality(actor, _Muni(site_municipality_id))):
        raise PermissionDenied("この市区町村の会場は変更できません")


class _Muni:  # can_edit_municipality only reads ``pk``
    def __init__(self, pk: int) -> None:
        self.pk = pk


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


def models_q_site(site: Site):  # type: ignore[no-untyped-def]
    from django.db.models import Q

    return Q(site__isnull=True) | Q(site=site)


@transaction.atomic
def opening_rule_add(*, site: Site, actor: Viewer | None, **fields: object) -> OpeningRule:
    """Add a rule; refused (ValidationError in Japanese) when it overlaps another rule of the site."""
    _check(actor, site.municipality_id)
    row = OpeningRule(site=site, **fields)
    row.full_clean()
    try:
        cal.check_rules([*(rule_of(r) for r in site.rules.all()), rule_of(row)])
    except cal.CalendarError as exc:
        raise ValidationError(str(exc)) from exc
    row.save()
    audit_record(
        actor=actor,
        action="bookings.rule_add",
        object_type="opening_rule",
        object_id=row.pk,
        after={"site": site.pk, "weekdays": row.weekdays, "start": str(row.start), "end": str(row.end)},
        purpose="来庁予約",
    )
    return row


@transaction.atomic
def slots_generate(*, site: Site, start: dt.date, end: dt.date, actor: Viewer | None) -> int:
    """Create the slots of ``start``–``end`` from the rules (existing slots are kept): the count made."""
    _check(actor, site.municipality_id)
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
    municipality_id: int,
    start: dt.date,
    end: dt.date,
    reason: str,
    actor: Viewer | None,
    site: Site | None = None,
    notify: Callable[[Booking], None] | None = None,
) -> tuple[Closure, list[Booking]]:
    """Close days (a closure or a newly declared holiday): cancel exactly the bookings on them.

    Residents are told after the commit (``notify`` per cancelled booking; e-mail by default).
    """
    _check(actor, municipality_id)
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
    if notify is None:
        from kofu.bookings.notify import send

        def notify(booking: Booking) -> None:
            send(booking, "closure")

    callback = notify
    ids = [b.pk for b in cancelled]

    def after_commit() -> None:
        for booking in Booking.objects.filter(pk__in=ids).select_related("slot__site"):
            callback(booking)

    transaction.on_commit(after_commit)
    return closure, cancelled


def holidays_apply(*, actor: Viewer | None = None) -> list[Booking]:
    """Close future slots that fall on a national holiday (e.g. after ``jpholiday`` learnt a new one).

    Each (municipality, holiday) becomes a closure through :func:`closure_add`, which cancels and
    notifies exactly the bookings of that day. Running it again finds nothing more to do.
    """
    import jpholiday

    cancelled: list[Booking] = []
    seen: set[tuple[int, dt.date]] = set()
    upcoming = Slot.objects.filter(starts_at__gte=timezone.now(), closed=False).select_related("site")
    for slot in upcoming.order_by("starts_at"):
        day = timezone.localtime(slot.starts_at).date()
        name = jpholiday.is_holiday_name(day)
        key = (slot.site.municipality_id, day)
        if name and key not in seen:
            seen.add(key)
            _, gone = closure_add(
                municipality_id=slot.site.municipality_id,
                start=day,
                end=day,
                reason=f"祝日（{name}）",
                actor=actor,
            )
            cancelled += gone
    return cancelled
