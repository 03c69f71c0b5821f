"""The outbox page in a real browser: a municipality's administrator sees a resident's mail that
could not be sent (the mail server was down when the resident booked), filters for failures, and
sends it again once the server is back; axe at 1280 px and 390 px."""

from __future__ import annotations

import re

import pytest

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from tests.browser.test_bookings_pages import serious_violations
from tests.conftest import PASSWORD, make_staff
from tests.outbox.conftest import smtp  # noqa: F401 — a real SMTP server on 127.0.0.1

pytestmark = pytest.mark.browser


@pytest.fixture
def server(keep_registry, transactional_db, live_server, settings, smtp):  # noqa: F811
    from kofu.accounts import services
    from kofu.registry.services import registry_load_reference

    if Municipality.objects.count() < 1741:
        registry_load_reference()
    miyakonojo = Municipality.objects.get(code="452025")
    make_staff(
        "mail-admin",
        services.organisation_for_municipality(municipality=miyakonojo, actor=SYSTEM),
        is_admin=True,
    )
    return live_server.url


def booked_while_the_server_was_down():
    """A resident books through the booking service; the delivery after the commit finds no server."""
    from kofu.bookings import services
    from kofu.bookings.fixtures import booking_fixture
    from kofu.cards.models import Card

    data = booking_fixture(capacity=2, residents=1, days_ahead=7)
    card = Card.objects.get(notice_number=data["residents"][0]["notice_number"])
    services.bookings_create(
        cards=[card], slot_id=data["slot"], email="hanako.tsuru@example.jp", actor=SYSTEM
    )


def test_an_administrator_finds_a_failed_mail_and_sends_it_again(server, page, smtp, screenshot):  # noqa: F811
    from kofu.outbox.models import Message

    booked_while_the_server_was_down()
    assert Message.objects.get().state == "failed"
    page.goto(f"{server}/accounts/login/?next=/accounts/me/")
    page.get_by_label("利用者名").fill("mail-admin")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.get_by_role("link", name=re.compile("送信メール")).click()
    page.wait_for_url(re.compile(r"/outbox/$"))
    table = page.locator("#t-outbox")
    assert "h***@example.jp" in table.inner_text() and "hanako.tsuru" not in page.content()
    assert "接続できません（接続を拒否されました）" in table.inner_text()
    assert serious_violations(page) == []
    screenshot(page, "outbox-failed")

    page.get_by_label("状態", exact=True).select_option(label="送信失敗")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r"state=failed"))
    assert "送信メール（1件" in table.inner_text()

    smtp.start()
    page.get_by_role("button", name=re.compile("再送する")).click()
    page.wait_for_url(re.compile(r"/outbox/\?state=failed"))
    assert "送信待ちに戻しました" in page.get_by_role("status").inner_text()
    assert "まだメールはありません" not in page.content()
    page.get_by_label("状態", exact=True).select_option(label="送信済み")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r"state=sent"))
    row = table.locator("tbody tr").first
    assert "送信済み" in row.inner_text() and re.search(r"\b2\b", row.inner_text())
    assert [m["To"] for m in smtp.inbox.received] == ["hanako.tsuru@example.jp"]

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert serious_violations(page) == []
    screenshot(page, "outbox-phone")
