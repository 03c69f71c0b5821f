"""Access to surveys, respondents, outreach events and staff-acquisition bodies (the rules:
``kofu.accounts.access``).

* Measure surveys are the ministry's: it (and the operator's commands) defines them and sees every
  respondent; prefecture staff see the surveys and answers of their municipalities; a municipality
  sees the surveys it answers, and answers for itself.
* Outreach events are the municipality's own records (the public list shows the published ones);
  their bookings ahead are the municipality's and, through the signed link, the resident's.
* Staff-acquisition bodies (fire HQs, departments) belong to a prefecture and maybe a municipality:
  the municipality reports for its own, the prefecture for any in the prefecture.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from kofu.accounts.access import NotFound, area_of, can_edit_municipality
from kofu.accounts.roles import Actor, Role
from kofu.registry.models import Municipality
from kofu.surveys.models import (
    OutreachBooking,
    OutreachEvent,
    PracticeSelection,
    Respondent,
    StaffOrganisation,
    Survey,
)


def surveys_in_scope(actor: Actor) -> QuerySet[Survey]:
    """Ministry: every survey; prefecture: those with a respondent in the prefecture; municipality: its own."""
    area = area_of(actor)
    if area.everywhere:
        return Survey.objects.all()
    return Survey.objects.filter(area.q("respondents__municipality")).distinct()


def access_survey(actor: Actor, slug: str, *, change: bool = False) -> Survey:
    """The survey (by slug) if the actor sees it; with ``change``, the ministry's (define, select, import)."""
    survey = surveys_in_scope(actor).filter(slug=slug).first()
    if survey is None or (change and not area_of(actor).everywhere):
        raise NotFound("調査が見つかりません")
    return survey


def respondents_in_scope(actor: Actor, survey: Survey) -> QuerySet[Respondent]:
    return survey.respondents.select_related("municipality__prefecture").filter(
        area_of(actor).q("municipality")
    )


def may_answer(actor: Actor, respondent: Respondent) -> bool:
    """A municipality answers for itself; the ministry's import of its collected file for anyone."""
    return area_of(actor).everywhere or can_edit_municipality(actor, respondent.municipality_id)


def access_respondent(
    actor: Actor,
    respondent: Survey | Respondent,
    municipality: Municipality | None = None,
    *,
    answer: bool = False,
) -> Respondent:
    """A respondent the actor sees — or, with ``answer``, answers for: the object, or the one of a
    survey for ``municipality`` (by default the actor's own)."""
    if isinstance(respondent, Respondent):
        found: Respondent | None = respondent
        seen = area_of(actor).covers(respondent.municipality_id, respondent.municipality.prefecture_id)
    else:
        rows = respondents_in_scope(actor, respondent)
        found = (rows.filter(municipality=municipality) if municipality is not None else rows).first()
        seen = True
    if found is None or not seen or (answer and not may_answer(actor, found)):
        raise NotFound("回答団体が見つかりません")
    return found


def events_in_scope(actor: Actor) -> QuerySet[OutreachEvent]:
    """The outreach events in the actor's area (with their recorded applications)."""
    return (
        OutreachEvent.objects.select_related("municipality__prefecture")
        .prefetch_related("applications")
        .filter(area_of(actor).q("municipality"))
    )


def access_outreach_event(
    actor: Actor, event: int | OutreachEvent, *, rows: QuerySet[OutreachEvent] | None = None
) -> OutreachEvent:
    """An outreach event (by id, read from ``rows`` — e.g. locked — or the object) its
    municipality's own staff (or the operator) manage."""
    found = (
        (rows if rows is not None else OutreachEvent.objects).filter(pk=event).first()
        if isinstance(event, int)
        else event
    )
    if found is None or not can_edit_municipality(actor, found.municipality_id):
        raise NotFound("出張申請受付が見つかりません")
    return found


def bookable_events(today: dt.date) -> QuerySet[OutreachEvent]:
    """Published events taking bookings ahead (事前予約制) that have not ended: anyone may book."""
    return OutreachEvent.objects.select_related("municipality__prefecture").filter(
        published=True, booking_open=True, ends_on__gte=today
    )


def access_bookable_event(event: int, today: dt.date) -> OutreachEvent:
    """The public booking page's event: 404 unless published, open for booking and not over."""
    found = bookable_events(today).filter(pk=event).first()
    if found is None:
        raise NotFound("予約を受け付けている出張申請受付が見つかりません")
    return found


def access_outreach_booking(
    actor: Actor, booking: int, *, token_holder: bool = False, rows: QuerySet[OutreachBooking] | None = None
) -> OutreachBooking:
    """A booking of an outreach slot: for the resident who holds its signed link (``token_holder``:
    the link is the credential, ADR 0030), or for the event's municipality's own staff."""
    found = (
        (rows if rows is not None else OutreachBooking.objects)
        .select_related("slot__event__municipality__prefecture")
        .filter(pk=booking)
        .first()
    )
    if found is None or not (token_holder or can_edit_municipality(actor, found.slot.event.municipality_id)):
        raise NotFound("予約が見つかりません")
    return found


def staff_organisations_in_scope(actor: Actor) -> QuerySet[StaffOrganisation]:
    return StaffOrganisation.objects.select_related("prefecture", "municipality").filter(
        area_of(actor).q("municipality", prefecture="prefecture")
    )


def may_edit_staff_organisation(actor: Actor, organisation: StaffOrganisation) -> bool:
    """Municipality staff report for their own municipality's bodies; prefecture staff for any
    body in their prefecture (they collect the fire headquarters' forms); commands for all."""
    return actor.role is not Role.MINISTRY and area_of(actor).covers(
        organisation.municipality_id, organisation.prefecture_id
    )


def access_staff_organisation(
    actor: Actor, organisation: int | StaffOrganisation, *, change: bool = False
) -> StaffOrganisation:
    """A staff-acquisition body the actor sees — or, with ``change``, reports for."""
    found = (
        staff_organisations_in_scope(actor).filter(pk=organisation).first()
        if isinstance(organisation, int)
        else organisation
    )
    if found is None or not (
        may_edit_staff_organisation(actor, found)
        if change
        else area_of(actor).covers(found.municipality_id, found.prefecture_id)
    ):
        raise NotFound("組織が見つかりません")
    return found


def practice_selections_in_scope(actor: Actor) -> QuerySet[PracticeSelection]:
    """The ministry sees every selection; prefecture staff those shared with the prefectures."""
    if area_of(actor).everywhere:
        return PracticeSelection.objects.all()
    if actor.role is Role.PREFECTURE:
        return PracticeSelection.objects.filter(shared_at__isnull=False)
    return PracticeSelection.objects.none()


def access_practice_selection(actor: Actor, selection: int) -> PracticeSelection:
    found = practice_selections_in_scope(actor).filter(pk=selection).first()
    if found is None:
        raise NotFound("事例集が見つかりません")
    return found
