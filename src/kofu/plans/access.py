"""Access to smoothing plans, their versions and hearings (the rules: ``kofu.accounts.access``).

Plans, monthly reports and hearings belong to a municipality and are reached through it
(:func:`kofu.accounts.access.access_municipality`: its own staff, its prefecture and the ministry
read them; its own staff change them). The prefecture reviews its municipalities' plans and holds
their prefecture-level hearings; the ministry holds the national hearings.
"""

from __future__ import annotations

from kofu.accounts.access import NotFound, access_municipality, area_of
from kofu.accounts.roles import Actor, Role
from kofu.plans.models import HearingLevel, PlanVersion
from kofu.registry.models import Municipality


def access_plan_version(actor: Actor, code: str, number: int) -> PlanVersion:
    """Version ``number`` of the plan of the municipality ``code``, if the actor sees the municipality."""
    municipality = access_municipality(actor, code)
    version = (
        PlanVersion.objects.select_related("plan__municipality__prefecture")
        .filter(plan__municipality=municipality, number=number)
        .first()
    )
    if version is None:
        raise NotFound("計画の版が見つかりません")
    return version


def supervises_municipality(actor: Actor, municipality: Municipality) -> bool:
    """The prefecture's staff over one of its municipalities (review, prefecture hearings)."""
    return actor.role is Role.PREFECTURE and area_of(actor).covers(
        municipality.pk, municipality.prefecture_id
    )


def holds_prefecture_hearings(actor: Actor, prefecture_id: int) -> bool:
    """The prefecture's own staff record its hearings (the ministry reads them)."""
    return actor.role is Role.PREFECTURE and area_of(actor).covers(None, prefecture_id)


def may_record_hearing(actor: Actor, municipality: Municipality, level: str) -> bool:
    if actor.role is Role.SYSTEM:
        return level in HearingLevel.values
    if level == HearingLevel.PREFECTURE:
        return supervises_municipality(actor, municipality)
    return level == HearingLevel.MINISTRY and actor.role is Role.MINISTRY


def access_hearing(actor: Actor, municipality: str | Municipality, level: str) -> Municipality:
    """The municipality (by code, or the object) whose ``level`` hearing the actor records."""
    found = access_municipality(actor, municipality)
    if not may_record_hearing(actor, found, level):
        raise NotFound("ページが見つかりません")
    return found
