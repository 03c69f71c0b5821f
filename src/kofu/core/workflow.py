"""The one workflow helper: every state change of a plan, a claim or a card goes through
:func:`transition` — check the rule (:mod:`kofu.rules.workflow`), write the new state, the history
row (:class:`kofu.core.history.TransitionRecord`) and the audit event, in one transaction.

The object is read under a row lock by its service (``select_for_update`` through the app's access
function, which also decides whether the actor may see and change it); the state is then written by
a conditional ``UPDATE … WHERE state = <the state read>``, so a card passed in unlocked by the
booking service (the hot path, ADR 0027) is never moved from a state it has left: :func:`transition`
returns ``None`` and the caller reads it again. It adds no statement of its own: the UPDATE and the
history INSERT (one statement on PostgreSQL, :mod:`kofu.core.moving`) and the audit event's.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.core.history import TransitionRecord
from kofu.core.moving import move_and_record, plain
from kofu.rules.workflow import Transition, TransitionRefused, Workflow


def transition(
    obj: models.Model,
    *,
    flow: Workflow,
    action: str,
    actor: Actor,
    record: TransitionRecord,
    comment: str = "",
    state_field: str = "status",
    changes: Mapping[str, Any] | Callable[[Transition], Mapping[str, Any]] | None = None,
    at: dt.datetime | None = None,
    audit_action: str = "",
    object_type: str = "",
    audit_after: Callable[[Transition], Mapping[str, Any]] | None = None,
    purpose: str = "",
) -> TransitionRecord | None:
    """Take ``action`` on ``obj`` for ``actor``; ``record`` is the unsaved history row with its
    parent (and any fields of its own) set. Returns the saved row, or ``None`` when ``obj`` left
    the state it was read in (nothing written).

    Raises :class:`TransitionRefused` (a Japanese message) when the workflow does not allow the
    step for the actor's role, a required comment is missing, or the comment is refused by its
    validators (the My Number guard). ``changes`` are further fields written with the state (or a
    function of the transition returning them, called once the step is allowed). With an empty
    ``audit_action`` no audit event is written: the caller records its own in the same transaction.
    """
    # Refusals come before the transaction block: raised inside it, they would spoil the caller's
    # transaction (no savepoint), and a caller moving many cards catches them and goes on.
    before = getattr(obj, state_field)
    comment = comment.strip()
    step = flow.check(before, action, getattr(actor, "role", None), comment)
    record.from_state = before
    record.to_state = step.target
    record.action = action
    record.actor_id = actor.user_id
    record.actor_label = actor.name
    record.comment = comment
    record.at = at or timezone.now()
    try:
        record.clean_fields(exclude=_relations(type(record)))
    except ValidationError as exc:
        raise TransitionRefused(_message(record, exc)) from None
    with transaction.atomic(savepoint=False):  # the caller's transaction, or one of its own
        extra = changes(step) if callable(changes) else changes or {}
        updates = {state_field: step.target, **extra}
        if plain(updates):  # the state and the history row: one statement on PostgreSQL (ADR 0035)
            if not move_and_record(
                obj, state_field=state_field, before=before, updates=updates, record=record
            ):
                return None
        else:
            moved = type(obj)._default_manager.filter(pk=obj.pk, **{state_field: before}).update(**updates)
            if not moved:
                return None
            record.save(force_insert=True)
        for name, value in updates.items():
            setattr(obj, name, value)
        if audit_action:
            key = "state" if state_field == "state" else "status"
            audit_record(
                actor=actor,
                action=audit_action,
                object_type=object_type,
                object_id=obj.pk,
                before={key: before},
                after={key: step.target, **(audit_after(step) if audit_after else {})},
                purpose=purpose,
            )
        return record


@functools.cache
def _relations(model: type[TransitionRecord]) -> tuple[str, ...]:
    """Fields left to the database: foreign keys (validating one would read the related row)."""
    return tuple(f.name for f in model._meta.concrete_fields if f.is_relation)


def _message(record: TransitionRecord, exc: ValidationError) -> str:
    parts = []
    for name, errors in exc.message_dict.items():
        field = record._meta.get_field(name) if name != "__all__" else None
        # Errors are keyed by the record's own fields (full_clean), never by a reverse relation.
        label = field.verbose_name if isinstance(field, models.Field) else ""
        parts += [f"{label}: {e}" if label else e for e in errors]
    return "、".join(parts)
