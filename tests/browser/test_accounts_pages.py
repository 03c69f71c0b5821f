"""Staff login, second-factor enrolment and the code step in a real browser (axe scan, no CSP report)."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from tests.browser.test_stats_pages import serious_violations
from tests.conftest import PASSWORD, make_staff

pytestmark = pytest.mark.browser


def code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


@pytest.fixture
def site(keep_registry, transactional_db, live_server):
    if Municipality.objects.count() < 1741:
        from kofu.registry.services import registry_load_reference

        registry_load_reference()
    from kofu.accounts import services

    organisation = services.organisation_for_municipality(
        municipality=Municipality.objects.get(code="452025"), actor=SYSTEM
    )
    user = make_staff("miyakonojo", organisation)
    return live_server.url, user


def test_enrol_a_second_factor_then_log_in_with_the_code(site, page, screenshot):
    url, user = site
    csp_reports: list[str] = []
    page.on("console", lambda m: csp_reports.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(url + "/accounts/login/")
    assert serious_violations(page) == []
    page.get_by_label("利用者名").fill("miyakonojo")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(r"/accounts/me/$"))
    assert "未設定" in page.locator("dl").inner_text()

    page.get_by_role("link", name="設定する").click()
    page.wait_for_url(re.compile(r"/accounts/me/second-factor/$"))
    assert page.locator("figure.mfa-qr svg").is_visible()
    assert serious_violations(page) == []
    screenshot(page, "accounts-enrol")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("確認コード（6桁）").fill(code(device))
    page.get_by_role("button", name="設定する").click()
    page.wait_for_url(re.compile(r"/accounts/me/\?mfa=enrolled$"))
    assert "二要素認証を設定しました" in page.locator("main").inner_text()

    page.get_by_role("button", name="ログアウト").click()
    page.goto(url + "/accounts/login/")
    page.get_by_label("利用者名").fill("miyakonojo")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(r"/accounts/login/code/$"))
    assert serious_violations(page) == []
    screenshot(page, "accounts-code")
    page.get_by_label("確認コード（6桁）").fill(code(device, drift=1))
    page.get_by_role("button", name="確認").click()
    page.wait_for_url(re.compile(r"/accounts/me/$"))
    assert "設定済み" in page.locator("dl").inner_text()
    assert csp_reports == []


def test_a_wrong_password_shows_one_message_in_japanese(site, page):
    url, _ = site
    page.goto(url + "/accounts/login/")
    page.get_by_label("利用者名").fill("miyakonojo")
    page.get_by_label("パスワード").fill("wrong-password")
    page.get_by_role("button", name="ログイン").click()
    assert page.get_by_role("alert").inner_text() == "利用者名またはパスワードが正しくありません。"
    assert serious_violations(page) == []


def test_the_statistics_pages_need_nothing_the_content_security_policy_forbids(site, page):
    from tests.stats.factories import load_issuance_snapshot

    url, _ = site
    load_issuance_snapshot("2022-01-01")
    reports: list[str] = []
    page.on("console", lambda m: reports.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(url + "/")
    page.locator(".legend .swatch-1").wait_for()
    assert page.locator(".legend .swatch-5").evaluate("el => getComputedStyle(el).backgroundColor") == (
        "rgb(8, 81, 156)"
    )
    page.goto(url + "/stats/prefectures/45/")
    assert reports == []
