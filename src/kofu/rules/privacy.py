"""Small-cell suppression for aggregates shown to ministry staff (SECURITY.md 14), with margins.

One rule everywhere kofu suppresses:

- a count below ``k`` — **zero included** — is shown as ``"<k"`` (e.g. ``"<10"``). A 0 shown beside
  ``"<k"`` cells would tell which of them are empty, and the number of non-empty ones narrows every
  total built from them (nine ``"<10"`` cells that are not 0 add up to at least 9); with zeros
  hidden too, ``"<k"`` means 0 to k−1 and nothing narrows it;
- a count of ``k`` or more is shown as it is — unless, in a table whose totals are shown, it has to
  be hidden too so that no ``"<k"`` cell can be worked out from the totals and the other cells:
  then it reads ``"X"`` (complementary suppression, :func:`protect_table`).

Totals are computed from the raw counts, never from the shown cells, so every total that is shown
is exact and still reconciles with the level above. ``k`` comes from the setting
``KOFU_SUPPRESSION_K`` (default 10); ``k`` of 1 or less shows everything. This module stays free of
Django: callers in Django code pass the configured ``k`` (``kofu.core.privacy``).

The guarantee of :func:`protect_table`: for every count shown ``"<k"`` (totals included), the
values it could take given everything the table shows — the exact cells and totals, ``"<k"``
meaning 0 to k−1 and ``"X"`` meaning k or more — are as many as with *every* count of the table
hidden: the widest range any suppression can leave. That is all of 0 to k−1 (the table tells no
more than the label), unless the table's sums narrow it whatever is hidden — two ``"<10"`` cells
adding up to a total of 10 or more are each at least 1. In particular no row or column has exactly
one hidden count while its total is shown. (Figures of *other* tables or other dates are not
taken into account.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from kofu.rules.complementary import COMPLEMENT, SMALL, protect

DEFAULT_K = 10
#: How a complementary-suppressed count (k or more) is shown.
HIDDEN = "X"

Key = TypeVar("Key")
Cell = int | str


def _check(count: int) -> None:
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError(f"count must be an int, not {type(count).__name__}")
    if count < 0:
        raise ValueError(f"count must not be negative: {count}")


def small_label(k: int) -> str:
    return f"<{k}"


def is_small(count: int, k: int = DEFAULT_K) -> bool:
    """A count that must not be shown: below ``k``, zero included."""
    _check(count)
    return k > 1 and count < k


def suppress(count: int, k: int = DEFAULT_K) -> int | str:
    """``count`` itself, or ``"<k"`` below ``k`` (zero included; see the module's rule).

    For a single figure or cells with no total shown beside them; a table whose totals are shown
    needs :func:`protect_table`.
    """
    return small_label(k) if is_small(count, k) else count


def suppress_cells(counts: Mapping[Key, int], k: int = DEFAULT_K) -> dict[Key, int | str]:
    """Every cell suppressed with the same ``k`` (keys and order kept); no total is shown with them."""
    return {key: suppress(value, k) for key, value in counts.items()}


def is_suppressed(cell: int | str) -> bool:
    return isinstance(cell, str)


@dataclass(frozen=True)
class ProtectedTable:
    """A table as shown: cells, each row's total, each column's total and the grand total."""

    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell


def protect_table(cells: Sequence[Sequence[int]], k: int = DEFAULT_K) -> ProtectedTable:
    """Suppress a table shown with its row totals, column totals and grand total.

    Small counts (cells or totals) read ``"<k"``; further counts of ``k`` or more read ``"X"``
    where needed so that the table, totals included, tells nothing more about a ``"<k"`` count
    than that it lies between 0 and k−1. Shown totals are the exact sums of the raw cells.
    """
    rows = [list(row) for row in cells]
    for row in rows:
        for count in row:
            _check(count)
    if len({len(row) for row in rows}) > 1:
        raise ValueError("every row must have the same number of cells")
    width = len(rows[0]) if rows else 0
    exact = ProtectedTable(
        [list[Cell](row) for row in rows],
        [sum(row) for row in rows],
        [sum(row[j] for row in rows) for j in range(width)],
        sum(map(sum, rows)),
    )
    if k <= 1 or not rows or not width:
        return exact
    network = protect(rows, k)
    shown: dict[tuple[object, ...], Cell] = {}
    for arc in network.arcs:
        if arc.kind == SMALL:
            shown[arc.entry] = small_label(k)
        elif arc.kind == COMPLEMENT:
            shown[arc.entry] = HIDDEN
    return ProtectedTable(
        [[shown.get(("cell", i, j), row[j]) for j in range(width)] for i, row in enumerate(exact.cells)],
        [shown.get(("row", i), total) for i, total in enumerate(exact.row_totals)],
        [shown.get(("column", j), total) for j, total in enumerate(exact.column_totals)],
        shown.get(("total",), exact.total),
    )
