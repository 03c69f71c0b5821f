"""Reads of the accounts app: the staff accounts an administrator may manage (own organisation only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from kofu.accounts.models import StaffMembership
from kofu.accounts.roles import Viewer


def staff_of_organisation(viewer: Viewer) -> QuerySet[StaffMembership]:
    """The accounts of the viewer's organisation if the viewer administers it; otherwise none."""
    if not viewer.is_org_admin or viewer.organisation is None:
        return StaffMembership.objects.none()
    return StaffMembership.objects.filter(organisation=viewer.organisation).select_related(
        "user", "organisation"
    )


def membership_or_404(viewer: Viewer, user_id: int) -> StaffMembership:
    """An account the viewer manages; another organisation's (or a missing one) answers 404."""
    membership = staff_of_organisation(viewer).filter(user_id=user_id).first()
    if membership is None:
        raise Http404("職員アカウントが見つかりません")
    return membership


@dataclass(frozen=True)
class StaffRow:
    membership: StaffMembership
    has_second_factor: bool

    @property
    def user(self):  # type: ignore[no-untyped-def]
        return self.membership.user


def staff_rows(viewer: Viewer) -> list[StaffRow]:
    """The organisation's accounts for the list page: administrators first, then by user name."""
    memberships = list(staff_of_organisation(viewer).order_by("-is_admin", "user__username"))
    enrolled = set(
        TOTPDevice.objects.filter(user_id__in=[m.user_id for m in memberships], confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    return [StaffRow(membership=m, has_second_factor=m.user_id in enrolled) for m in memberships]


def has_second_factor(membership: StaffMembership) -> bool:
    return TOTPDevice.objects.filter(user_id=membership.user_id, confirmed=True).exists()
