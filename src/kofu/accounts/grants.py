"""Grants of extra permissions to staff: the export of residents' personal data (持ち出し).

The organisation's administrator (or the operator at the command line, ``SYSTEM``) grants or withdraws it;
every change leaves an audit event.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from kofu.accounts.access import access_staff_account
from kofu.accounts.audit import audit_record
from kofu.accounts.models import Organisation, StaffMembership
from kofu.accounts.permissions import EXPORT_RESIDENT_PII
from kofu.accounts.roles import Actor


@transaction.atomic
def export_permission_set(*, username: str, allowed: bool, actor: Actor) -> StaffMembership:
    """Grant (``allowed=True``) or withdraw ``export_resident_pii`` for a municipality's staff member.

    Only an administrator of the member's own organisation (or the command line) may; for anyone
    else the account is not found, like one that does not exist.
    """
    membership = (
        StaffMembership.objects.select_for_update()
        .select_related("organisation", "user")
        .filter(user__username=username)
        .first()
    )
    if membership is None:
        raise ValidationError(f"職員「{username}」はいません")
    access_staff_account(actor, membership)
    if allowed and membership.organisation.kind != Organisation.Kind.MUNICIPALITY:
        raise ValidationError(
            "住民の個人情報の出力は市区町村の職員にだけ付与できます（都道府県・総務省は住民の記録を扱いません）"
        )
    before = membership.export_resident_pii
    membership.export_resident_pii = allowed
    membership.save(update_fields=["export_resident_pii"])
    audit_record(
        actor=actor,
        action="accounts.permission_grant" if allowed else "accounts.permission_withdraw",
        object_type="staff",
        object_id=membership.user_id,
        before={EXPORT_RESIDENT_PII: before},
        after={EXPORT_RESIDENT_PII: allowed},
    )
    return membership
