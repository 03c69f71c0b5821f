"""Small-cell suppression of card aggregates for ministry staff (SECURITY.md 14): "<10" below k,
exact numbers for municipality and prefecture staff, prefecture totals that still reconcile."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kofu.cards import counting
from kofu.cards.selectors import BACKLOG_STAGES
from kofu.rules import cards as rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_and_large(make_card, registry):
    """3 cards waiting in 都城市 (a small cell), 12 in 延岡市, and 3 deliveries counted on 2022-06-01."""
    miyakonojo, nobeoka = registry.get(code="452025"), registry.get(code="452033")
    for _ in range(3):
        make_card(state=rules.DELIVERED, state_since=dt.date(2022, 6, 1), delivered_on=dt.date(2022, 6, 1))
    for _ in range(12):
        make_card(state=rules.DELIVERED, state_since=dt.date(2022, 6, 1), municipality=nobeoka)
    counting.add(miyakonojo, [(counting.key(counting.DELIVERED, dt.date(2022, 6, 1)), 3)])


def stage_cell(body: str, state: str) -> str:
    found = re.search(
        rf'<tr data-state="{state}"><th scope="row">[^<]*</th><td class="count">([^<]*)</td>', body
    )
    assert found, state
    return found.group(1)


def dashboard(client, user):
    client.force_login(user)
    return client.get("/cards/452025/?as_of=2022-06-01").content.decode()


def test_the_ministry_sees_small_cells_as_below_k(client, personas, small_and_large):
    body = dashboard(client, personas["ministry"])
    assert stage_cell(body, "delivered") == "&lt;10"
    assert stage_cell(body, "setup_done") == "&lt;10"  # zero is suppressed like any small cell
    assert 'id="suppression-note"' in body
    cumulative = re.search(r'data-counter="delivered"><dt>[^<]*</dt><dd>([^<]*)<', body).group(1)
    assert cumulative == "&lt;10"
    per_day = re.search(r"<th scope=\"row\">6月1日（水）</th><td>[^<]*</td><td>([^<]*)</td>", body).group(1)
    assert per_day == "&lt;10"
    assert "事情聴取の基準" not in body and "要対応" not in body


@pytest.mark.parametrize("persona", ["municipality", "prefecture"])
def test_municipality_and_prefecture_staff_see_exact_numbers(client, personas, small_and_large, persona):
    body = dashboard(client, personas[persona])
    assert stage_cell(body, "delivered") == "3" and stage_cell(body, "setup_done") == "0"
    assert "&lt;10" not in body and 'id="suppression-note"' not in body


def test_k_is_configurable(client, personas, small_and_large, settings):
    settings.KOFU_SUPPRESSION_K = 3
    body = dashboard(client, personas["ministry"])
    assert stage_cell(body, "delivered") == "3" and stage_cell(body, "setup_done") == "&lt;3"


def overview(client, user, code="45"):
    client.force_login(user)
    return client.get(f"/cards/prefecture/{code}/")


def row_cells(body: str, code: str) -> list[str]:
    row = re.search(rf'<tr data-code="{code}">(.*?)</tr>', body, re.S).group(1)
    return re.findall(r"<td[^>]*>([^<]*)</td>", row)


def test_the_prefecture_overview_suppresses_for_the_ministry_and_totals_reconcile(
    client, personas, small_and_large
):
    body = overview(client, personas["ministry"]).content.decode()
    delivered = [state for state, _label in BACKLOG_STAGES].index("delivered")
    assert row_cells(body, "452025")[delivered] == "&lt;10"
    assert row_cells(body, "452033")[delivered] == "12"
    total = re.search(r'<tr id="prefecture-total">(.*?)</tr>', body, re.S).group(1)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", total)
    assert cells[delivered] == "15" and cells[-1] == "15"  # raw counts: 3 + 12

    exact = overview(client, personas["prefecture"]).content.decode()
    assert row_cells(exact, "452025")[delivered] == "3" and "&lt;10" not in exact


def test_the_prefecture_overview_is_scoped(client, personas):
    assert overview(client, personas["other_prefecture"]).status_code == 404
    assert overview(client, personas["municipality"]).status_code == 404
    assert overview(client, personas["ministry"], "46").status_code == 200
