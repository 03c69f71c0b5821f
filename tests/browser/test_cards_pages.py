"""The card pipeline in a real browser: window staff import a J-LIS delivery file, set a card up,
send its notice (PDF), hand it over; the backlog dashboard moves accordingly. Axe scan on each page."""

from __future__ import annotations

import re

import pytest

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from tests.cards.conftest import DELIVERY_HEADER, delivery_row
from tests.conftest import PASSWORD, make_staff

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.fixture
def site(keep_registry, transactional_db, live_server):
    from kofu.accounts import services
    from kofu.registry.services import registry_load_reference

    if Municipality.objects.count() < 1741:
        registry_load_reference()
    miyakonojo = Municipality.objects.get(code="452025")
    make_staff("window", services.organisation_for_municipality(municipality=miyakonojo, actor=SYSTEM))
    # The notice PDF is an export of personal data (持ち出し): window staff hold the permission.
    from kofu.accounts.grants import export_permission_set

    export_permission_set(username="window", allowed=True, actor=SYSTEM)
    return live_server.url


def stage_count(page, state: str) -> int:
    return int(page.locator(f"#t-stages tr[data-state='{state}'] td.count").inner_text().replace(",", ""))


def cumulative(page, key: str) -> int:
    return int(re.sub(r"\D", "", page.locator(f"#cumulative [data-counter='{key}'] dd").inner_text()))


def open_card(page, state_label: str) -> None:
    page.get_by_role("link", name="カードの一覧・交付").click()
    page.get_by_label("状態").select_option(label=state_label)
    page.get_by_role("button", name="表示").click()
    page.locator("#t-cards tbody a").first.click()


def change_state(page, label: str) -> None:
    page.get_by_label("変更後の状態").select_option(label=label)
    page.get_by_role("button", name="変更する").click()
    page.wait_for_selector(f"#card-state:text('{label}')")


def test_import_notify_and_hand_over_move_the_backlog(site, page, tmp_path, screenshot):
    page.goto(f"{site}/accounts/login/?next=/cards/452025/")
    page.get_by_label("利用者名").fill("window")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(r"/cards/452025/$"))
    assert page.locator("h1").inner_text().startswith("宮崎県都城市のカード滞留状況")
    assert stage_count(page, "delivered") == 0
    assert serious_violations(page) == []
    screenshot(page, "cards-dashboard-empty")

    # Import a delivery file of three cards.
    delivery = tmp_path / "jlis-B001.csv"
    delivery.write_text(
        "\n".join([DELIVERY_HEADER, *(delivery_row(n) for n in (1, 2, 3))]) + "\n", encoding="utf-8"
    )
    page.get_by_role("link", name="ファイルの取込").click()
    assert serious_violations(page) == []
    page.get_by_label("ファイルの種類").select_option("delivery")
    page.get_by_label("CSVファイル").set_input_files(str(delivery))
    page.get_by_role("button", name="取り込む").click()
    page.wait_for_url(re.compile(r"/cards/452025/$"))
    assert "jlis-B001.csv を取り込みました：3行" in page.locator("[role=status]").inner_text()
    assert stage_count(page, "delivered") == 3 and cumulative(page, "delivered") == 3

    # Set one card up (交付前設定).
    open_card(page, "J-LISから納品")
    assert serious_violations(page) == []
    screenshot(page, "cards-detail")
    change_state(page, "交付前設定済み")

    # Send the notice: one wave of one, sized by the stagger plan.
    page.get_by_role("link", name="交付通知書").click()
    assert page.locator("#ready").inner_text() == "1"
    page.get_by_label("窓口の1日あたりの交付可能枚数").fill("1")
    page.get_by_label("1回の通知で案内する開庁日数").fill("1")
    page.get_by_label("最初の来庁期間の開始日").fill("2022-06-01")
    page.get_by_role("button", name="分割案を計算").click()
    assert page.get_by_label("今回送る通数").input_value() == "1"
    assert serious_violations(page) == []
    screenshot(page, "cards-notices")
    page.get_by_role("button", name="発送済みにする").click()
    assert "交付通知書 1通を発送済みにしました" in page.locator("[role=status]").inner_text()
    with page.expect_download() as download:
        page.locator("#notice-batches a").first.click()
    assert download.value.suggested_filename.endswith(".pdf")

    # Hand it over.
    open_card(page, "交付通知書発送済み")
    change_state(page, "交付済み")

    page.get_by_role("link", name="滞留状況").click()
    assert stage_count(page, "delivered") == 2
    assert stage_count(page, "notice_sent") == 0
    assert cumulative(page, "setup") == 1 and cumulative(page, "handed_over") == 1
    assert page.locator("#delays dd").first.inner_text().startswith("1")
    assert serious_violations(page) == []
    screenshot(page, "cards-dashboard-after")
