"""The audit log: append a hash-chained event in the caller's transaction; verify the chain."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from kofu.accounts import chains
from kofu.accounts.chains import GENESIS
from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import Actor
from kofu.accounts.verification import Problem, verify_logs

__all__ = ["GENESIS", "audit_record", "verify_chain"]


def _content(event: AuditEvent) -> dict[str, Any]:
    """What an event's hash covers (``seq`` is covered by the chain: it must count 1, 2, 3 …)."""
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


CHAIN = chains.Chain("audit", "監査ログ", AuditEvent, _content)
chains.register(CHAIN)


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
        )
        # Round-trip JSON so the hash covers exactly what the database will give back.
        event.before = json.loads(json.dumps(before, default=str)) if before is not None else None
        event.after = json.loads(json.dumps(after, default=str)) if after is not None else None
        chains.append(CHAIN, event)  # the chain's lock, then one INSERT … SELECT that links the row
        return event


def verify_chain(batch: int = 2000) -> Iterator[Problem]:
    """The audit log's own problems (rows, head); ``kofu audit verify`` checks every log and more."""
    for state in verify_logs(only=CHAIN.name, batch=batch).chains:
        yield from state.problems
