"""Optional TOTP second factor for staff; disabling an account ends its sessions."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, make_staff


def token_for(device: TOTPDevice, drift: int = 0) -> str:
    """The device's current code (``drift=1``: the next one; a used code is not accepted twice)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{code:06d}"


def used_token(device: TOTPDevice) -> str:
    """The code of the last time step the device accepted (the same even once that step is over)."""
    oath = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    oath.time = device.t0 + device.last_t * device.step
    return f"{oath.token():06d}"


def enrol(client: Client, user) -> TOTPDevice:
    """Go through the enrolment page as ``user`` (already logged in with ``client``)."""
    page = client.get("/accounts/me/second-factor/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/accounts/me/second-factor/", {"token": token_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def password_login(client: Client, username: str):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def test_the_enrolment_page_shows_an_inline_svg_qr_code_and_sends_no_store(personas, client):
    client.force_login(personas["municipality"])
    response = client.get("/accounts/me/second-factor/")
    body = response.content.decode()
    assert "<svg" in body and "otpauth" not in re.sub(r"<svg.*</svg>", "", body, flags=re.S)
    assert "no-store" in response["Cache-Control"]


def test_a_wrong_code_does_not_enrol(personas, client):
    client.force_login(personas["municipality"])
    client.get("/accounts/me/second-factor/")
    response = client.post("/accounts/me/second-factor/", {"token": "000000"})
    assert response.status_code == 200
    assert "確認コードが正しくありません" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=personas["municipality"], confirmed=True).exists()


def test_enrolment_is_audited(personas, client):
    from kofu.accounts.models import AuditEvent

    client.force_login(personas["municipality"])
    enrol(client, personas["municipality"])
    assert AuditEvent.objects.filter(action="mfa.enrol", object_id=str(personas["municipality"].pk)).exists()


def test_after_enrolment_the_password_alone_does_not_log_in(personas, client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own back-off after a wrong code (tested below)
    user = personas["municipality"]
    client.force_login(user)
    device = enrol(client, user)
    client.logout()
    response = password_login(client, "miyakonojo")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/me/").status_code == 302  # still not logged in
    wrong = client.post("/accounts/login/code/", {"token": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    replayed = client.post("/accounts/login/code/", {"token": used_token(device)})
    assert replayed.status_code == 200  # the code used for enrolment is not accepted again
    right = client.post("/accounts/login/code/", {"token": token_for(device, drift=1)})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/accounts/me/").status_code == 200


def test_a_session_without_the_second_factor_is_ended_once_the_user_has_one(personas, client):
    user = personas["municipality"]
    other = Client()
    other.force_login(user)  # e.g. a session opened before enrolment
    client.force_login(user)
    enrol(client, user)
    response = other.get("/accounts/me/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_code_page_without_a_password_step_goes_back_to_login(client, registry):
    response = client.get("/accounts/login/code/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"


def test_repeated_wrong_codes_are_throttled(personas, client, settings):
    settings.KOFU_LOGIN_MAX_FAILURES_PER_USER = 5
    user = personas["municipality"]
    client.force_login(user)
    enrol(client, user)
    client.logout()
    password_login(client, "miyakonojo")
    answers = [client.post("/accounts/login/code/", {"token": "000000"}).status_code for _ in range(5)]
    assert answers[-1] == 429


def test_with_mfa_required_staff_are_sent_to_enrolment_before_any_page(personas, client, settings):
    settings.KOFU_REQUIRE_STAFF_MFA = True
    user = personas["prefecture"]
    client.force_login(user)
    response = client.get("/accounts/me/")
    assert response.status_code == 302 and response["Location"] == "/accounts/me/second-factor/"
    assert client.get("/").status_code == 302
    enrol(client, user)
    assert client.get("/accounts/me/").status_code == 200


def test_with_mfa_required_anonymous_visitors_still_see_public_statistics(client, registry, settings):
    settings.KOFU_REQUIRE_STAFF_MFA = True
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_disabled_users_cookie_leads_to_the_login_page(personas, client):
    from kofu.accounts import services
    from kofu.accounts.roles import viewer_of

    user = personas["municipality"]
    assert password_login(client, "miyakonojo").status_code == 302
    assert client.get("/accounts/me/").status_code == 200
    admin = make_staff("miyakonojo-admin", user.membership.organisation, is_admin=True)
    services.staff_deactivate(membership=user.membership, actor=viewer_of(admin))
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=client.session.session_key).exists()
    response = client.get("/accounts/me/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_account_switched_off_directly_in_the_database_is_refused_too(personas, client):
    user = personas["municipality"]
    assert password_login(client, "miyakonojo").status_code == 302
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    response = client.get("/accounts/me/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
