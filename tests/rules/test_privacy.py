"""Small-cell suppression: counts from 1 to k−1 are shown as "<k", zero as 0; totals come from raw
counts; tables with totals get complementary suppression (checked against a linear-programming
attacker that knows every rule)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kofu.rules.privacy import (
    DEFAULT_K,
    HIDDEN,
    ProtectedTable,
    is_suppressed,
    protect_table,
    suppress,
    suppress_cells,
)
from tests.rules.table_attacker import feasible_range, hidden_entries


def test_a_cell_of_three_shows_as_less_than_ten_by_default():
    assert suppress(3) == "<10"


def test_counts_at_or_above_k_are_shown_as_they_are():
    assert suppress(10) == 10
    assert suppress(12345) == 12345


def test_zero_is_suppressed_like_any_small_count_everywhere():
    assert suppress(0) == "<10"
    assert suppress_cells({"a": 0, "b": 3}) == {"a": "<10", "b": "<10"}
    table = protect_table([[0, 3], [0, 40]])
    assert table.cells[0][0] == "<10" and table.cells[1][0] == "<10" and table.column_totals[0] == "<10"


def test_zeros_shown_would_narrow_a_small_total():
    """Why zeros are hidden: nine non-empty "<10" cells would pin their "<10" total to 9."""
    shown = ProtectedTable([["<10"] * 9], ["<10"], ["<10"] * 9, "<10")
    with_zeros_shown = feasible_range(shown, ("row", 0), DEFAULT_K, low=1)
    assert with_zeros_shown == (9, 9)
    assert feasible_range(shown, ("row", 0), DEFAULT_K) == (0, 9)


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


# --- Tables with totals: complementary suppression ------------------------------------------------

#: The prefecture overview of the issue: 都城市 has 3 cards delivered and its row total is shown.
LEAKY = [
    [3, 120, 45, 210],  # 都城市: 3 delivered
    [60, 80, 33, 150],  # 延岡市
    [25, 14, 51, 95],  # 宮崎市
]


def naive(cells, k=DEFAULT_K):
    """What kofu did before: each count on its own, totals exact beside them."""
    return ProtectedTable(
        [[suppress(n, k) for n in row] for row in cells],
        [sum(row) for row in cells],
        [sum(col) for col in zip(*cells, strict=True)],
        sum(map(sum, cells)),
    )


def test_the_naive_table_gives_the_small_cell_away():
    shown = naive(LEAKY)
    assert shown.cells[0][0] == "<10" and shown.row_totals[0] == 378
    assert feasible_range(shown, ("cell", 0, 0), DEFAULT_K) == (3, 3)  # 378 − 120 − 45 − 210


def test_the_protected_table_does_not():
    shown = protect_table(LEAKY)
    assert shown.cells[0][0] == "<10"
    assert feasible_range(shown, ("cell", 0, 0), DEFAULT_K) == (0, 9)
    hidden = [(i, j) for i, row in enumerate(shown.cells) for j, cell in enumerate(row) if cell == HIDDEN]
    assert len(hidden) == 3  # one rectangle of large cells is enough here
    assert shown.row_totals == [378, 323, 185] and shown.total == 886  # totals stay exact


def test_a_small_total_is_suppressed_like_a_cell_and_protected_too():
    shown = protect_table([[2, 3], [40, 50]])
    assert shown.row_totals[0] == "<10"
    for entry in hidden_entries(shown):
        if shown_label(shown, entry) == "<10":
            assert feasible_range(shown, entry, DEFAULT_K) == (0, 9)


def shown_label(shown, entry):
    kind, *at = entry
    if kind == "cell":
        return shown.cells[at[0]][at[1]]
    if kind == "row":
        return shown.row_totals[at[0]]
    if kind == "column":
        return shown.column_totals[at[0]]
    return shown.total


def counts(k):
    return st.one_of(
        st.just(0),
        st.integers(min_value=1, max_value=k - 1),
        st.integers(min_value=k, max_value=3 * k),
        st.integers(min_value=3 * k, max_value=500),
    )


@st.composite
def tables(draw):
    k = draw(st.sampled_from([3, 5, 10]))
    rows = draw(st.integers(min_value=1, max_value=5))
    columns = draw(st.integers(min_value=1, max_value=5))
    cells = draw(
        st.lists(st.lists(counts(k), min_size=columns, max_size=columns), min_size=rows, max_size=rows)
    )
    return k, cells


@hypothesis_settings(max_examples=120, deadline=None)
@given(tables())
def test_no_small_count_can_be_narrowed_from_what_the_table_shows(table):
    """For every table: each "<k" entry (cells and totals), given all shown figures, "<k" = 0..k−1
    and "X" = k or more, keeps the range it has with every count hidden (the stated minimum: the
    widest any suppression can give), and that range is all of 0..k−1 unless the sums force less."""
    k, cells = table
    shown = protect_table(cells, k)
    exact_row = [sum(row) for row in cells]
    exact_column = [sum(col) for col in zip(*cells, strict=True)]
    values = {("total",): sum(exact_row)}
    values.update({("row", i): n for i, n in enumerate(exact_row)})
    values.update({("column", j): n for j, n in enumerate(exact_column)})
    values.update({("cell", i, j): n for i, row in enumerate(cells) for j, n in enumerate(row)})
    for entry, value in values.items():
        label = shown_label(shown, entry)
        if value < k:
            assert label == f"<{k}"
        else:
            assert label in (value, HIDDEN)
    everything = all_hidden(cells, k)
    for entry in values:
        if shown_label(shown, entry) == f"<{k}":
            widest = feasible_range(everything, entry, k)
            assert feasible_range(shown, entry, k) == widest, entry
            if widest != (0, k - 1):  # only the table's own sums can narrow it
                assert forced_by_the_sums(cells, entry, k, widest), (entry, widest)
    # The simplest leak the issue names: no line with exactly one hidden entry while its total shows.
    for i, row in enumerate(shown.cells):
        if not is_suppressed(shown.row_totals[i]):
            assert sum(map(is_suppressed, row)) != 1
    for j in range(len(cells[0])):
        if not is_suppressed(shown.column_totals[j]):
            assert sum(is_suppressed(row[j]) for row in shown.cells) != 1


def all_hidden(cells, k):
    """The table with every count hidden ("<k" or "X"): the widest protection there is."""

    def label(n):
        return f"<{k}" if n < k else HIDDEN

    return ProtectedTable(
        [[label(n) for n in row] for row in cells],
        [label(sum(row)) for row in cells],
        [label(sum(col)) for col in zip(*cells, strict=True)],
        label(sum(map(sum, cells))),
    )


def forced_by_the_sums(cells, entry, k, widest):
    """A narrower range needs a line whose other hidden counts cannot absorb the difference: a
    line adding up to k or more (its total an "X") with "<k" counts only, or the like. Check the
    simplest witness: some line through the entry has a total of k or more."""
    kind, *at = entry
    lines = []
    if kind in ("cell", "row"):
        lines.append(sum(cells[at[0]]))
    if kind in ("cell", "column"):
        j = at[-1]
        lines.append(sum(row[j] for row in cells))
    lines.append(sum(map(sum, cells)))
    return any(total >= k for total in lines)


def test_the_same_table_always_gives_the_same_pattern():
    assert protect_table(LEAKY) == protect_table([list(row) for row in LEAKY])


def test_k_of_one_shows_every_count():
    shown = protect_table(LEAKY, 1)
    assert shown.cells == LEAKY and shown.total == 886
