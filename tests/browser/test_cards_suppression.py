"""The ministry's prefecture overview in a real browser: "<10" for small counts, "X" where a total
would give one away, the note that says so, and the municipality's dashboard showing its row the
same way. Axe scan on both pages."""

from __future__ import annotations

import re

import pytest

from kofu.accounts.roles import SYSTEM
from kofu.cards.models import Card
from kofu.registry.models import Municipality
from tests.browser.test_cards_pages import serious_violations
from tests.cards.test_suppression import STATES, leaky_cards
from tests.conftest import PASSWORD, make_staff

pytestmark = pytest.mark.browser


@pytest.fixture
def site(keep_registry, transactional_db, live_server):
    from kofu.accounts import services
    from kofu.registry.services import registry_load_reference

    if Municipality.objects.count() < 1741:
        registry_load_reference()
    make_staff("soumu", services.organisation_for_ministry(actor=SYSTEM), is_admin=True)
    Card.objects.bulk_create(leaky_cards(Municipality.objects))
    return live_server.url


def test_the_ministry_reads_the_overview_with_complementary_suppression(site, page, screenshot):
    page.goto(f"{site}/accounts/login/?next=/cards/prefecture/45/")
    page.get_by_label("利用者名").fill("soumu")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(r"/cards/prefecture/45/$"))
    note = page.locator("#suppression-note").inner_text()
    assert "0件を含む" in note and "「X」" in note
    row = page.locator("#t-prefecture tr[data-code='452025'] td")
    cells = [text.strip() for text in row.all_inner_texts()]
    assert cells[STATES.index("delivered")] == "<10"
    assert page.locator("#t-prefecture td", has_text=re.compile(r"^X$")).count() >= 3
    assert serious_violations(page) == []
    screenshot(page, "cards-prefecture-ministry")

    page.get_by_role("link", name="都城市").click()
    page.wait_for_url(re.compile(r"/cards/452025/$"))
    shown = [
        page.locator(f"#t-stages tr[data-state='{state}'] td.count").inner_text().strip() for state in STATES
    ]
    assert shown == cells[:-1]
    assert serious_violations(page) == []
    screenshot(page, "cards-dashboard-ministry")
