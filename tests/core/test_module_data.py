"""tests/module_data.py refuses the tests that cannot share a module's uncommitted data."""

from __future__ import annotations

import pytest

from tests.module_data import _transactional


class Item:
    def __init__(self, *fixtures: str, mark: pytest.Mark | None = None) -> None:
        self.fixturenames = ["request", *fixtures]
        self.mark = mark

    def get_closest_marker(self, name: str) -> pytest.Mark | None:
        return self.mark if name == "django_db" else None


@pytest.mark.parametrize(
    "item",
    [
        Item("transactional_db"),
        Item("live_server"),
        Item("django_db_reset_sequences"),
        Item("django_db_serialized_rollback"),
        Item(mark=pytest.mark.django_db(transaction=True).mark),
        Item(mark=pytest.mark.django_db(True).mark),
    ],
)
def test_a_test_outside_a_transaction_of_its_own_is_refused(item):
    assert _transactional(item)


@pytest.mark.parametrize("item", [Item("db"), Item(), Item("db", mark=pytest.mark.django_db.mark)])
def test_a_test_in_its_own_rolled_back_transaction_may_share(item):
    assert not _transactional(item)
