"""The cards pages staff use all day read in a fixed number of queries, however many cards."""

from __future__ import annotations

import pytest

from kofu.rules import cards as rules
from tests.query_counts import assert_locked, logged, queries_of

DASHBOARD = "/cards/452025/"
LIST = f"/cards/452025/list/?state={rules.NOTICE_SENT}"
NOTICES = "/cards/452025/notices/"
#: Measured on 2026-12-07 on SQLite (`logged`: one more on PostgreSQL); a page that needs more must say why here.
LIMITS = {DASHBOARD: 17, LIST: logged(15), NOTICES: 14}  # notices: the pacing proposal
DETAIL_LIMIT = logged(15)


@pytest.fixture
def window(client, personas):
    client.force_login(personas["municipality"])
    return client


def cards_in_every_state(make_card, count: int) -> None:
    for state in rules.STATE_LABELS:
        for _ in range(count):
            make_card(state=state)


def test_dashboard_list_and_notices_do_not_grow_with_the_cards(
    window, make_card, django_assert_max_num_queries
):
    cards_in_every_state(make_card, 2)
    assert_locked(
        window,
        [DASHBOARD, LIST, NOTICES],
        lambda: cards_in_every_state(make_card, 4),
        LIMITS,
        django_assert_max_num_queries,
    )


def test_card_detail_reads_in_a_fixed_number_of_queries(window, make_card, django_assert_max_num_queries):
    card = make_card(state=rules.NOTICE_SENT)
    url = f"/cards/452025/cards/{card.pk}/"
    with django_assert_max_num_queries(DETAIL_LIMIT):
        queries_of(window, url)
