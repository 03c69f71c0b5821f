"""Queue a message in the caller's transaction; retry a failed one; blank messages on purge."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.cards.models import Card, PersonalDataDeletion
from kofu.outbox.access import access_message
from kofu.outbox.models import Message
from kofu.outbox.services.delivery import messages_deliver

State = Message.State


class MessageRefused(ValidationError):
    """A message kofu will not queue (My Number or birth date in it, no address)."""


def _birth_date_forms(day: dt.date) -> list[str]:
    """How a birth date could be written in a message (ISO, slashes, 年月日, with and without zeros).

    Not the compact ``YYYYMMDD``: an ICS time stamp (``DTSTAMP:20260512T…``) may hold today's date.
    """
    return [
        f"{day:%Y-%m-%d}",
        f"{day:%Y/%m/%d}",
        f"{day.year}/{day.month}/{day.day}",
        f"{day:%Y年%m月%d日}",
        f"{day.year}年{day.month}月{day.day}日",
    ]


def _refuse_birth_date(card: Card | None, *texts: str) -> None:
    if card is None or card.birth_date is None:
        return
    for form in _birth_date_forms(card.birth_date):
        if any(form in text for text in texts):
            raise MessageRefused("メールに生年月日を書くことはできません。", code="birth_date")


def message_queue(
    *,
    kind: str,
    to: str,
    subject: str,
    body: str,
    municipality_id: int | None,
    card: Card | None = None,
    related: tuple[str, int] | None = None,
    ics: str = "",
    ics_name: str = "",
) -> Message:
    """Queue one e-mail inside the caller's transaction; delivery is attempted after the commit.

    The row commits (or rolls back) with the caller's business change. ``kind`` says what it is
    (``booking.confirm``); ``municipality_id`` scopes
    it for the outbox page; ``card`` is the resident's record it is about (its birth date may not
    appear in the text; the purge blanks the message); ``related`` names the cause, e.g.
    ``("booking", 12)``. Subject, body and ICS go through the My Number guard
    (:class:`MessageRefused`, which is a ``ValidationError``, fails the caller's transaction).
    """
    _refuse_birth_date(card, subject, body)
    message = Message(
        kind=kind,
        municipality_id=municipality_id,
        card=card,
        related_type=related[0] if related else "",
        related_id=related[1] if related else None,
        recipient=to.strip(),
        subject=subject,
        body=body,
        ics=ics,
        ics_name=ics_name,
        state=State.QUEUED,
        created_at=timezone.now(),
    )
    if not message.recipient:
        raise MessageRefused("宛先のメールアドレスがありません。", code="no_recipient")
    try:
        # The check constraints are the database's (no extra query per message here).
        message.full_clean(
            exclude=["municipality", "card"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        raise MessageRefused(exc.messages[0], code="invalid") from exc
    message.save(force_insert=True)
    _deliver_after_commit(message.pk)
    return message


def _deliver_after_commit(message_id: int) -> None:
    """Try to deliver the message once the caller's transaction has committed (errors are logged
    and recorded on the row; ``kofu outbox send`` retries)."""
    transaction.on_commit(lambda: messages_deliver(ids=[message_id]), robust=True)


@transaction.atomic
def message_retry(*, message_id: int, actor: Actor) -> Message:
    """Queue a failed message again (the outbox page's 再送 button); delivery is tried after commit.

    Only the message's own municipality's administrators (else :class:`NotFound`); anything but a failed message is refused.
    """
    message = access_message(actor, message_id, rows=Message.objects.select_for_update(of=("self",)))
    if message.state != State.FAILED:
        raise ValidationError("再送できるのは送信に失敗したメールだけです。", code="not_failed")
    if not message.recipient:
        raise ValidationError("宛先が削除されたメールは再送できません。", code="erased")
    message.state = State.QUEUED
    message.next_attempt_at = None
    message.save(update_fields=["state", "next_attempt_at"])
    audit_record(
        actor=actor,
        action="outbox.retry",
        object_type="message",
        object_id=message.pk,
        before={"state": State.FAILED, "attempts": message.attempts},
        after={"state": State.QUEUED},
        purpose="メールの再送",
    )
    _deliver_after_commit(message.pk)
    return message


def messages_erase_personal_data(deletion: PersonalDataDeletion) -> int:
    """Blank the address, text and calendar of the messages about the cards in ``deletion``.

    Run in the purge's transaction (through :func:`erase_for_purge`). Unsent messages are marked
    failed (nothing is left to send). Returns the messages changed.
    """
    rows = Message.objects.filter(card__deletion=deletion).filter(~Q(recipient="") | ~Q(body="") | ~Q(ics=""))
    rows.filter(state__in=[State.QUEUED, State.FAILED, State.SENDING]).update(
        state=State.FAILED, last_error="個人情報の削除（保存期間の経過）により送信を取りやめました。"
    )
    return rows.update(recipient="", body="", ics="", next_attempt_at=None)


def erase_for_purge(deletion: PersonalDataDeletion) -> int:
    """The :data:`kofu.cards.services.purge.ERASERS` entry: erase the messages; count none (the deletion
    record counts bookings, and says so to the operator)."""
    messages_erase_personal_data(deletion)
    return 0
