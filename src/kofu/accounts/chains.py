"""Hash chains shared by kofu's two append-only logs (the audit log and the resident access log).

Each row carries ``seq`` (1, 2, 3 … without gaps), ``prev_hash`` (the previous row's hash, or
``GENESIS``) and ``hash`` = SHA-256 of ``prev_hash`` + the row's content as canonical JSON. A row
changed, removed, inserted or moved breaks the chain. Rows removed at the *end* leave a chain that
is intact but shorter: the head kept by a trigger (``kofu_log_head``) and the checkpoints an
operator keeps off the host (``kofu audit checkpoint``) show those.

Hashes are written in base64url (43 characters). Rows written before that carry 64 hex digits and
are still verified as such: a hex hash holds a run of twelve decimal digits about once in thirty
rows, which a scan for My Numbers would have to tell apart from a real one.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models

GENESIS = "0" * 64
#: Any constant: the PostgreSQL advisory lock that serialises appends to every chain (one lock, so
#: that a transaction writing both logs cannot deadlock with one writing them the other way round).
_CHAIN_LOCK = 0x6B6F6675


@dataclass(frozen=True)
class Chain:
    """One hash-chained log: its name in checkpoints and ``kofu_log_head``, and what its hash covers."""

    name: str
    label: str
    model: type[models.Model]
    content: Callable[[Any], dict[str, Any]]


CHAINS: dict[str, Chain] = {}


def register(chain: Chain) -> None:
    """Add a log to the verified chains (the audit log here; the access log in the cards app)."""
    CHAINS[chain.name] = chain


def _payload(prev_hash: str, content: dict[str, Any]) -> bytes:
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return (prev_hash + text).encode("utf-8")


def digest(prev_hash: str, content: dict[str, Any]) -> str:
    raw = hashlib.sha256(_payload(prev_hash, content)).digest()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def digest_matches(prev_hash: str, content: dict[str, Any], stored: str) -> bool:
    raw = hashlib.sha256(_payload(prev_hash, content)).digest()
    if len(stored) == 64:  # written before hashes were base64url
        return raw.hex() == stored
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") == stored


def lock() -> None:
    """Serialise appends (PostgreSQL; SQLite write transactions are IMMEDIATE, already serialised)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])


_LAST: dict[str, str] = {}


def last_link(model: type[models.Model]) -> tuple[int, str]:
    """(seq, hash) of the newest row — one primary-key probe — or (0, GENESIS) for an empty log."""
    table = model._meta.db_table
    sql = _LAST.get(table)
    if sql is None:
        sql = _LAST[table] = f'SELECT "seq", "hash" FROM "{table}" ORDER BY "id" DESC LIMIT 1'
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def link(chain: Chain, rows: list[Any]) -> None:
    """Number and hash ``rows`` (unsaved, in order) after the log's newest row; save them next.

    Call inside the transaction that saves them: the lock is held until it ends.
    """
    lock()
    seq, prev = last_link(chain.model)
    for row in rows:
        seq += 1
        row.seq = seq
        row.prev_hash = prev
        row.hash = digest(prev, chain.content(row))
        prev = row.hash
