"""Who is looking: the viewer's role and jurisdiction, derived once per request."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kofu.accounts.models import Organisation


class Role(StrEnum):
    ANONYMOUS = "anonymous"
    RESIDENT = "resident"
    MUNICIPALITY = "municipality_staff"
    PREFECTURE = "prefecture_staff"
    MINISTRY = "ministry_staff"


ROLE_LABELS = {
    Role.ANONYMOUS: "未ログイン",
    Role.RESIDENT: "住民",
    Role.MUNICIPALITY: "市区町村職員",
    Role.PREFECTURE: "都道府県職員",
    Role.MINISTRY: "総務省職員",
}

_ROLE_OF_KIND = {
    Organisation.Kind.MUNICIPALITY: Role.MUNICIPALITY,
    Organisation.Kind.PREFECTURE: Role.PREFECTURE,
    Organisation.Kind.MINISTRY: Role.MINISTRY,
}


@dataclass(frozen=True)
class Viewer:
    role: Role
    user_id: int | None = None
    username: str = ""
    organisation: Organisation | None = None
    is_org_admin: bool = False
    #: 持ち出し: granted by the organisation's administrator (StaffMembership.export_resident_pii).
    export_resident_pii: bool = False

    @property
    def is_staff_member(self) -> bool:
        return self.role in {Role.MUNICIPALITY, Role.PREFECTURE, Role.MINISTRY}

    @property
    def label(self) -> str:
        return ROLE_LABELS[self.role]

    @property
    def prefecture_id(self) -> int | None:
        return self.organisation.prefecture_id if self.organisation else None

    @property
    def municipality_id(self) -> int | None:
        return self.organisation.municipality_id if self.organisation else None


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
