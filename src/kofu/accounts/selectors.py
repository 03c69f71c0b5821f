"""Reads of the accounts app: the staff accounts an administrator may manage (own organisation only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
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


def staff_accounts(
    actor: Actor, *, q: str = "", state: str = "", role: str = ""
) -> QuerySet[StaffMembership]:
    """The organisation's accounts for the list page, filtered: administrators first, then by user name."""
    rows = staff_accounts_in_scope(actor)
    if q:
        rows = rows.filter(Q(user__username__icontains=q) | Q(display_name__icontains=q))
    if state:
        rows = rows.filter(user__is_active=state == "active")
    if role:
        rows = rows.filter(is_admin=role == "admin")
    return rows.order_by("-is_admin", "user__username", "pk")


def staff_rows(memberships: list[StaffMembership]) -> list[StaffRow]:
    """One page of accounts with whether each has set up its second factor (one query)."""
    enrolled = set(
        TOTPDevice.objects.filter(user_id__in=[m.user_id for m in memberships], confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    return [StaffRow(membership=m, has_second_factor=m.user_id in enrolled) for m in memberships]


def has_second_factor(membership: StaffMembership) -> bool:
    return bool(TOTPDevice.objects.filter(user_id=membership.user_id, confirmed=True).exists())
