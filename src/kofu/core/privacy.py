"""Small-cell suppression with the configured k (``KOFU_SUPPRESSION_K``) for Django code.

Apply to every count shown to ministry staff at resident level (municipality × day × attribute):
:func:`suppress_count` / :func:`suppress_counts` for figures shown without a total beside them,
:func:`protect_counts_table` for a table shown with its totals (complementary suppression).
The pure rules are :mod:`kofu.rules.privacy`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TypeVar

from django.conf import settings

from kofu.rules.privacy import ProtectedTable, protect_table, suppress, suppress_cells

Key = TypeVar("Key")


def suppression_k() -> int:
    return int(getattr(settings, "KOFU_SUPPRESSION_K", 10))


def suppress_count(count: int) -> int | str:
    """``count``, or ``"<k"`` when it is below the configured k."""
    return suppress(count, suppression_k())


def suppress_counts(counts: Mapping[Key, int]) -> dict[Key, int | str]:
    return suppress_cells(counts, suppression_k())


def protect_counts_table(cells: list[list[int]]) -> ProtectedTable:
    """A table with row, column and grand totals, suppressed so that no small count can be recovered.

    The same counts give the same pattern, so recent results are kept: a prefecture's overview and
    the dashboards of its municipalities (which show their row of it) compute it once. Read only.
    """
    return _protected(tuple(tuple(row) for row in cells), suppression_k())


@functools.lru_cache(maxsize=64)
def _protected(cells: tuple[tuple[int, ...], ...], k: int) -> ProtectedTable:
    return protect_table(cells, k)
