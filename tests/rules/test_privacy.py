"""Small-cell suppression: counts below k are shown as "<k"; totals come from raw counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kofu.rules.privacy import DEFAULT_K, is_suppressed, suppress, suppress_cells


def test_a_cell_of_three_shows_as_less_than_ten_by_default():
    assert suppress(3) == "<10"


def test_counts_at_or_above_k_are_shown_as_they_are():
    assert suppress(10) == 10
    assert suppress(12345) == 12345


def test_zero_is_suppressed_like_any_small_cell():
    assert suppress(0) == "<10"


def test_k_is_configurable():
    assert suppress(4, k=5) == "<5"
    assert suppress(5, k=5) == 5


def test_k_of_one_turns_suppression_off():
    assert suppress(0, k=1) == 0
    assert suppress(3, k=0) == 3


def test_negative_and_non_integer_counts_are_refused():
    with pytest.raises(ValueError):
        suppress(-1)
    with pytest.raises(TypeError):
        suppress(3.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        suppress(True)


def test_a_table_keeps_its_keys_and_the_total_reconciles_from_raw_counts():
    cells = {"都城市": 3, "延岡市": 25, "宮崎市": 0}
    shown = suppress_cells(cells)
    assert shown == {"都城市": "<10", "延岡市": 25, "宮崎市": "<10"}
    assert [key for key in shown] == list(cells)
    assert sum(cells.values()) == 28  # the prefecture total is built from raw counts
    assert [is_suppressed(value) for value in shown.values()] == [True, False, True]


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=2, max_value=1000))
def test_every_count_is_either_shown_exactly_or_below_k(count, k):
    shown = suppress(count, k)
    if count >= k:
        assert shown == count
    else:
        assert shown == f"<{k}"


def test_the_default_k_is_ten():
    assert DEFAULT_K == 10


def test_django_code_uses_the_configured_k(settings):
    from kofu.core.privacy import suppress_count, suppress_counts

    assert suppress_count(3) == "<10"
    settings.KOFU_SUPPRESSION_K = 5
    assert suppress_count(4) == "<5" and suppress_count(5) == 5
    assert suppress_counts({"a": 1, "b": 7}) == {"a": "<5", "b": 7}
