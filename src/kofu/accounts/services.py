"""Writes: organisations and staff accounts (every write leaves an audit event).

Who may do what (``SYSTEM`` is the operator's command line, ``kofu accounts``):

* an organisation's administrator manages the accounts of that organisation only: create,
  disable / re-enable, grant / revoke administrator rights, reset the second factor, issue a
  one-time set-password link;
* a ministry administrator may also create the *first* administrator of a prefecture or
  municipality, and a prefecture administrator that of a municipality in its prefecture ("first":
  the organisation has no active administrator);
* no change may leave an organisation without an active administrator (except from the command
  line, when the last administrator has left).

Audit events hold before/after values of the account, never a password, hash or link token.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from kofu.accounts.access import access_staff_account, administers, area_of
from kofu.accounts.audit import audit_record
from kofu.accounts.models import Organisation, StaffMembership
from kofu.accounts.roles import Actor, Role, viewer_of
from kofu.core.validators import MY_NUMBER_REFUSED
from kofu.registry.models import Municipality, Prefecture
from kofu.rules.codes import contains_my_number


@transaction.atomic
def organisation_for_ministry(*, actor: Actor) -> Organisation:
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
        )
    return organisation


@transaction.atomic
def organisation_for_prefecture(*, prefecture: Prefecture, actor: Actor) -> Organisation:
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
        )
    return organisation


@transaction.atomic
def organisation_for_municipality(*, municipality: Municipality, actor: Actor) -> Organisation:
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
        )
    return organisation


def supervises(actor: Actor, organisation: Organisation) -> bool:
    """May ``actor`` create the first administrator of ``organisation``? (ministry → prefectures and
    municipalities; prefecture → its municipalities; both as administrators only)."""
    if not actor.is_org_admin or actor.organisation is None or actor.organisation.pk == organisation.pk:
        return False
    if actor.role is Role.MINISTRY:
        return organisation.kind in {Organisation.Kind.PREFECTURE, Organisation.Kind.MUNICIPALITY}
    return (
        actor.role is Role.PREFECTURE
        and organisation.kind == Organisation.Kind.MUNICIPALITY
        and area_of(actor).covers(organisation.municipality_id, organisation.prefecture_id)
    )


def _lock_members(organisation: Organisation) -> None:
    """Serialise changes to one organisation's accounts (the "one admin left" check must not race)."""
    list(StaffMembership.objects.select_for_update().filter(organisation=organisation).values_list("pk"))


def active_admins(organisation: Organisation) -> QuerySet[StaffMembership]:
    return StaffMembership.objects.filter(organisation=organisation, is_admin=True, user__is_active=True)


def _check_an_admin_remains(membership: StaffMembership, actor: Actor) -> None:
    if actor.role is Role.SYSTEM:  # the command line, when the last administrator has left
        return
    if not active_admins(membership.organisation).exclude(pk=membership.pk).exists():
        raise ValidationError(
            "組織の管理者が一人もいなくなるため、できません。先に別の職員を管理者にしてください。"
        )


def _account(membership: StaffMembership) -> dict[str, object]:
    """The audited view of an account (no password, no hash)."""
    user = membership.user
    return {
        "username": user.get_username(),
        "display_name": membership.display_name,
        "organisation": membership.organisation_id,
        "is_admin": membership.is_admin,
        "is_active": user.is_active,
    }


def _refuse_my_number(**values: str) -> None:
    """ValidationError naming each value holding a My Number (kofu.core.validators.no_my_number)."""
    refused = {name: [MY_NUMBER_REFUSED] for name, value in values.items() if contains_my_number(value)}
    if refused:
        raise ValidationError(refused, code="my_number")


@transaction.atomic
def staff_create(
    *,
    username: str,
    organisation: Organisation,
    actor: Actor,
    password: str | None = None,
    display_name: str = "",
    is_admin: bool = False,
) -> StaffMembership:
    """Create a staff account in ``organisation``. Raises PermissionDenied / ValidationError.

    Without ``password`` the account has no usable password until its holder opens the one-time
    link of :func:`set_password_link_path`.
    """
    _refuse_my_number(username=username, display_name=display_name)
    _lock_members(organisation)
    first_admin = supervises(actor, organisation) and is_admin and not active_admins(organisation).exists()
    if not (administers(actor, organisation.pk) or first_admin):
        raise PermissionDenied("この組織の職員アカウントを作成する権限がありません")
    user_model = get_user_model()
    username = user_model.normalize_username(username.strip())
    if user_model.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"利用者名「{username}」は既に使われています"})
    user = user_model(username=username)
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    membership = StaffMembership(
        user=user, organisation=organisation, display_name=display_name.strip(), is_admin=is_admin
    )
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action="staff.create",
        object_type="user",
        object_id=user.pk,
        after={**_account(membership), "password": "set" if password is not None else "link"},
    )
    return membership


def _organisation_for_code(code: str, actor: Actor) -> Organisation:
    """The prefecture (2 digits) or municipality (6 digits) organisation named by ``code``, if the
    actor supervises it; created on first use."""
    code = code.strip()
    if len(code) == 2 and code.isdigit():
        prefecture = Prefecture.objects.filter(code=code).first()
        if prefecture is not None and actor.role is Role.MINISTRY:
            return organisation_for_prefecture(prefecture=prefecture, actor=actor)
    elif len(code) == 6 and code.isdigit():
        municipality = Municipality.objects.filter(code=code, valid_to__isnull=True).first()
        if (
            municipality is not None
            and actor.role in (Role.MINISTRY, Role.PREFECTURE)
            and (area_of(actor).covers(municipality.pk, municipality.prefecture_id))
        ):
            return organisation_for_municipality(municipality=municipality, actor=actor)
    where = "都道府県コード2桁または団体コード6桁" if actor.role is Role.MINISTRY else "管内の団体コード6桁"
    raise ValidationError({"code": f"「{code}」は作成できる組織ではありません（{where}で指定してください）"})


@transaction.atomic
def first_admin_create(*, code: str, username: str, display_name: str, actor: Actor) -> StaffMembership:
    """A ministry (or prefecture) administrator creates the first administrator of an organisation."""
    if not actor.is_org_admin or actor.role not in {Role.MINISTRY, Role.PREFECTURE}:
        raise PermissionDenied("管下の組織の管理者を作成する権限がありません")
    _refuse_my_number(code=code, username=username, display_name=display_name)
    organisation = _organisation_for_code(code, actor)
    if active_admins(organisation).exists():
        raise ValidationError(
            {"code": f"{organisation}には既に管理者がいます。職員の追加はその管理者に依頼してください"}
        )
    return staff_create(
        username=username, display_name=display_name, organisation=organisation, is_admin=True, actor=actor
    )


def set_password_link_path(user: User) -> str:
    """The path of the one-time link that sets ``user``'s password (valid ``PASSWORD_RESET_TIMEOUT``
    seconds, and only until a password is set: the token covers the password hash)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:set_password", args=[uid, default_token_generator.make_token(user)])


def link_valid_hours() -> int:
    return int(settings.PASSWORD_RESET_TIMEOUT) // 3600


def end_sessions_of(user_id: int) -> int:
    """Delete every stored session of the user (database sessions); returns how many ended."""
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            ended.append(session.pk)
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def _locked(membership: StaffMembership, actor: Actor) -> StaffMembership:
    """Check the actor administers the account's organisation, lock it, and re-read the account."""
    membership = access_staff_account(actor, membership)
    _lock_members(membership.organisation)
    return StaffMembership.objects.select_related("user", "organisation").get(pk=membership.pk)


def _audit_change(actor: Actor, action: str, membership: StaffMembership, before: dict[str, object]) -> None:
    after = _account(membership)
    audit_record(
        actor=actor,
        action=action,
        object_type="user",
        object_id=membership.user_id,
        before={k: v for k, v in before.items() if after.get(k) != v},
        after={k: v for k, v in after.items() if before.get(k) != v},
    )


@transaction.atomic
def staff_deactivate(*, membership: StaffMembership, actor: Actor) -> StaffMembership:
    """Disable an account and end its sessions (a kept cookie then leads to the login page)."""
    membership = _locked(membership, actor)
    if membership.is_admin:
        _check_an_admin_remains(membership, actor)
    before = _account(membership)
    user = membership.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    end_sessions_of(user.pk)
    _audit_change(actor, "staff.deactivate", membership, before)
    return membership


@transaction.atomic
def staff_reactivate(*, membership: StaffMembership, actor: Actor) -> StaffMembership:
    membership = _locked(membership, actor)
    before = _account(membership)
    membership.user.is_active = True
    membership.user.save(update_fields=["is_active"])
    _audit_change(actor, "staff.reactivate", membership, before)
    return membership


@transaction.atomic
def staff_set_admin(*, membership: StaffMembership, is_admin: bool, actor: Actor) -> StaffMembership:
    """Grant or revoke administrator rights (never leaving the organisation without one)."""
    membership = _locked(membership, actor)
    if membership.is_admin and not is_admin:
        _check_an_admin_remains(membership, actor)
    before = _account(membership)
    membership.is_admin = is_admin
    membership.save(update_fields=["is_admin"])
    _audit_change(actor, "staff.grant_admin" if is_admin else "staff.revoke_admin", membership, before)
    return membership


@transaction.atomic
def staff_set_display_name(
    *, membership: StaffMembership, display_name: str, actor: Actor
) -> StaffMembership:
    """Change the name shown to the organisation's administrators (never to residents)."""
    membership = _locked(membership, actor)
    before = _account(membership)
    membership.display_name = display_name.strip()
    membership.full_clean(validate_unique=False, validate_constraints=False)
    membership.save(update_fields=["display_name"])
    _audit_change(actor, "staff.rename", membership, before)
    return membership


@transaction.atomic
def staff_second_factor_reset(*, membership: StaffMembership, actor: Actor) -> int:
    """Remove the account's authenticators (e.g. a lost phone) and end its sessions; it may enrol again."""
    membership = _locked(membership, actor)
    removed: int = TOTPDevice.objects.filter(user=membership.user).delete()[0]
    end_sessions_of(membership.user_id)
    audit_record(
        actor=actor,
        action="staff.second_factor_reset",
        object_type="user",
        object_id=membership.user_id,
        before={"second_factor_devices": removed},
        after={"second_factor_devices": 0},
    )
    return removed


@transaction.atomic
def staff_password_reset(*, membership: StaffMembership, actor: Actor) -> str:
    """Void the account's password and sessions; returns the path of a new one-time set-password link."""
    membership = _locked(membership, actor)
    user = membership.user
    user.set_unusable_password()
    user.save(update_fields=["password"])
    end_sessions_of(user.pk)
    audit_record(
        actor=actor,
        action="staff.password_reset",
        object_type="user",
        object_id=user.pk,
        after={"password": "link"},
    )
    return set_password_link_path(user)


@transaction.atomic
def staff_password_set(*, user: User, password: str) -> None:
    """The account's holder sets their password through the one-time link (Django's validators)."""
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=viewer_of(user),
        action="staff.password_set",
        object_type="user",
        object_id=user.pk,
        after={"password": "set"},
    )
