"""Staff-account administration services: scope, the "an administrator remains" rule, audit, links."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from kofu.accounts import services
from kofu.accounts.access import NotFound
from kofu.accounts.models import AuditEvent, StaffMembership
from kofu.accounts.roles import System, viewer_of
from tests.conftest import PASSWORD, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(personas):
    """都城市's administrator (the persona "municipality" is a plain member of the same organisation)."""
    return make_staff("miyakonojo-admin", personas["municipality"].membership.organisation, is_admin=True)


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def logged_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_an_administrator_creates_an_account_of_their_organisation_without_a_password(personas, admin):
    membership = services.staff_create(
        username="shimin-yamada",
        display_name="市民課 山田",
        organisation=admin.membership.organisation,
        actor=viewer_of(admin),
    )
    user = membership.user
    assert not user.has_usable_password() and not membership.is_admin
    assert not Client().login(username="shimin-yamada", password="")
    (event,) = events("staff.create")[-1:]
    assert event.actor_id == admin.pk and event.object_id == str(user.pk)
    assert event.after == {
        "username": "shimin-yamada",
        "display_name": "市民課 山田",
        "organisation": admin.membership.organisation_id,
        "is_admin": False,
        "is_active": True,
        "password": "link",
    }
    assert user.password not in json.dumps(event.after)


def test_plain_staff_and_other_organisations_administrators_may_not_create(personas, admin):
    miyakonojo = admin.membership.organisation
    with pytest.raises(PermissionDenied):
        services.staff_create(
            username="a", organisation=miyakonojo, actor=viewer_of(personas["municipality"])
        )
    nobeoka_admin = make_staff(
        "nobeoka-admin", personas["other_municipality"].membership.organisation, is_admin=True
    )
    with pytest.raises(PermissionDenied):
        services.staff_create(username="b", organisation=miyakonojo, actor=viewer_of(nobeoka_admin))
    assert not get_user_model().objects.filter(username__in=["a", "b"]).exists()


def test_a_taken_user_name_is_refused_whatever_its_case(personas, admin):
    with pytest.raises(ValidationError, match="既に使われています"):
        services.staff_create(
            username="Miyakonojo", organisation=admin.membership.organisation, actor=viewer_of(admin)
        )


def test_a_display_name_holding_a_my_number_is_refused(personas, admin):
    with pytest.raises(ValidationError) as error:
        services.staff_create(
            username="x1",
            display_name="山田 1234 5678 9018",
            organisation=admin.membership.organisation,
            actor=viewer_of(admin),
        )
    assert "display_name" in error.value.message_dict
    assert not get_user_model().objects.filter(username="x1").exists()


def test_the_ministry_creates_the_first_administrator_of_a_prefecture_once(personas):
    ministry = viewer_of(personas["ministry"])
    membership = services.first_admin_create(
        code="46", username="kagoshima-admin", display_name="", actor=ministry
    )
    assert membership.is_admin and membership.organisation.prefecture.code == "46"
    with pytest.raises(ValidationError, match="既に管理者がいます"):
        services.first_admin_create(code="46", username="kagoshima-admin2", display_name="", actor=ministry)
    with pytest.raises(PermissionDenied):  # plain staff of another organisation: not even by the ministry
        services.staff_create(username="k-staff", organisation=membership.organisation, actor=ministry)


def test_the_ministry_creates_a_municipalitys_first_administrator_and_the_organisation(personas):
    from kofu.accounts.models import Organisation

    membership = services.first_admin_create(
        code="131016", username="chiyoda-admin", display_name="", actor=viewer_of(personas["ministry"])
    )
    organisation = Organisation.objects.get(municipality__code="131016")
    assert membership.organisation == organisation and membership.is_admin


def test_a_prefecture_administrator_creates_first_administrators_in_its_prefecture_only(personas):
    miyazaki_admin = viewer_of(
        make_staff("miyazaki-admin", personas["prefecture"].membership.organisation, is_admin=True)
    )
    town = services.first_admin_create(
        code="454311", username="town-admin", display_name="", actor=miyazaki_admin
    )
    assert town.organisation.municipality.code == "454311"
    for code in ("462101", "46", "45", "999997"):  # another prefecture's town, prefectures, not in the master
        with pytest.raises(ValidationError, match="作成できる組織ではありません"):
            services.first_admin_create(code=code, username=f"x{code}", display_name="", actor=miyazaki_admin)
    with pytest.raises(PermissionDenied):
        services.first_admin_create(
            code="454311",
            username="y",
            display_name="",
            actor=viewer_of(personas["prefecture"]),  # not admin
        )


def test_a_municipal_administrator_cannot_create_first_administrators_elsewhere(personas, admin):
    with pytest.raises(PermissionDenied):
        services.first_admin_create(code="452033", username="z", display_name="", actor=viewer_of(admin))


def test_disabling_ends_every_session_and_re_enabling_is_audited(personas, admin):
    member = personas["municipality"]
    first, second = logged_in(member), logged_in(member)
    assert first.get("/accounts/me/").status_code == 200
    services.staff_deactivate(membership=member.membership, actor=viewer_of(admin))
    for client in (first, second):
        response = client.get("/accounts/me/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Client().login(username=member.username, password=PASSWORD)
    services.staff_reactivate(membership=member.membership, actor=viewer_of(admin))
    assert logged_in(member).get("/accounts/me/").status_code == 200
    off, on = events("staff.deactivate")[-1], events("staff.reactivate")[-1]
    assert (off.before, off.after) == ({"is_active": True}, {"is_active": False})
    assert (on.before, on.after) == ({"is_active": False}, {"is_active": True})


def test_the_last_administrator_can_neither_disable_nor_demote_themselves(personas, admin):
    own = StaffMembership.objects.get(user=admin)
    with pytest.raises(ValidationError, match="管理者が一人もいなくなる"):
        services.staff_deactivate(membership=own, actor=viewer_of(admin))
    with pytest.raises(ValidationError, match="管理者が一人もいなくなる"):
        services.staff_set_admin(membership=own, is_admin=False, actor=viewer_of(admin))
    own.refresh_from_db()
    admin.refresh_from_db()
    assert own.is_admin and admin.is_active
    services.staff_set_admin(
        membership=personas["municipality"].membership, is_admin=True, actor=viewer_of(admin)
    )
    services.staff_set_admin(membership=own, is_admin=False, actor=viewer_of(admin))  # another admin remains
    own.refresh_from_db()
    assert not own.is_admin
    grant, revoke = events("staff.grant_admin")[-1], events("staff.revoke_admin")[-1]
    assert (grant.before, grant.after) == ({"is_admin": False}, {"is_admin": True})
    assert (revoke.before, revoke.after) == ({"is_admin": True}, {"is_admin": False})


def test_a_disabled_administrator_does_not_count_as_the_one_remaining(personas, admin):
    second = make_staff("miyakonojo-admin2", admin.membership.organisation, is_admin=True)
    services.staff_deactivate(membership=second.membership, actor=viewer_of(admin))
    with pytest.raises(ValidationError):
        services.staff_set_admin(membership=admin.membership, is_admin=False, actor=viewer_of(admin))


def test_the_operators_command_line_may_disable_the_last_administrator(personas, admin):
    services.staff_deactivate(membership=admin.membership, actor=System("kofu accounts"))
    admin.refresh_from_db()
    assert not admin.is_active
    assert events("staff.deactivate")[-1].actor_label == "kofu accounts"


def test_nobody_manages_another_organisations_accounts(personas, admin):
    nobeoka_member = personas["other_municipality"].membership
    prefecture_admin = make_staff(
        "miyazaki-admin", personas["prefecture"].membership.organisation, is_admin=True
    )
    for actor in (admin, prefecture_admin, personas["ministry"]):
        for call in (
            lambda a: services.staff_deactivate(membership=nobeoka_member, actor=a),
            lambda a: services.staff_set_admin(membership=nobeoka_member, is_admin=True, actor=a),
            lambda a: services.staff_second_factor_reset(membership=nobeoka_member, actor=a),
            lambda a: services.staff_password_reset(membership=nobeoka_member, actor=a),
            lambda a: services.staff_set_display_name(membership=nobeoka_member, display_name="x", actor=a),
        ):
            with pytest.raises(NotFound):  # another organisation's account: not found
                call(viewer_of(actor))
    nobeoka_member.user.refresh_from_db()
    assert nobeoka_member.user.is_active and nobeoka_member.user.check_password(PASSWORD)


def test_resetting_the_second_factor_removes_the_devices_and_ends_the_sessions(personas, admin):
    member = personas["municipality"]
    TOTPDevice.objects.create(user=member, name="kofu", confirmed=True)
    client = logged_in(member)
    assert services.staff_second_factor_reset(membership=member.membership, actor=viewer_of(admin)) == 1
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert client.get("/accounts/me/").status_code == 302
    event = events("staff.second_factor_reset")[-1]
    assert (event.before, event.after) == ({"second_factor_devices": 1}, {"second_factor_devices": 0})


def test_a_password_reset_voids_the_password_and_issues_a_one_time_link(personas, admin):
    member = personas["municipality"]
    client = logged_in(member)
    path = services.staff_password_reset(membership=member.membership, actor=viewer_of(admin))
    assert not Client().login(username=member.username, password=PASSWORD)
    assert client.get("/accounts/me/").status_code == 302
    assert path.startswith("/accounts/set-password/")
    event = events("staff.password_reset")[-1]
    assert event.after == {"password": "link"} and path.split("/")[-2] not in json.dumps(event.after)


def test_the_holder_sets_a_password_meeting_the_validators(personas, admin):
    member = personas["municipality"]
    with pytest.raises(ValidationError):
        services.staff_password_set(user=member, password="miyakonojo1")
    services.staff_password_set(user=member, password="a-new-long-passphrase-2026")
    assert Client().login(username=member.username, password="a-new-long-passphrase-2026")
    event = events("staff.password_set")[-1]
    assert event.actor_id == member.pk and event.after == {"password": "set"}


@pytest.mark.real_password_hashing
def test_no_audit_event_holds_a_password_or_hash(personas, admin):
    member = personas["municipality"]
    services.staff_password_reset(membership=member.membership, actor=viewer_of(admin))
    services.staff_password_set(user=member, password="a-new-long-passphrase-2026")
    member.refresh_from_db()
    dump = json.dumps([[e.before, e.after] for e in AuditEvent.objects.all()], ensure_ascii=False)
    assert "argon2" not in dump and PASSWORD not in dump and "a-new-long-passphrase-2026" not in dump


def test_the_disable_command_switches_off_even_the_last_administrator(personas, admin):
    from io import StringIO

    from django.core.management import CommandError, call_command

    holder = logged_in(admin)
    out = StringIO()
    call_command("accounts", "disable", "miyakonojo-admin", stdout=out)
    assert "「miyakonojo-admin」を無効にしました" in out.getvalue()
    admin.refresh_from_db()
    assert not admin.is_active and holder.get("/accounts/me/").status_code == 302
    with pytest.raises(CommandError, match="ありません"):
        call_command("accounts", "disable", "nobody-here")


def test_the_display_name_is_changed_audited_and_guarded_against_my_numbers(personas, admin):
    member = personas["municipality"].membership
    services.staff_set_display_name(membership=member, display_name="  市民課 田中 ", actor=viewer_of(admin))
    member.refresh_from_db()
    assert member.display_name == "市民課 田中"
    event = events("staff.rename")[-1]
    assert (event.before, event.after) == ({"display_name": ""}, {"display_name": "市民課 田中"})
    with pytest.raises(ValidationError, match="個人番号"):
        services.staff_set_display_name(
            membership=member, display_name="１２３４ ５６７８ ９０１８", actor=viewer_of(admin)
        )
    member.refresh_from_db()
    assert member.display_name == "市民課 田中" and len(events("staff.rename")) == 1
