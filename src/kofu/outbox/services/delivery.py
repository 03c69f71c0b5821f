"""Deliver queued messages and retry failed ones: each message claimed by one conditional UPDATE.

A sender claims a message with ``UPDATE … SET state='sending' WHERE id=… AND state IN (due)``;
only one of several concurrent senders (the after-commit attempt, two ``kofu outbox send`` runs)
changes the row, so a message is sent at most once per claim. Each UPDATE commits by itself: no
transaction stays open while the mail server answers. A failure is written on the row (state
failed, the error in Japanese, the next attempt's time) and logged; a server that cannot be
reached stops the run (the rest stay queued for the next one).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from kofu.outbox.models import Message
from kofu.rules import outbox as rules
from kofu.rules.codes import contains_my_number

State = Message.State
logger = logging.getLogger("kofu.outbox")

#: A message left "sending" this long belongs to a sender that stopped (killed, machine restarted).
STALE_AFTER = dt.timedelta(minutes=15)
STALE_ERROR = "送信の途中で処理が止まりました（送信されたかどうか分かりません）。再送します。"
#: Errors about one message; any other error means the server (or kofu's settings) is the problem.
_MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


@dataclass
class Delivery:
    """What one run did: messages sent and failed, stale claims released, why it stopped early."""

    sent: int = 0
    failed: int = 0
    released: int = 0
    stopped: str = ""


def _server() -> str:
    return f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"


def describe_failure(exc: BaseException) -> str:
    """The Japanese text recorded on the message (never the password; at most 500 characters)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _ in exc.recipients.values()})
        text = (
            f"宛先のメールアドレスをメールサーバーが受け付けませんでした（応答コード {', '.join(codes)}）。"
        )
    elif isinstance(exc, smtplib.SMTPSenderRefused):
        text = (
            f"差出人（KOFU_EMAIL_FROM）をメールサーバーが受け付けませんでした（応答コード {exc.smtp_code}）。"
        )
    elif isinstance(exc, smtplib.SMTPAuthenticationError):
        text = f"メールサーバーの認証に失敗しました（応答コード {exc.smtp_code}。KOFU_EMAIL_URL の利用者名とパスワードを確認してください）。"
    elif isinstance(exc, smtplib.SMTPDataError):
        text = f"メールサーバーが本文を受け付けませんでした（応答コード {exc.smtp_code}）。"
    elif isinstance(exc, ConnectionRefusedError):
        text = f"メールサーバー {_server()} に接続できません（接続を拒否されました）。"
    elif isinstance(exc, socket.gaierror):
        text = f"メールサーバー {_server()} のホスト名が見つかりません。"
    elif isinstance(exc, TimeoutError | socket.timeout):
        text = f"メールサーバー {_server()} が {settings.EMAIL_TIMEOUT} 秒以内に応答しませんでした。"
    elif isinstance(exc, ssl.SSLError):
        text = f"メールサーバー {_server()} との TLS 接続に失敗しました（{exc.reason or exc}）。"
    elif isinstance(exc, smtplib.SMTPServerDisconnected):
        text = f"メールサーバー {_server()} との接続が切れました。"
    elif isinstance(exc, ImproperlyConfigured | OSError):
        text = f"メールを保存・送信できません（{type(exc).__name__}: {exc}）。KOFU_EMAIL_URL を確認してください。"
    else:
        text = f"送信に失敗しました（{type(exc).__name__}: {exc}）。"
    if contains_my_number(text):  # a server echoing something it should not: keep it out of the row
        text = "送信に失敗しました（エラーの内容は記録できない文字を含んでいました）。"
    return text[:500]


def _due(now: dt.datetime) -> Q:
    """Messages a ``kofu outbox send`` run takes: queued ones, and failed ones whose time has come."""
    retry = Q(state=State.FAILED, attempts__lt=settings.KOFU_EMAIL_MAX_ATTEMPTS) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    return Q(state=State.QUEUED) | retry


def due_messages(now: dt.datetime) -> QuerySet[Message]:
    return Message.objects.filter(_due(now)).exclude(recipient="").order_by("created_at", "id")


def _claim(message_id: int, now: dt.datetime, *, queued_only: bool) -> Message | None:
    """Take the message for this sender (one conditional UPDATE); None if another sender has it."""
    due = Q(state=State.QUEUED) if queued_only else _due(now)
    taken = (
        Message.objects.filter(due, pk=message_id)
        .exclude(recipient="")
        .update(state=State.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    )
    return Message.objects.get(pk=message_id) if taken else None


def release_stale(now: dt.datetime) -> int:
    """Messages a stopped sender left "sending": failed, to be tried again now."""
    return Message.objects.filter(state=State.SENDING, claimed_at__lt=now - STALE_AFTER).update(
        state=State.FAILED, last_error=STALE_ERROR, next_attempt_at=now, claimed_at=None
    )


def _email(message: Message, connection: BaseEmailBackend) -> EmailMessage:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or "kofu"
    email = EmailMessage(
        message.subject,
        message.body,
        to=[message.recipient],
        connection=connection,
        headers={"Message-ID": f"<kofu-outbox-{message.pk}-{int(message.created_at.timestamp())}@{domain}>"},
    )
    if message.ics:
        email.attach(message.ics_name or f"kofu-{message.pk}.ics", message.ics, "text/calendar")
    return email


def _mark_sent(message: Message, now: dt.datetime) -> None:
    Message.objects.filter(pk=message.pk, state=State.SENDING).update(
        state=State.SENT, sent_at=now, last_error="", claimed_at=None, next_attempt_at=None
    )


def _mark_failed(message: Message, exc: BaseException, now: dt.datetime) -> str:
    text = describe_failure(exc)
    retry_at = now + dt.timedelta(minutes=rules.retry_delay_minutes(message.attempts))
    Message.objects.filter(pk=message.pk, state=State.SENDING).update(
        state=State.FAILED, last_error=text, next_attempt_at=retry_at, claimed_at=None
    )
    logger.warning("outbox: message %s failed (attempt %s): %s", message.pk, message.attempts, text)
    return text


def messages_deliver(
    *, ids: Sequence[int] | None = None, limit: int = 500, now: dt.datetime | None = None
) -> Delivery:
    """Send messages: the given queued ones (after a commit), or every due one (``kofu outbox send``:
    queued, and failed ones whose retry time has come, oldest first, at most ``limit``).

    Safe to run concurrently: each message is claimed by one conditional UPDATE before it is sent.
    """
    now = now or timezone.now()
    result = Delivery()
    queued_only = ids is not None  # after a commit: just these, if nobody else took them yet
    if ids is None:
        result.released = release_stale(now)
        ids = list(due_messages(now).values_list("pk", flat=True)[:limit])
    connection: BaseEmailBackend | None = None
    try:
        for message_id in ids:
            message = _claim(message_id, now, queued_only=queued_only)
            if message is None:
                continue
            try:
                if connection is None:
                    connection = get_connection(fail_silently=False)
                    connection.open()
                if connection.send_messages([_email(message, connection)]) != 1:
                    raise smtplib.SMTPException("メールサーバーが送信を受け付けませんでした")
            except Exception as exc:  # recorded on the row, logged, and reported: never silent
                text = _mark_failed(message, exc, now)
                result.failed += 1
                if not isinstance(exc, _MESSAGE_ERRORS):
                    result.stopped = text
                    break
            else:
                _mark_sent(message, now)
                result.sent += 1
    finally:
        _close(connection)
    return result


def _close(connection: BaseEmailBackend | None) -> None:
    """Say goodbye to the server; the messages are already recorded, so a failure here is only logged."""
    if connection is None:
        return
    try:
        connection.close()
    except Exception as exc:  # noqa: BLE001 — the run's outcome is already on the rows
        logger.warning("outbox: closing the mail connection failed: %s", describe_failure(exc))
