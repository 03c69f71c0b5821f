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
from django.db.backends.signals import connection_created

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


#: The SQL function that computes a link on SQLite (registered on every connection, below).
SQLITE_HASH_FUNCTION = "kofu_chain_hash"


def _sqlite_hash(text: str) -> str:
    raw = hashlib.sha256(text.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _register_hash(sender: object, connection: Any, **kwargs: object) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_HASH_FUNCTION, 1, _sqlite_hash, deterministic=True)


connection_created.connect(_register_hash, dispatch_uid="kofu.accounts.chains.hash")

#: ``digest`` in SQL, of the text ``prev_hash || content``: SHA-256, base64url without padding.
_HASH_SQL = {
    "sqlite": SQLITE_HASH_FUNCTION + "(%s)",
    "postgresql": "rtrim(translate(encode(sha256(convert_to(%s, 'UTF8')), 'base64'), '+/', '-_'), '=')",
}
_APPEND: dict[tuple[str, str], tuple[str, list[models.Field[Any, Any]]]] = {}


def _append_sql(model: type[models.Model]) -> tuple[str, list[models.Field[Any, Any]]]:
    key = (connection.vendor, model._meta.db_table)
    found = _APPEND.get(key)
    if found is not None:
        return found
    table = model._meta.db_table
    fields = [f for f in model._meta.concrete_fields if f.name not in {"id", "seq", "prev_hash", "hash"}]
    text = "::text" if connection.vendor == "postgresql" else ""
    prev = f'COALESCE(l."hash", %s{text})'
    columns = ", ".join(f'"{f.column}"' for f in fields)
    if connection.vendor == "postgresql":  # typed, or a NULL would be text in INSERT … SELECT
        values = ", ".join(f"CAST(%s AS {f.cast_db_type(connection)})" for f in fields)
    else:
        values = ", ".join("%s" for _ in fields)
    sql = (
        f'INSERT INTO "{table}" ({columns}, "seq", "prev_hash", "hash") '
        f'SELECT {values}, COALESCE(l."seq", 0) + 1, {prev}, '
        + _HASH_SQL[connection.vendor]
        % f"{prev} || %s{text}"
        + f' FROM (SELECT 1 AS "one") o LEFT JOIN (SELECT "seq", "hash" FROM "{table}" '
        'ORDER BY "id" DESC LIMIT 1) l ON 1 = 1 RETURNING "id", "seq", "prev_hash", "hash"'
    )
    _APPEND[key] = (sql, fields)
    return sql, fields


def append(chain: Chain, row: Any) -> None:
    """Insert one row of ``chain`` linked to the log's newest row, in one statement.

    The database reads the last link and computes ``seq``, ``prev_hash`` and ``hash`` (the same
    :func:`digest`: SHA-256 of ``prev_hash`` + the row's canonical JSON, which Python writes) inside
    the ``INSERT … SELECT``, so a write pays one round trip for its audit event instead of two.
    Call inside the transaction of the write it records (PostgreSQL takes the chain's lock first).
    """
    if connection.vendor not in _HASH_SQL:  # any other database: read the link, then insert
        link(chain, [row])
        row.save(force_insert=True)
        return
    lock()
    sql, fields = _append_sql(chain.model)
    text = json.dumps(
        chain.content(row), ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )
    params = [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, GENESIS, GENESIS, text])
        row.pk, row.seq, row.prev_hash, row.hash = cursor.fetchone()
    row._state.adding = False
    row._state.db = "default"
