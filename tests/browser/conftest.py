"""Browser fixtures: Debian's Chromium driven by Playwright (sync API), never a downloaded browser.

Set ``KOFU_SCREENSHOTS=/some/dir`` to keep a full-page screenshot of every page the tests visit.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread while the ORM is used for test data;
# Django's async-safety check would refuse those queries.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} がありません（ブラウザテストには Debian の chromium パッケージが必要です）")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="ja-JP", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def keep_registry(django_db_blocker):
    """Reload the reference registry after a transactional test flushed the database.

    The session loads the registry once (tests/conftest.py); later non-transactional tests rely
    on it. Request this fixture before ``transactional_db`` so its teardown runs after the flush.
    """
    yield
    from kofu.registry.services import registry_load_reference

    with django_db_blocker.unblock():
        registry_load_reference()


@pytest.fixture
def screenshot():
    directory = os.environ.get("KOFU_SCREENSHOTS")

    def take(page, name: str) -> None:
        if directory:
            Path(directory).mkdir(parents=True, exist_ok=True)
            page.evaluate(
                "document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })"
            )
            page.wait_for_function("Array.from(document.images).every(i => i.complete)")
            page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)

    return take
