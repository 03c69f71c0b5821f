"""Staff-account administration pages end to end (Django test client): scope, links, disabling."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kofu.accounts.models import AuditEvent, StaffMembership
from tests.conftest import PASSWORD, make_staff

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "tsukushi-no-haru-2026"


@pytest.fixture
def admin(personas):
    return make_staff("miyakonojo-admin", personas["municipality"].membership.organisation, is_admin=True)


@pytest.fixture
def as_admin(client, admin):
    client.force_login(admin)
    return client


def link_of(response) -> str:
    match = re.search(r'id="set-password-link"[^>]* value="([^"]+)"', response.content.decode())
    assert match, response.content.decode()
    return match.group(1).replace("http://testserver", "")


def set_password(link: str, password: str = NEW_PASSWORD):
    """Open the one-time link as its holder (a fresh browser) and set the password."""
    holder = Client()
    opened = holder.get(link)
    assert opened.status_code == 302 and opened["Location"].endswith("/set-password/")
    form = holder.get(opened["Location"])
    assert form.status_code == 200 and "パスワードの設定" in form.content.decode()
    return holder.post(opened["Location"], {"new_password1": password, "new_password2": password})


def test_the_list_shows_the_own_organisations_accounts_only_and_is_not_cached(as_admin, personas):
    response = as_admin.get(reverse("accounts:staff_list"))
    body = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "miyakonojo-admin" in body and ">miyakonojo<" in body
    for other in ("nobeoka", "miyazaki-pref", "soumu", "kagoshima-city"):
        assert other not in body


def test_the_account_page_links_administrators_to_the_staff_pages(client, personas, admin):
    client.force_login(admin)
    assert reverse("accounts:staff_list") in client.get("/accounts/me/").content.decode()
    client.force_login(personas["municipality"])
    body = client.get("/accounts/me/").content.decode()
    assert reverse("accounts:staff_list") not in body
    assert client.get(reverse("accounts:staff_list")).status_code == 404


def test_create_an_account_then_its_holder_sets_the_password_and_logs_in(as_admin, admin):
    response = as_admin.post(
        reverse("accounts:staff_new"),
        {"username": "shimin-sato", "display_name": "市民課 佐藤", "is_admin": ""},
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    link = link_of(response)
    created = StaffMembership.objects.get(user__username="shimin-sato")
    assert created.organisation == admin.membership.organisation and not created.is_admin
    assert created.display_name == "市民課 佐藤"
    done = set_password(link)
    assert done.status_code == 302 and done["Location"] == reverse("accounts:set_password_done")
    assert Client().login(username="shimin-sato", password=NEW_PASSWORD)
    again = Client().get(link)  # one time only: the token covered the old (unusable) password
    assert again.status_code == 200 and "このリンクは使えません" in again.content.decode()
    assert AuditEvent.objects.filter(action="staff.password_set", object_id=str(created.user_id)).exists()


def test_a_weak_password_is_refused_on_the_set_password_page(as_admin):
    link = link_of(as_admin.post(reverse("accounts:staff_new"), {"username": "shimin-kato"}))
    response = set_password(link, "12345678")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body
    assert not get_user_model().objects.get(username="shimin-kato").has_usable_password()


def test_bad_input_on_the_create_form_names_the_field(as_admin):
    response = as_admin.post(reverse("accounts:staff_new"), {"username": "miyakonojo", "display_name": ""})
    assert response.status_code == 400 and "既に使われています" in response.content.decode()
    response = as_admin.post(
        reverse("accounts:staff_new"), {"username": "ok-name", "display_name": "１２３４ ５６７８ ９０１８"}
    )
    assert response.status_code == 400
    assert "個人番号（マイナンバー）と思われる12桁の数字は入力できません" in response.content.decode()
    assert not get_user_model().objects.filter(username="ok-name").exists()


def test_disable_ends_the_holders_session_and_enable_restores_the_account(as_admin, personas):
    member = personas["municipality"]
    holder = Client()
    assert holder.login(username=member.username, password=PASSWORD)
    url = reverse("accounts:staff_detail", args=[member.pk])
    response = as_admin.post(url, {"action": "disable"})
    assert response.status_code == 302 and response["Location"] == url
    assert "を無効にしました" in as_admin.get(url).content.decode()
    refused = holder.get("/accounts/me/")
    assert refused.status_code == 302 and "/accounts/login/" in refused["Location"]
    as_admin.post(url, {"action": "enable"})
    assert Client().login(username=member.username, password=PASSWORD)


def test_the_last_administrator_is_told_why_they_cannot_disable_or_demote_themselves(as_admin, admin):
    url = reverse("accounts:staff_detail", args=[admin.pk])
    for action in ("disable", "revoke_admin"):
        response = as_admin.post(url, {"action": action})
        assert response.status_code == 400
        assert "組織の管理者が一人もいなくなるため、できません" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active and admin.membership.is_admin


def test_grant_then_revoke_administrator_rights(as_admin, personas):
    member = personas["municipality"]
    url = reverse("accounts:staff_detail", args=[member.pk])
    as_admin.post(url, {"action": "grant_admin"})
    assert StaffMembership.objects.get(user=member).is_admin
    client = Client()
    client.force_login(member)
    assert client.get(reverse("accounts:staff_list")).status_code == 200
    as_admin.post(url, {"action": "revoke_admin"})
    assert not StaffMembership.objects.get(user=member).is_admin
    assert client.get(reverse("accounts:staff_list")).status_code == 404


def test_grant_then_withdraw_the_export_permission_which_opens_the_renewal_export(as_admin, personas):
    member = personas["municipality"]
    url = reverse("accounts:staff_detail", args=[member.pk])
    assert "個人情報の出力の権限を付与する" in as_admin.get(url).content.decode()
    holder = Client()
    holder.force_login(member)
    export = "/cards/452025/renewals/export/"
    period = {"start": "2026-06-01", "until": "2026-12-31", "kind": "", "purpose": "renewal"}
    assert holder.post(export, period).status_code == 403

    as_admin.post(url, {"action": "grant_export"})
    assert StaffMembership.objects.get(user=member).export_resident_pii
    assert holder.post(export, period).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.permission_grant", object_id=str(member.pk)).exists()

    as_admin.post(url, {"action": "withdraw_export"})
    assert not StaffMembership.objects.get(user=member).export_resident_pii
    assert holder.post(export, period).status_code == 403


def test_the_export_permission_is_not_offered_outside_municipalities(client, personas):
    admin = make_staff("miyazaki-admin", personas["prefecture"].membership.organisation, is_admin=True)
    client.force_login(admin)
    url = reverse("accounts:staff_detail", args=[personas["prefecture"].pk])
    assert "個人情報の出力" not in client.get(url).content.decode()
    client.post(url, {"action": "grant_export"})
    assert not StaffMembership.objects.get(user=personas["prefecture"]).export_resident_pii


def test_reset_the_second_factor_and_issue_a_new_password_link(as_admin, personas):
    member = personas["municipality"]
    TOTPDevice.objects.create(user=member, name="kofu", confirmed=True)
    url = reverse("accounts:staff_detail", args=[member.pk])
    assert "二要素認証をリセットする" in as_admin.get(url).content.decode()
    as_admin.post(url, {"action": "reset_second_factor"})
    assert not TOTPDevice.objects.filter(user=member).exists()
    response = as_admin.post(url, {"action": "password_link"})
    assert (
        response.status_code == 200
        and "パスワード再設定用のリンクを発行しました" in response.content.decode()
    )
    assert not Client().login(username=member.username, password=PASSWORD)
    assert set_password(link_of(response)).status_code == 302
    assert Client().login(username=member.username, password=NEW_PASSWORD)


def test_another_organisations_account_is_not_found(client, personas, admin):
    nobeoka = personas["other_municipality"]
    prefecture_admin = make_staff(
        "miyazaki-admin", personas["prefecture"].membership.organisation, is_admin=True
    )
    for viewer, target in [
        (admin, nobeoka),  # another municipality in the same prefecture
        (admin, personas["other_prefecture_municipality"]),  # a municipality of another prefecture
        (admin, personas["prefecture"]),  # its prefecture
        (prefecture_admin, personas["municipality"]),  # a municipality in the prefecture
        (prefecture_admin, personas["other_prefecture"]),  # another prefecture
        (personas["ministry"], personas["municipality"]),  # the ministry
    ]:
        client.force_login(viewer)
        url = reverse("accounts:staff_detail", args=[target.pk])
        assert client.get(url).status_code == 404, (viewer.username, target.username)
        assert client.post(url, {"action": "disable"}).status_code == 404
    nobeoka.refresh_from_db()
    assert nobeoka.is_active


def test_the_ministry_creates_a_prefectures_first_administrator_on_the_web(client, personas):
    client.force_login(personas["ministry"])
    url = reverse("accounts:staff_first_admin")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"code": "46", "username": "kagoshima-pref-admin", "display_name": "鹿児島県 総務"}
    )
    assert response.status_code == 200
    link_of(response)
    membership = StaffMembership.objects.get(user__username="kagoshima-pref-admin")
    assert (
        membership.is_admin
        and membership.organisation == personas["other_prefecture"].membership.organisation
    )
    again = client.post(url, {"code": "46", "username": "kagoshima-pref-admin2", "display_name": ""})
    assert again.status_code == 400 and "既に管理者がいます" in again.content.decode()


def test_the_first_administrator_page_is_for_ministry_and_prefecture_administrators_only(
    client, personas, admin
):
    for user in (admin, personas["prefecture"]):  # a municipal administrator; a plain prefecture member
        client.force_login(user)
        assert client.get(reverse("accounts:staff_first_admin")).status_code == 404
    client.force_login(
        make_staff("miyazaki-admin", personas["prefecture"].membership.organisation, is_admin=True)
    )
    response = client.post(reverse("accounts:staff_first_admin"), {"code": "462012", "username": "kc-admin"})
    assert response.status_code == 400 and "作成できる組織ではありません" in response.content.decode()


def test_an_administrator_disabling_themselves_is_logged_out(as_admin, personas, admin):
    member_url = reverse("accounts:staff_detail", args=[personas["municipality"].pk])
    as_admin.post(member_url, {"action": "grant_admin"})
    response = as_admin.post(reverse("accounts:staff_detail", args=[admin.pk]), {"action": "disable"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert as_admin.get("/accounts/me/").status_code == 302
    admin.refresh_from_db()
    assert not admin.is_active


def test_rename_an_account_and_a_bad_name_is_refused_on_the_page(as_admin, personas):
    member = personas["municipality"]
    url = reverse("accounts:staff_detail", args=[member.pk])
    done = as_admin.post(url, {"action": "rename", "display_name": "市民課 田中"}, follow=True)
    assert "の表示名を変更しました" in done.content.decode()
    assert StaffMembership.objects.get(user=member).display_name == "市民課 田中"
    refused = as_admin.post(url, {"action": "rename", "display_name": "x" * 65})
    assert refused.status_code == 400 and "64" in refused.content.decode()
    refused = as_admin.post(url, {"action": "rename", "display_name": "123456789018"})
    assert refused.status_code == 400 and "個人番号" in refused.content.decode()
    assert "123456789018" not in refused.content.decode()
    assert StaffMembership.objects.get(user=member).display_name == "市民課 田中"
