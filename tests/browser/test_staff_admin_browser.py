"""An organisation administrator creates a staff account, its holder sets the password through the
one-time link and logs in, then the administrator disables it (the holder's open page ends).
Real browser (Debian's Chromium), axe on every page, no Content-Security-Policy report."""

from __future__ import annotations

import re

import pytest

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from tests.browser.test_stats_pages import serious_violations
from tests.conftest import PASSWORD, make_staff

pytestmark = pytest.mark.browser

NEW_PASSWORD = "sakura-no-kisetsu-2026"


@pytest.fixture
def site(keep_registry, transactional_db, live_server):
    if Municipality.objects.count() < 1741:
        from kofu.registry.services import registry_load_reference

        registry_load_reference()
    from kofu.accounts import services

    organisation = services.organisation_for_municipality(
        municipality=Municipality.objects.get(code="452025"), actor=SYSTEM
    )
    make_staff("miyakonojo-admin", organisation, is_admin=True)
    return live_server.url


def log_in(page, url: str, username: str, password: str) -> None:
    page.goto(url + "/accounts/login/")
    page.get_by_label("利用者名").fill(username)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(r"/accounts/me/$"))


def test_an_administrator_creates_then_disables_a_staff_account(site, browser, page, screenshot):
    url = site
    csp_reports: list[str] = []
    page.on("console", lambda m: csp_reports.append(m.text) if "Content Security Policy" in m.text else None)

    log_in(page, url, "miyakonojo-admin", PASSWORD)
    page.get_by_role("link", name=re.compile("職員アカウントの管理")).click()
    page.wait_for_url(re.compile(r"/accounts/staff/$"))
    assert serious_violations(page) == []
    page.get_by_role("link", name="職員アカウントを追加する").click()
    page.wait_for_url(re.compile(r"/accounts/staff/new/$"))
    assert serious_violations(page) == []
    screenshot(page, "accounts-staff-new")
    page.get_by_label("利用者名（ログインに使います）").fill("shimin-ito")
    page.get_by_label("表示名").fill("市民課 伊藤")
    page.get_by_role("button", name="作成する").click()
    assert "職員アカウントを作成しました" in page.locator("h1").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "accounts-staff-link")
    link = page.get_by_label(re.compile("パスワード設定用のリンク")).input_value()
    assert link.startswith(url + "/accounts/set-password/")

    holder_context = browser.new_context(locale="ja-JP")
    holder = holder_context.new_page()
    holder.on(
        "console", lambda m: csp_reports.append(m.text) if "Content Security Policy" in m.text else None
    )
    holder.goto(link)
    holder.wait_for_url(re.compile(r"/set-password/$"))  # the token left the address bar
    assert serious_violations(holder) == []
    holder.get_by_label("新しいパスワード", exact=True).fill(NEW_PASSWORD)
    holder.get_by_label("新しいパスワード（確認）").fill(NEW_PASSWORD)
    holder.get_by_role("button", name="パスワードを設定する").click()
    holder.wait_for_url(re.compile(r"/accounts/set-password/done/$"))
    assert serious_violations(holder) == []
    log_in(holder, url, "shimin-ito", NEW_PASSWORD)

    page.goto(url + "/accounts/staff/")
    row = page.locator("#t-staff tbody tr", has_text="shimin-ito")
    assert "市民課 伊藤" in row.inner_text() and "有効" in row.inner_text()
    row.get_by_role("link", name="shimin-ito").click()
    page.wait_for_url(re.compile(r"/accounts/staff/\d+/$"))
    assert serious_violations(page) == []
    screenshot(page, "accounts-staff-detail")
    page.get_by_role("button", name="アカウントを無効にする").click()
    assert "を無効にしました" in page.locator("main").inner_text()
    assert page.locator("#account-state").inner_text() == "無効"
    assert serious_violations(page) == []

    holder.reload()
    holder.wait_for_url(re.compile(r"/accounts/login/"))
    holder.get_by_label("利用者名").fill("shimin-ito")
    holder.get_by_label("パスワード").fill(NEW_PASSWORD)
    holder.get_by_role("button", name="ログイン").click()
    assert "利用者名またはパスワードが正しくありません" in holder.locator("main").inner_text()
    holder_context.close()
    assert csp_reports == []
