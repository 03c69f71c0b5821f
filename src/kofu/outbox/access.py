"""Access to outbox messages (the rules: ``kofu.accounts.access``).

Messages go to residents, so they stay with their municipality (SECURITY.md 13): its organisation
administrators see them and may queue a failed one again; prefecture and ministry staff see none,
and the operator sees counts with ``kofu outbox status``.
"""

from __future__ import annotations

from django.db.models import QuerySet

from kofu.accounts.access import NotFound, can_edit_municipality
from kofu.accounts.roles import Actor, Role
from kofu.outbox.models import Message


def messages_in_scope(actor: Actor) -> QuerySet[Message]:
    """Messages the actor may see: their municipality's, for its administrators; else none."""
    if actor.role is not Role.MUNICIPALITY or not actor.is_org_admin or actor.municipality_id is None:
        return Message.objects.none()
    return Message.objects.filter(municipality_id=actor.municipality_id)


def access_message(actor: Actor, message: int | Message, *, rows: QuerySet[Message] | None = None) -> Message:
    """The message (by id, read from ``rows`` — e.g. locked — or the object) if it is one of the
    actor's municipality's and the actor administers it (or is the operator's command)."""
    if isinstance(message, Message):
        found: Message | None = message
    else:
        found = (rows if rows is not None else Message.objects.all()).filter(pk=message).first()
    if (
        found is None
        or found.municipality_id is None
        or not can_edit_municipality(actor, found.municipality_id)
        or (actor.role is Role.MUNICIPALITY and not actor.is_org_admin)
    ):
        raise NotFound("メールが見つかりません")
    return found
