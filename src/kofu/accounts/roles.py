"""Who is acting: staff and anonymous visitors (:class:`Viewer`), a resident, or kofu itself.

Every service takes a required ``actor: Actor``; nothing means "no check". There are three kinds:

* :class:`Viewer` — a person at a browser: a staff member through their membership, or an
  anonymous visitor (derived once per request by :func:`viewer_of`);
* :class:`Resident` — a resident identified by the notice number and birth date (or by the signed
  link of their booking), scoped to their own card and the household cards offered with it;
* :class:`System` — kofu run by the operator on the server (a ``kofu`` command, the demo loader);
  :data:`SYSTEM` is the unnamed one. The audit log records it under its command's name.

The three share the attributes services read (``role``, ``user_id``, ``name``, ``organisation``,
``municipality_id`` …), so a service writes its history and audit rows the same way for each.
Whether an actor may see or change an object is decided in one place per object type: the
``access`` module of each app (``kofu.accounts.access`` for the jurisdiction itself).
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from kofu.accounts.models import Organisation


class Role(StrEnum):
    ANONYMOUS = "anonymous"
    RESIDENT = "resident"
    MUNICIPALITY = "municipality_staff"
    PREFECTURE = "prefecture_staff"
    MINISTRY = "ministry_staff"
    SYSTEM = "system"


ROLE_LABELS = {
    Role.ANONYMOUS: "未ログイン",
    Role.RESIDENT: "住民",
    Role.MUNICIPALITY: "市区町村職員",
    Role.PREFECTURE: "都道府県職員",
    Role.MINISTRY: "総務省職員",
    Role.SYSTEM: "システム（運用者のコマンド）",
}

STAFF_ROLES = frozenset({Role.MUNICIPALITY, Role.PREFECTURE, Role.MINISTRY})

_ROLE_OF_KIND = {
    Organisation.Kind.MUNICIPALITY: Role.MUNICIPALITY,
    Organisation.Kind.PREFECTURE: Role.PREFECTURE,
    Organisation.Kind.MINISTRY: Role.MINISTRY,
}


@dataclass(frozen=True)
class Viewer:
    """A person at a browser: staff (role and jurisdiction from their membership) or anonymous."""

    role: Role
    user_id: int | None = None
    username: str = ""
    organisation: Organisation | None = None
    is_org_admin: bool = False
    #: 持ち出し: granted by the organisation's administrator (StaffMembership.export_resident_pii).
    export_resident_pii: bool = False

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def label(self) -> str:
        return ROLE_LABELS[self.role]

    @property
    def name(self) -> str:
        """Who the audit log and histories show: the user name."""
        return self.username or str(self.role)

    @property
    def prefecture_id(self) -> int | None:
        return self.organisation.prefecture_id if self.organisation else None

    @property
    def municipality_id(self) -> int | None:
        return self.organisation.municipality_id if self.organisation else None


@dataclass(frozen=True)
class Resident:
    """A resident who identified with the notice number and birth date, or holds a booking's link.

    They act on their own card (``card_id``) and on the household cards whose notice number and
    birth date they also typed (``household``: same notice, same address; the family step of the
    booking pages), in their card's municipality.
    """

    card_id: int
    municipality_id: int
    household: frozenset[int] = frozenset()

    role: ClassVar[Role] = Role.RESIDENT
    name: ClassVar[str] = "resident"
    user_id: ClassVar[None] = None
    username: ClassVar[str] = ""
    organisation: ClassVar[None] = None
    prefecture_id: ClassVar[None] = None
    is_org_admin: ClassVar[bool] = False
    export_resident_pii: ClassVar[bool] = False
    is_staff_member: ClassVar[bool] = False

    @property
    def label(self) -> str:
        return ROLE_LABELS[self.role]

    @property
    def cards(self) -> frozenset[int]:
        """The cards this resident may act on: their own and their household's."""
        return self.household | {self.card_id}


@dataclass(frozen=True)
class System:
    """kofu run by the operator on the server: a ``kofu`` command, the demo loader, a job.

    Operator commands may act on every jurisdiction; they are recorded under ``command``.
    """

    command: str = "system"

    role: ClassVar[Role] = Role.SYSTEM
    user_id: ClassVar[None] = None
    username: ClassVar[str] = ""
    organisation: ClassVar[None] = None
    prefecture_id: ClassVar[None] = None
    municipality_id: ClassVar[None] = None
    is_org_admin: ClassVar[bool] = False
    export_resident_pii: ClassVar[bool] = False
    is_staff_member: ClassVar[bool] = False

    @property
    def label(self) -> str:
        return ROLE_LABELS[self.role]

    @property
    def name(self) -> str:
        return self.command


#: kofu itself (a command without a name of its own, a test, expiring holds).
SYSTEM = System()

#: Whoever a service acts for. Always passed explicitly; access functions decide what it may do.
Actor = Viewer | Resident | System

ANONYMOUS = Viewer(role=Role.ANONYMOUS)


def viewer_of(user: Any) -> Viewer:
    """The viewer for a Django user (anonymous, or staff through their membership).

    An authenticated account without a membership has no role beyond anonymous: deny by default.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    membership = getattr(user, "membership", None)
    if membership is None:
        return Viewer(role=Role.ANONYMOUS, user_id=user.pk, username=user.get_username())
    organisation = membership.organisation
    return Viewer(
        role=_ROLE_OF_KIND[Organisation.Kind(organisation.kind)],
        user_id=user.pk,
        username=user.get_username(),
        organisation=organisation,
        is_org_admin=membership.is_admin,
        export_resident_pii=membership.export_resident_pii,
    )


#: Where a resident's identification is kept in their session (card, municipality, household).
RESIDENT_SESSION_KEY = "kofu_resident"


def resident_sign_in(session: Any, resident: Resident) -> None:
    """Remember an identified resident in the session, under a new session key (no fixation)."""
    session.cycle_key()
    store_resident(session, resident)


def store_resident(session: MutableMapping[str, Any], resident: Resident) -> None:
    session[RESIDENT_SESSION_KEY] = {
        "card": resident.card_id,
        "municipality": resident.municipality_id,
        "household": sorted(resident.household),
    }


def resident_of_session(session: MutableMapping[str, Any]) -> Resident | None:
    """The resident this session identified, or None."""
    stored = session.get(RESIDENT_SESSION_KEY)
    if not isinstance(stored, dict):
        return None
    try:
        return Resident(
            card_id=int(stored["card"]),
            municipality_id=int(stored["municipality"]),
            household=frozenset(_ints(stored.get("household", ()))),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _ints(values: Iterable[Any]) -> list[int]:
    return [int(value) for value in values]
