"""The audit log: append a hash-chained event in the caller's transaction; verify the chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import Actor

GENESIS = "0" * 64
#: Any constant: the PostgreSQL advisory lock that serialises appends to the chain.
_CHAIN_LOCK = 0x6B6F6675


def _digest(prev_hash: str, content: dict[str, Any]) -> str:
    payload = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def _content(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "organisation": event.organisation,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "purpose": event.purpose,
        "before": event.before,
        "after": event.after,
    }


_LAST_HASH = f'SELECT "hash" FROM "{AuditEvent._meta.db_table}" ORDER BY "id" DESC LIMIT 1'


def _last_hash() -> str | None:
    """The newest event's hash (one primary-key probe; every audited write reads it)."""
    with connection.cursor() as cursor:
        cursor.execute(_LAST_HASH)
        row = cursor.fetchone()
    return str(row[0]) if row else None


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    # SQLite: kofu opens write transactions IMMEDIATE, so writers are already serialised.


def audit_record(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: object = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    purpose: str = "",
    actor_label: str = "",
) -> AuditEvent:
    """Append one event. Call inside the transaction of the write it records.

    ``before``/``after`` hold field values of the object (never personal values of a resident;
    record field names instead where the fields are personal data). The event names the actor:
    a staff member's user name, a command's name (``SYSTEM``) or ``resident``; ``actor_label``
    overrides the name.
    """
    # No savepoint of its own: the event belongs to the caller's write and fails with it.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        last = _last_hash()
        event = AuditEvent(
            at=timezone.now(),
            actor_id=actor.user_id,
            actor_label=actor_label or actor.name,
            organisation=str(actor.organisation or ""),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            purpose=purpose,
            before=before,
            after=after,
            prev_hash=last or GENESIS,
        )
        # Round-trip JSON so the hash covers exactly what the database will give back.
        event.before = json.loads(json.dumps(before, default=str)) if before is not None else None
        event.after = json.loads(json.dumps(after, default=str)) if after is not None else None
        event.hash = _digest(event.prev_hash, _content(event))
        event.save()
        return event


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    text: str


def verify_chain(batch: int = 2000) -> Iterator[ChainProblem]:
    """Recompute every hash in order; yield a problem for each row that does not fit."""
    expected_prev = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch):
        if event.prev_hash != expected_prev:
            yield ChainProblem(event.pk, "直前の行のハッシュと一致しません（行の削除・挿入・並べ替え）")
        if _digest(event.prev_hash, _content(event)) != event.hash:
            yield ChainProblem(event.pk, "内容がハッシュと一致しません（行の改ざん）")
        expected_prev = event.hash
