"""Outreach application events and the best-practice catalogue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kofu.accounts.access import access_municipality
from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.registry.models import Municipality
from kofu.surveys.access import access_outreach_event
from kofu.surveys.models import EventApplications, OutreachEvent
from kofu.surveys.models.outreach import Channel, VenueType

EVENT_FIELDS = [
    "title", "venue_type", "venue", "address", "starts_on", "ends_on", "opens_at", "closes_at",
    "staff", "has_camera", "has_terminal", "notes", "published",
]  # fmt: skip


@transaction.atomic
def event_save(*, event: OutreachEvent, actor: Actor) -> OutreachEvent:
    """Create or update an event (built by the form); only the municipality's own staff."""
    access_outreach_event(actor, event)
    before = None
    if event.pk:
        stored = access_outreach_event(actor, event.pk, rows=OutreachEvent.objects.select_for_update())
        if stored.municipality_id != event.municipality_id:
            raise PermissionDenied("実施団体は変更できません")
        before = {f: str(getattr(stored, f)) for f in EVENT_FIELDS}
    event.full_clean()
    event.save()
    audit_record(
        actor=actor,
        action="outreach_event_save",
        object_type="outreach_event",
        object_id=event.pk,
        before=before,
        after={f: str(getattr(event, f)) for f in EVENT_FIELDS},
    )
    return event


@transaction.atomic
def outreach_event_for_applications(
    *, municipality: Municipality, venue: str, held_on: dt.date, actor: Actor
) -> OutreachEvent:
    """The event at ``venue`` on ``held_on`` an application list names: the planned one covering
    that day, or a new one-day event (unpublished, address and hours to be completed)."""
    access_municipality(actor, municipality, change=True)
    found = OutreachEvent.objects.filter(
        municipality=municipality, venue=venue, starts_on__lte=held_on, ends_on__gte=held_on
    ).first()
    if found is not None:
        return found
    event = OutreachEvent(
        municipality=municipality,
        title=venue,
        venue_type=VenueType.OTHER,
        venue=venue,
        starts_on=held_on,
        ends_on=held_on,
    )
    event.full_clean()
    event.save()
    audit_record(
        actor=actor,
        action="outreach_event_save",
        object_type="outreach_event",
        object_id=event.pk,
        after={"venue": venue, "starts_on": held_on.isoformat(), "source": "申請受付の一覧"},
    )
    return event


@transaction.atomic
def event_applications_record(
    *, event: OutreachEvent, counts: Mapping[str, int], actor: Actor
) -> list[EventApplications]:
    """Applications taken at the event per channel (replaces the previous figures)."""
    access_outreach_event(actor, event)
    unknown = set(counts) - set(Channel.values)
    if unknown:
        raise ValidationError(f"申請方式が正しくありません: {', '.join(sorted(unknown))}")
    if any(c < 0 for c in counts.values()):
        raise ValidationError("受付件数は0以上にしてください")
    before = dict(event.applications.values_list("channel", "count"))
    rows = []
    for channel, count in counts.items():
        row, _ = EventApplications.objects.update_or_create(
            event=event, channel=channel, defaults={"count": count}
        )
        rows.append(row)
    audit_record(
        actor=actor,
        action="outreach_applications_record",
        object_type="outreach_event",
        object_id=event.pk,
        before=before,
        after=dict(counts),
    )
    return rows
