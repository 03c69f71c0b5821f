"""Small-cell suppression for aggregates shown to ministry staff (SECURITY.md 14).

A count below ``k`` could single out a resident, so it is shown as ``"<k"``. Totals are computed
from the raw counts (not from the suppressed cells), so they still reconcile at the level above.
``k`` comes from the setting ``KOFU_SUPPRESSION_K`` (default 10): callers in Django code pass
``settings.KOFU_SUPPRESSION_K``; this module stays free of Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

DEFAULT_K = 10

Key = TypeVar("Key")


def suppress(count: int, k: int = DEFAULT_K) -> int | str:
    """``count`` itself when it is at least ``k``; otherwise the string ``"<k"`` (e.g. ``"<10"``).

    Zero is suppressed as well: showing 0 next to "<10" would tell which small cells are empty.
    ``k`` of 1 or less turns suppression off (every non-negative count is shown).
    """
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError(f"count must be an int, not {type(count).__name__}")
    if count < 0:
        raise ValueError(f"count must not be negative: {count}")
    if k <= 1:
        return count
    return count if count >= k else f"<{k}"


def suppress_cells(counts: Mapping[Key, int], k: int = DEFAULT_K) -> dict[Key, int | str]:
    """Every cell of a row or table suppressed with the same ``k`` (keys and order kept)."""
    return {key: suppress(value, k) for key, value in counts.items()}


def is_suppressed(cell: int | str) -> bool:
    return isinstance(cell, str)
