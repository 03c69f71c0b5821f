"""Who may see or change what: the one jurisdiction check, and the access functions of accounts.

Each app has an ``access`` module with one function per object type, in the style of Zulip's
``access_stream_by_id``: ``access_<thing>(actor, thing_or_its_id, …)`` returns the object when
``actor`` may see it (or, with ``change=True``, change it) and raises :class:`NotFound` otherwise —
the same answer for "missing" and "not yours", so another jurisdiction's ids reveal nothing. Views
let ``NotFound`` become a 404; services call the same functions, so a page, a command and a test
are checked alike. Given an object already read, the check costs no query.

The rules all rest on two functions here:

* :func:`area_of` — the jurisdiction an actor oversees (ministry and operator commands: the whole
  country; prefecture staff: their prefecture; municipality staff: their municipality; residents
  and anonymous visitors: none — residents reach their own card through ``kofu.cards.access``);
* :func:`own_area` / :func:`can_edit_municipality` — the ownership check: only a municipality's own
  staff (and the operator's commands) change its records and see its residents' records, whoever
  else may read its aggregates.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from kofu.accounts.models import StaffMembership
from kofu.accounts.roles import Actor, Role
from kofu.registry.models import Municipality, Prefecture


class NotFound(Http404):
    """Missing, or not the actor's: one answer for both (a view answers 404)."""


@dataclass(frozen=True)
class Area:
    """A jurisdiction: the whole country, one prefecture, one municipality, or nothing."""

    everywhere: bool = False
    prefecture_id: int | None = None
    municipality_id: int | None = None

    def covers(self, municipality_id: int | None, prefecture_id: int | None = None) -> bool:
        """Whether a record of this municipality (of this prefecture) lies in the area.

        Pass ``prefecture_id`` wherever the area may be a prefecture's.
        """
        if self.everywhere:
            return True
        if self.prefecture_id is not None:
            return prefecture_id == self.prefecture_id
        return self.municipality_id is not None and municipality_id == self.municipality_id

    def q(self, path: str = "", *, prefecture: str | None = None) -> Q:
        """The rows whose municipality (reached through ``path``; "" for municipalities) lies in it.

        ``prefecture``: the path to the row's prefecture when it has one of its own (a body that
        belongs to a prefecture without a municipality); by default the municipality's.
        """
        prefix = f"{path}__" if path else ""
        if self.everywhere:
            return Q()
        if self.prefecture_id is not None:
            return Q(**{f"{prefecture}_id" if prefecture else f"{prefix}prefecture_id": self.prefecture_id})
        if self.municipality_id is not None:
            return Q(**{f"{path}_id" if path else "pk": self.municipality_id})
        return Q(pk__in=[])


EVERYWHERE = Area(everywhere=True)
NOWHERE = Area()


def area_of(actor: Actor) -> Area:
    """The jurisdiction whose records and aggregates ``actor`` sees."""
    if actor.role in (Role.SYSTEM, Role.MINISTRY):
        return EVERYWHERE
    if actor.role is Role.PREFECTURE:
        return Area(prefecture_id=actor.prefecture_id)
    if actor.role is Role.MUNICIPALITY:
        return Area(municipality_id=actor.municipality_id)
    return NOWHERE


def own_area(actor: Actor) -> Area:
    """Where the actor changes municipal records and sees residents' ones: a municipality's own
    staff their municipality, the operator's commands everywhere, anybody else nowhere."""
    if actor.role is Role.SYSTEM:
        return EVERYWHERE
    return area_of(actor) if actor.role is Role.MUNICIPALITY else NOWHERE


def can_edit_municipality(actor: Actor, municipality_id: int) -> bool:
    """The ownership check: the municipality's own staff (or an operator's command) may change its
    records — plans, reports, claims, cards, sites, bookings, events, answers."""
    return own_area(actor).covers(municipality_id)


def municipalities_in_scope(actor: Actor) -> QuerySet[Municipality]:
    """Municipalities whose records the actor may see (ministry: all, for aggregates)."""
    return Municipality.objects.select_related("prefecture").filter(area_of(actor).q())


def prefectures_in_scope(actor: Actor) -> QuerySet[Prefecture]:
    """The ministry's (and the operator's) every prefecture; staff otherwise their own."""
    if area_of(actor).everywhere:
        return Prefecture.objects.all()
    own = actor.prefecture_id
    return Prefecture.objects.filter(pk=own) if own is not None else Prefecture.objects.none()


def access_municipality(
    actor: Actor, municipality: str | Municipality, *, change: bool = False
) -> Municipality:
    """The municipality (by 団体コード, or the object) if ``actor`` sees it — or, with ``change``,
    may change its records (its own staff only)."""
    found = (
        Municipality.objects.select_related("prefecture").filter(code=municipality).first()
        if isinstance(municipality, str)
        else municipality
    )
    if found is None or not (
        can_edit_municipality(actor, found.pk)
        if change
        else area_of(actor).covers(found.pk, found.prefecture_id)
    ):
        raise NotFound("市区町村が見つかりません")
    return found


def own_municipality(actor: Actor) -> Municipality:
    """The municipality whose staff ``actor`` is (for pages without a code: "new claim", "new site")."""
    own = actor.municipality_id if actor.role is Role.MUNICIPALITY else None
    found = (
        Municipality.objects.select_related("prefecture").filter(pk=own).first() if own is not None else None
    )
    if found is None:
        raise NotFound("市区町村が見つかりません")
    return found


def access_prefecture(actor: Actor, code: str) -> Prefecture:
    """The prefecture (by its 2-digit code) if it is the actor's own, or the actor sees every one."""
    prefecture = prefectures_in_scope(actor).filter(code=code).first()
    if prefecture is None:
        raise NotFound("都道府県が見つかりません")
    return prefecture


def access_staff_account(
    actor: Actor, account: int | StaffMembership, *, lock: bool = False
) -> StaffMembership:
    """A staff account (by user id, or the membership) the actor manages: an administrator of the
    account's own organisation, or an operator's command. ``lock`` reads it ``FOR UPDATE``."""
    if isinstance(account, StaffMembership):
        membership: StaffMembership | None = account
    else:
        rows = StaffMembership.objects.select_related("user", "organisation")
        if lock:
            rows = rows.select_for_update()
        membership = rows.filter(user_id=account).first()
    if membership is None or not administers(actor, membership.organisation_id):
        raise NotFound("職員アカウントが見つかりません")
    return membership


def administers(actor: Actor, organisation_id: int) -> bool:
    """An administrator of this very organisation manages its accounts (and the command line)."""
    if actor.role is Role.SYSTEM:
        return True
    return actor.is_org_admin and actor.organisation is not None and actor.organisation.pk == organisation_id


def staff_accounts_in_scope(actor: Actor) -> QuerySet[StaffMembership]:
    """The accounts the actor manages (an administrator: their organisation's; commands: all)."""
    rows = StaffMembership.objects.select_related("user", "organisation")
    if actor.role is Role.SYSTEM:
        return rows.all()
    if not actor.is_org_admin or actor.organisation is None:
        return rows.none()
    return rows.filter(organisation_id=actor.organisation.pk)
