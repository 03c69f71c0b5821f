"""The demo of a living drive, as a new user meets it: ``kofu demo --no-serve``, ``kofu serve``, then
each staff role signs in with the published demo password and finds a non-empty work queue
(``#todo``) on the home page, at 1280 and 390 px, with axe at 0 violations. Real processes on a temporary SQLite database."""

from __future__ import annotations

import os
import re
import subprocess
import time
import urllib.error

import pytest

from tests.browser.test_stats_pages import serious_violations
from tests.core.test_cli import kofu_argv
from tests.core.test_demo import fetch, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROLES = {
    "demo-municipality": ("宮崎県都城市", "実績報告"),
    "demo-prefecture": ("宮崎県", "交付円滑化計画の確認"),
    "demo-ministry": ("総務省", "補助金の実績報告（申請）の確認待ち"),
}


def all_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    return [f"{v['id']} ({v['impact']}): {v['help']}" for v in Axe().run(page).response["violations"]]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kofu-demo")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KOFU_DATA_DIR"] = str(folder)
    started = time.monotonic()
    loaded = subprocess.run(
        [*kofu_argv(), "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    seconds = time.monotonic() - started
    assert loaded.returncode == 0, loaded.stderr
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / "serve.log"
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            [*kofu_argv(), "serve", "--port", str(port)], env=env, stdout=handle, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                fetch(url + "/accounts/login/")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        assert process.poll() is None, log.read_text(encoding="utf-8")
        yield url, loaded.stdout, seconds
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_demo_prints_the_accounts_and_the_residents(demo_server):
    _url, output, seconds = demo_server
    assert "kofu-demo-password" in output
    for username in (*ROLES, "demo-admin"):
        assert username in output
    assert len(re.findall(r"交付通知書番号 [A-Z0-9]{5}-[A-Z0-9]{5}  生年月日 \d{4}-\d{2}-\d{2}", output)) == 3
    assert seconds < 300, f"kofu demo --no-serve took {seconds:.0f} s"


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("username", list(ROLES))
def test_each_role_signs_in_and_finds_its_work_queue(demo_server, browser, username, width, screenshot):
    url, _output, _seconds = demo_server
    organisation, expected = ROLES[username]
    context = browser.new_context(locale="ja-JP", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(url + "/accounts/login/")
        page.get_by_label("利用者名").fill(username)
        page.get_by_label("パスワード").fill("kofu-demo-password")
        page.get_by_role("button", name="ログイン").click()
        page.wait_for_url(re.compile(r"/accounts/me/"))
        items = page.locator("#todo li")
        assert items.count() > 0
        assert expected in page.locator("#todo").inner_text()
        header = page.locator(".site-header").inner_text()
        assert username in header and organisation in header
        assert page.get_by_role("button", name="ログアウト").first.is_visible()
        assert "デモデータ" in page.locator(".demo-banner").inner_text()
        assert all_violations(page) == []
        screenshot(page, f"demo-home-{username}-{width}")
        items.first.locator("a").click()  # the first task opens a page that answers
        assert page.locator("h1").count() == 1
        assert serious_violations(page) == []
        page.get_by_role("button", name="ログアウト").first.click()
        page.wait_for_load_state()
        assert "/accounts/me/" not in page.url
    finally:
        context.close()


#: The list pages of ADR 0031 with the demo's data: (user, path, a table that must have rows).
LISTS = [
    ("demo-admin", "/accounts/staff/", "#t-staff"),
    ("demo-admin", "/outbox/", "#t-outbox"),
    ("demo-municipality", "/subsidies/claims/", "table.data"),
    ("demo-municipality", "/surveys/events/manage/", None),
    ("demo-municipality", "/cards/452025/list/?state=", None),
    ("demo-ministry", "/subsidies/claims/", "table.data"),
]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_list_pages_show_the_demo_data(demo_server, browser, width, screenshot):
    from tests.browser.test_list_pages import small_targets

    url, _output, _seconds = demo_server
    context = browser.new_context(locale="ja-JP", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        signed_in = ""
        for username, path, table in LISTS:
            if username != signed_in:
                context.clear_cookies()
                page.goto(url + "/accounts/login/")
                page.get_by_label("利用者名").fill(username)
                page.get_by_label("パスワード").fill("kofu-demo-password")
                page.get_by_role("button", name="ログイン").click()
                page.wait_for_url(re.compile(r"/accounts/me/"))
                signed_in = username
            response = page.goto(url + path)
            assert response is not None and response.status == 200, path
            if table:
                assert page.locator(f"{table} tbody tr").count() > 0, path
            assert page.locator("form[aria-label=絞り込み]").count() == 1 or "/cards/" in path, path
            assert all_violations(page) == [], path
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            assert small_targets(page) == [], path
            screenshot(page, f"demo-list-{path.strip('/').replace('/', '-')}-{width}")
    finally:
        context.close()
