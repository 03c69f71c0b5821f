"""Screenshots of the main pages for docs/screenshots/, from a running demo (Debian's chromium).

    KOFU_DATA_DIR=/tmp/kofu-shots kofu demo --port 8765 &
    python tools/screenshots.py http://127.0.0.1:8765 docs/screenshots

Signs in as each demo account and saves the viewport (1280×800) of its main pages as PNG.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PASSWORD = "kofu-demo-password"
PAGES = {
    None: [("stats-dashboard", "/")],
    "demo-municipality": [
        ("home-municipality", "/accounts/me/"),
        ("cards-dashboard", "/cards/452025/"),
        ("plan-returned", "/plans/municipalities/452025/"),
        ("reports-municipality", "/plans/municipalities/452025/reports/"),
    ],
    "demo-prefecture": [("home-prefecture", "/accounts/me/"), ("plans-prefecture", "/plans/prefectures/45/")],
    "demo-ministry": [("home-ministry", "/accounts/me/"), ("claims-ministry", "/subsidies/claims/")],
}


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for username, pages in PAGES.items():
            context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 800})
            page = context.new_page()
            if username:
                page.goto(base + "/accounts/login/")
                page.get_by_label("利用者名").fill(username)
                page.get_by_label("パスワード").fill(PASSWORD)
                page.get_by_role("button", name="ログイン").click()
                page.wait_for_url("**/accounts/me/")
            for name, path in pages:
                page.goto(base + path)
                page.screenshot(path=str(out / f"{name}.png"))
            context.close()
        sites = base + "/bookings/staff/"
        context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(base + "/accounts/login/")
        page.get_by_label("利用者名").fill("demo-municipality")
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        page.wait_for_url("**/accounts/me/")
        page.goto(sites)
        page.get_by_role("link", name="本日の予約表").first.click()
        page.screenshot(path=str(out / "day-sheet.png"))
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
