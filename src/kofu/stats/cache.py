"""Per-process memos of what is computed from snapshots (figures, tables, totals, page parts).

A snapshot never changes once imported, except through an import or replacement, which saves
the snapshot and so gives it a new ``cache_token`` (see :mod:`kofu.stats.signals`). Entries are
keyed by ``(snapshot id, cache_token, …)`` or by :func:`version` of all snapshots: a re-imported
snapshot is simply a new key, and every worker process finds the current token in the rows it
reads anyway. Least recently used entries are dropped beyond each memo's size.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """A thread-safe least-recently-used memo of at most ``size`` entries."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value stored under ``key``, computed (outside the lock) and stored when missing."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                # One memo holds values of many types: a key always maps to what its compute returned.
                return self._entries[key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


#: Figures, tables, totals, charts: about 40 snapshots × (figures + 8 tables + maps + charts).
DATA = Memo(1024)
#: Rendered page parts (about 200 KiB each), per snapshot set and query string.
PAGES = Memo(48)


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    return DATA.remember(key, compute)


def version(snapshots: list[Any] | tuple[Any, ...]) -> tuple[object, ...]:
    """A key part naming every snapshot in its current version (for what several snapshots feed)."""
    return tuple((s.pk, s.cache_token) for s in snapshots)


def clear() -> None:
    """Forget everything (tests and benchmarks)."""
    DATA.clear()
    PAGES.clear()
