"""Per-process memo of what is computed from a snapshot (its figures, its tables, its totals).

A snapshot never changes once imported, except through an import or replacement, which saves
the snapshot and so gives it a new ``cache_token`` (see :mod:`kofu.stats.signals`). Entries are
keyed by ``(snapshot id, cache_token, …)``: a re-imported snapshot is simply a new key, and
every worker process finds the current token in the row it reads anyway. Least recently used
entries are dropped beyond :data:`MAX_ENTRIES`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

#: About 40 snapshots × (figures + 8 tables + totals) fit; a table is a few hundred kB at most.
MAX_ENTRIES = 1024

_entries: OrderedDict[Hashable, Any] = OrderedDict()
_lock = threading.Lock()


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    """The value stored under ``key``, computed (outside the lock) and stored when missing."""
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        _entries[key] = value
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def version(snapshots: list[object]) -> tuple[object, ...]:
    """A key part naming every snapshot in its current version (for what several snapshots feed)."""
    return tuple((s.pk, s.cache_token) for s in snapshots)  # type: ignore[attr-defined]


def clear() -> None:
    """Forget everything (tests, and the import service after a refused file changed nothing)."""
    with _lock:
        _entries.clear()
