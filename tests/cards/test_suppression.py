"""Small-cell suppression of card aggregates for ministry staff (SECURITY.md 14): "<10" below k (zero
included), complementary "X" where totals would give a small count away, exact numbers for
municipality and prefecture staff, shown totals that are the exact sums.

The prefecture overview is read back from the page and attacked with linear programming
(tests/rules/table_attacker.py): the naive table gives 都城市's 3 delivered cards away, the
page as kofu shows it does not.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from kofu.cards import counting
from kofu.cards.models import Card
from kofu.cards.selectors import BACKLOG_STAGES
from kofu.rules import cards as rules
from kofu.rules.privacy import HIDDEN, ProtectedTable, suppress
from tests.rules.table_attacker import feasible_range

pytestmark = pytest.mark.django_db

STATES = [state for state, _label in BACKLOG_STAGES]
DELIVERED = STATES.index(rules.DELIVERED)
SETUP = STATES.index(rules.SETUP_DONE)


@pytest.fixture
def small_and_large(make_card, registry):
    """3 cards waiting in 都城市 (a small cell), 12 in 延岡市, and 3 deliveries counted on 2022-06-01."""
    miyakonojo, nobeoka = registry.get(code="452025"), registry.get(code="452033")
    for _ in range(3):
        make_card(state=rules.DELIVERED, state_since=dt.date(2022, 6, 1), delivered_on=dt.date(2022, 6, 1))
    for _ in range(12):
        make_card(state=rules.DELIVERED, state_since=dt.date(2022, 6, 1), municipality=nobeoka)
    counting.add(miyakonojo, [(counting.key(counting.DELIVERED, dt.date(2022, 6, 1)), 3)])


#: (code, delivered, set up) — 都城市's 3 delivered cards beside large counts.
LEAKY = [("452025", 3, 30), ("452033", 25, 20), ("452017", 30, 15)]


def leaky_cards(municipalities) -> list[Card]:
    """The cards of LEAKY: 都城市's 3 delivered cards beside large counts (unsaved)."""
    cards = []
    for code, delivered, setup in LEAKY:
        municipality = municipalities.get(code=code)
        for state, count in ((rules.DELIVERED, delivered), (rules.SETUP_DONE, setup)):
            cards += [
                Card(
                    municipality=municipality,
                    application_id=f"L{code}{state[:3]}{n:03d}",
                    channel="online",
                    received_on=dt.date(2022, 3, 1),
                    name="宮崎 花子",
                    name_kana="ミヤザキ ハナコ",
                    birth_date=dt.date(1990, 1, 2),
                    address="宮崎県",
                    state=state,
                    state_changed_at=timezone.now(),
                    state_since=dt.date(2022, 3, 1),
                )
                for n in range(count)
            ]
    return cards


@pytest.fixture
def leaky(registry):
    """A prefecture whose naive table gives 都城市's 3 delivered cards away (row total 33 − 30)."""
    Card.objects.bulk_create(leaky_cards(registry))


def stage_cell(body: str, state: str) -> str:
    found = re.search(
        rf'<tr data-state="{state}"><th scope="row">[^<]*</th><td class="count">([^<]*)</td>', body
    )
    assert found, state
    return found.group(1)


def dashboard(client, user, code="452025"):
    client.force_login(user)
    return client.get(f"/cards/{code}/?as_of=2022-06-01").content.decode()


def test_the_ministry_sees_small_cells_as_below_k(client, personas, small_and_large):
    body = dashboard(client, personas["ministry"])
    assert stage_cell(body, "delivered") == "&lt;10"
    assert stage_cell(body, "setup_done") == "&lt;10"  # zero is suppressed like any small count
    assert 'id="suppression-note"' in body and "0件を含む" in body
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


def cell_value(text: str) -> int | str:
    text = text.replace("&lt;", "<").replace(",", "")
    return text if text.startswith("<") or text == HIDDEN else int(text)


def page_table(body: str) -> ProtectedTable:
    """The overview as the page shows it: cells, municipality totals, prefecture totals."""
    rows = [
        [cell_value(text) for text in row_cells(body, code)]
        for code in re.findall(r'<tr data-code="(\d{6})">', body)
    ]
    total = re.search(r'<tr id="prefecture-total">(.*?)</tr>', body, re.S).group(1)
    totals = [cell_value(text) for text in re.findall(r"<td[^>]*>([^<]*)</td>", total)]
    return ProtectedTable([row[:-1] for row in rows], [row[-1] for row in rows], totals[:-1], totals[-1])


def exact_table(body: str) -> list[list[int]]:
    return [
        [int(text.replace(",", "")) for text in row_cells(body, code)[:-1]]
        for code in re.findall(r'<tr data-code="(\d{6})">', body)
    ]


def naive(cells: list[list[int]]) -> ProtectedTable:
    """What the page showed before complementary suppression: every count on its own, exact totals."""
    return ProtectedTable(
        [[suppress(n) for n in row] for row in cells],
        [sum(row) for row in cells],
        [sum(column) for column in zip(*cells, strict=True)],
        sum(map(sum, cells)),
    )


def test_the_prefecture_overview_keeps_a_small_count_that_the_naive_table_gives_away(client, personas, leaky):
    prefecture_page = overview(client, personas["prefecture"]).content.decode()
    exact = exact_table(prefecture_page)
    codes = re.findall(r'<tr data-code="(\d{6})">', prefecture_page)
    miyakonojo = codes.index("452025")
    assert exact[miyakonojo][DELIVERED] == 3
    # Before: the row total 33, the 30 set-up cards and the exact column totals give it away: 3.
    assert feasible_range(naive(exact), ("cell", miyakonojo, DELIVERED), 10) == (3, 3)

    body = overview(client, personas["ministry"]).content.decode()
    shown = page_table(body)
    assert shown.cells[miyakonojo][DELIVERED] == "<10"
    assert feasible_range(shown, ("cell", miyakonojo, DELIVERED), 10) == (0, 9)
    assert HIDDEN in {cell for row in shown.cells for cell in row}
    assert 'id="suppression-note"' in body
    # Every "<10" on the page: nothing narrower than 0..9 can be worked out.
    for i, row in enumerate(shown.cells):
        for j, cell in enumerate(row):
            if cell == "<10":
                assert feasible_range(shown, ("cell", i, j), 10) == (0, 9), (codes[i], STATES[j])
    # Every figure shown is exact; every total shown is the exact sum of the raw counts.
    for i, row in enumerate(shown.cells):
        for j, cell in enumerate(row):
            assert cell in ("<10", HIDDEN) or cell == exact[i][j]
    for j, total in enumerate(shown.column_totals):
        assert total in ("<10", HIDDEN) or total == sum(row[j] for row in exact)
    assert shown.total in ("<10", HIDDEN) or shown.total == sum(map(sum, exact))


def test_the_dashboard_shows_a_municipalitys_stages_as_its_row_of_the_overview(client, personas, leaky):
    """Otherwise the dashboard's exact figure would undo an "X" of the overview."""
    body = overview(client, personas["ministry"]).content.decode()
    for code, _delivered, _setup in LEAKY:
        row = row_cells(body, code)[:-1]
        page = dashboard(client, personas["ministry"], code)
        assert [stage_cell(page, state) for state in STATES] == row, code


def test_the_prefecture_overview_shows_exact_numbers_to_the_prefecture(client, personas, small_and_large):
    exact = overview(client, personas["prefecture"]).content.decode()
    assert row_cells(exact, "452025")[DELIVERED] == "3" and "&lt;10" not in exact
    total = re.search(r'<tr id="prefecture-total">(.*?)</tr>', exact, re.S).group(1)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", total)
    assert cells[DELIVERED] == "15" and cells[-1] == "15"  # raw counts: 3 + 12
    ministry = overview(client, personas["ministry"]).content.decode()
    assert row_cells(ministry, "452025")[DELIVERED] == "&lt;10"


def test_the_prefecture_overview_is_scoped(client, personas):
    assert overview(client, personas["other_prefecture"]).status_code == 404
    assert overview(client, personas["municipality"]).status_code == 404
    assert overview(client, personas["ministry"], "46").status_code == 200
