"""Reads of the outbox, scoped: a municipality's administrators see their municipality's messages.

Prefecture and ministry staff see none: the messages go to residents, whose records stay with
their municipality (SECURITY.md 13); the operator sees counts with ``kofu outbox status``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone

from kofu.accounts.roles import Actor
from kofu.outbox.access import messages_in_scope
from kofu.outbox.models import Message
from kofu.rules import outbox as rules

State = Message.State


def messages_for(
    viewer: Actor, *, state: str = "", since: dt.date | None = None, until: dt.date | None = None
) -> QuerySet[Message]:
    """The viewer's messages, newest first, filtered by state and by the day they were queued."""
    rows = messages_in_scope(viewer)
    if state:
        rows = rows.filter(state=state)
    if since is not None:
        rows = rows.filter(created_at__gte=_start_of(since))
    if until is not None:
        rows = rows.filter(created_at__lt=_start_of(until + dt.timedelta(days=1)))
    return rows.order_by("-created_at", "-id")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def state_counts(rows: QuerySet[Message]) -> dict[str, int]:
    """How many messages are in each state (every state listed, zeros included)."""
    found = dict(rows.order_by().values_list("state").annotate(n=Count("id")))
    return {state.value: int(found.get(state.value, 0)) for state in State}


@dataclass(frozen=True)
class MessageRow:
    """One line of the outbox page: the address masked, never the body."""

    message: Message
    recipient: str
    retry_note: str


def retry_note(message: Message) -> str:
    """What happens next to a failed message, in words."""
    if message.state != State.FAILED:
        return ""
    if not message.recipient:
        return "宛先を削除したため送信しません"
    if not rules.should_retry(message.attempts, settings.KOFU_EMAIL_MAX_ATTEMPTS):
        return "自動の再送は終わりました（「再送する」で送り直せます）"
    if message.next_attempt_at is None:
        return "次の送信処理で再送します"
    return f"{timezone.localtime(message.next_attempt_at):%m月%d日 %H:%M} 以降に自動で再送します"


def rows_of(messages: list[Message]) -> list[MessageRow]:
    return [MessageRow(m, rules.mask_address(m.recipient), retry_note(m)) for m in messages]


def latest_about(related_type: str, related_id: int) -> Message | None:
    """The newest message about one object (a booking's page shows its state to the resident)."""
    return (
        Message.objects.filter(related_type=related_type, related_id=related_id)
        .order_by("-created_at", "-id")
        .first()
    )


def delivery_summary(related_type: str, related_ids: list[int], kind: str) -> str:
    """What became of the messages of ``kind`` about these objects, for a screen's message:
    ``メール 3 件（送信済み 2 件、送信失敗 1 件）``; empty when none was queued."""
    rows = Message.objects.filter(related_type=related_type, related_id__in=related_ids, kind=kind)
    counts = {state: n for state, n in state_counts(rows).items() if n}
    if not counts:
        return ""
    labels = dict(State.choices)
    parts = "、".join(f"{labels[state]} {n} 件" for state, n in counts.items())
    return f"メール {sum(counts.values())} 件（{parts}）"
