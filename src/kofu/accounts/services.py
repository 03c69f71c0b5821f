"""Writes: organisations and staff accounts (every write leaves an audit event)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kofu.accounts.audit import audit_record
from kofu.accounts.models import Organisation, StaffMembership
from kofu.accounts.roles import Role, Viewer
from kofu.registry.models import Municipality, Prefecture


@transaction.atomic
def organisation_for_ministry(*, actor: Viewer | None = None) -> Organisation:
    organisation, created = Organisation.objects.get_or_create(
        kind=Organisation.Kind.MINISTRY, defaults={"name": "総務省"}
    )
    if created:
        audit_record(
            actor=actor,
            action="organisation.create",
            object_type="organisation",
            object_id=organisation.pk,
            after={"kind": "ministry", "name": organisation.name},
            actor_label="" if actor else "kofu accounts",
        )
    return organisation


@transaction.atomic
def organisation_for_prefecture(*, prefecture: Prefecture, actor: Viewer | None = None) -> Organisation:
    organisation, created = Organisation.objects.get_or_create(
        kind=Organisation.Kind.PREFECTURE, prefecture=prefecture, defaults={"name": prefecture.name}
    )
    if created:
        audit_record(
            actor=actor,
            action="organisation.create",
            object_type="organisation",
            object_id=organisation.pk,
            after={"kind": "prefecture", "prefecture": prefecture.code},
            actor_label="" if actor else "kofu accounts",
        )
    return organisation


@transaction.atomic
def organisation_for_municipality(*, municipality: Municipality, actor: Viewer | None = None) -> Organisation:
    organisation, created = Organisation.objects.get_or_create(
        kind=Organisation.Kind.MUNICIPALITY,
        municipality=municipality,
        defaults={"name": municipality.full_name, "prefecture_id": municipality.prefecture_id},
    )
    if created:
        audit_record(
            actor=actor,
            action="organisation.create",
            object_type="organisation",
            object_id=organisation.pk,
            after={"kind": "municipality", "municipality": municipality.code},
            actor_label="" if actor else "kofu accounts",
        )
    return organisation


def _may_create_staff_in(actor: Viewer | None, organisation: Organisation) -> bool:
    """The bootstrap (no actor: the CLI) may; otherwise an administrator of the same organisation,
    or a ministry administrator creating a prefecture's first administrator, or a prefecture
    administrator creating a municipality's first administrator in its prefecture."""
    if actor is None:
        return True
    if not actor.is_org_admin or actor.organisation is None:
        return False
    if actor.organisation.pk == organisation.pk:
        return True
    if actor.role is Role.MINISTRY and organisation.kind == Organisation.Kind.PREFECTURE:
        return True
    return (
        actor.role is Role.PREFECTURE
        and organisation.kind == Organisation.Kind.MUNICIPALITY
        and organisation.prefecture_id == actor.prefecture_id
    )


@transaction.atomic
def staff_create(
    *, username: str, password: str, organisation: Organisation, is_admin: bool = False, actor: Viewer | None
) -> StaffMembership:
    """Create a staff account in ``organisation``. Raises PermissionDenied / ValidationError."""
    if not _may_create_staff_in(actor, organisation):
        raise PermissionDenied("この組織の職員アカウントを作成する権限がありません")
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValidationError({"username": f"利用者名「{username}」は既に使われています"})
    user = user_model(username=username)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    membership = StaffMembership.objects.create(user=user, organisation=organisation, is_admin=is_admin)
    audit_record(
        actor=actor,
        action="staff.create",
        object_type="user",
        object_id=user.pk,
        after={"username": username, "organisation": organisation.pk, "is_admin": is_admin},
        actor_label="" if actor else "kofu accounts",
    )
    return membership


def end_sessions_of(user_id: int) -> int:
    """Delete every stored session of the user (database sessions); returns how many ended."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            ended.append(session.pk)
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic
def staff_deactivate(*, membership: StaffMembership, actor: Viewer) -> None:
    """Disable an account and end its sessions (a kept cookie then leads to the login page)."""
    if not _may_create_staff_in(actor, membership.organisation):
        raise PermissionDenied("この職員アカウントを無効にする権限がありません")
    user = membership.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    end_sessions_of(user.pk)
    audit_record(
        actor=actor,
        action="staff.deactivate",
        object_type="user",
        object_id=user.pk,
        before={"is_active": True},
        after={"is_active": False},
    )
