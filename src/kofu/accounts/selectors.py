"""Reads of the accounts app: the staff accounts an administrator may manage (own organisation only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

from kofu.accounts.access import staff_accounts_in_scope
from kofu.accounts.models import StaffMembership
from kofu.accounts.roles import Actor


@dataclass(frozen=True)
class StaffRow:
    membership: StaffMembership
    has_second_factor: bool

    @property
    def user(self) -> User:
        return self.membership.user


def staff_rows(actor: Actor) -> list[StaffRow]:
    """The organisation's accounts for the list page: administrators first, then by user name."""
    memberships = list(staff_accounts_in_scope(actor).order_by("-is_admin", "user__username"))
    enrolled = set(
        TOTPDevice.objects.filter(user_id__in=[m.user_id for m in memberships], confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    return [StaffRow(membership=m, has_second_factor=m.user_id in enrolled) for m in memberships]


def has_second_factor(membership: StaffMembership) -> bool:
    return bool(TOTPDevice.objects.filter(user_id=membership.user_id, confirmed=True).exists())
