"""Delivery through a real SMTP server on 127.0.0.1 (aiosmtpd): sent, refused, retried, never twice."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kofu.outbox.models import Message
from kofu.outbox.services import message_queue, messages_deliver
from tests.bookings.live import KOFU, database, kofu
from tests.outbox.conftest import REFUSED_RECIPIENT

State = Message.State


def queue(n: int = 1, *, to: str = "hanako@example.jp", municipality=None) -> list[Message]:
    return [
        message_queue(
            kind="test.notice",
            to=to,
            subject=f"【来庁予約】お知らせ {i}",
            body=f"来庁日時: 2026-05-12 10:00+09:00（{i}）\n",
            municipality_id=municipality.pk if municipality else None,
            ics="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" if i == 0 else "",
            ics_name="kofu-booking-1.ics",
        )
        for i in range(n)
    ]


def test_a_queued_message_is_sent_with_its_calendar_over_smtp_with_login(db, smtp):
    smtp.start()
    (message,) = queue()
    result = messages_deliver()
    assert (result.sent, result.failed, result.stopped) == (1, 0, "")
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (State.SENT, 1, "")
    assert message.sent_at is not None
    (received,) = smtp.inbox.received
    assert received["To"] == "hanako@example.jp" and received["From"] == "kofu@city.miyakonojo.example.jp"
    assert smtp.inbox.subjects() == ["【来庁予約】お知らせ 0"]
    parts = {part.get_content_type(): part for part in received.walk()}
    assert "+09:00" in parts["text/plain"].get_payload(decode=True).decode()
    assert parts["text/calendar"].get_filename() == "kofu-booking-1.ics"
    assert received["Message-ID"].startswith(f"<kofu-outbox-{message.pk}-")


def test_a_refused_connection_is_recorded_as_failed_then_sent_by_a_retry(db, smtp):
    (message,) = queue()
    first = messages_deliver()
    message.refresh_from_db()
    assert (first.sent, first.failed) == (0, 1)
    assert message.state == State.FAILED and message.attempts == 1
    assert (
        message.last_error
        == f"メールサーバー 127.0.0.1:{smtp.port} に接続できません（接続を拒否されました）。"
    )
    assert first.stopped == message.last_error
    assert message.next_attempt_at - timezone.now() > dt.timedelta(minutes=4)

    smtp.start()
    assert messages_deliver().sent == 0  # not yet: the retry waits five minutes
    later = messages_deliver(now=timezone.now() + dt.timedelta(minutes=6))
    message.refresh_from_db()
    assert (later.sent, message.state, message.attempts, message.last_error) == (1, State.SENT, 2, "")
    assert len(smtp.inbox.received) == 1


def test_an_unreachable_server_stops_the_run_and_leaves_the_rest_queued(db, smtp):
    messages = queue(3)
    result = messages_deliver()
    states = [m.state for m in Message.objects.order_by("id")]
    assert (result.failed, states) == (1, [State.FAILED, State.QUEUED, State.QUEUED])
    assert messages[0].pk == Message.objects.get(state=State.FAILED).pk


def test_a_refused_recipient_fails_alone_and_the_others_go(db, smtp):
    smtp.start()
    queue(1, to="taro@example.jp")
    queue(1, to=REFUSED_RECIPIENT)
    queue(1, to="jiro@example.jp")
    result = messages_deliver()
    assert (result.sent, result.failed, result.stopped) == (2, 1, "")
    failed = Message.objects.get(state=State.FAILED)
    assert failed.recipient == REFUSED_RECIPIENT
    assert (
        failed.last_error == "宛先のメールアドレスをメールサーバーが受け付けませんでした（応答コード 550）。"
    )
    assert sorted(m["To"] for m in smtp.inbox.received) == ["jiro@example.jp", "taro@example.jp"]


def test_a_wrong_password_is_named_without_showing_it(db, smtp, settings):
    smtp.start()
    settings.EMAIL_HOST_PASSWORD = "wrong-secret"
    (message,) = queue()
    messages_deliver()
    message.refresh_from_db()
    assert message.state == State.FAILED
    assert "認証に失敗しました" in message.last_error and "wrong-secret" not in message.last_error


def test_retries_stop_after_the_maximum_number_of_attempts(db, smtp, settings):
    settings.KOFU_EMAIL_MAX_ATTEMPTS = 2
    (message,) = queue()
    far = timezone.now() + dt.timedelta(days=1)
    messages_deliver()
    messages_deliver(now=far)
    smtp.start()
    assert messages_deliver(now=far + dt.timedelta(days=1)).sent == 0
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.FAILED, 2)


def test_a_sender_that_died_mid_send_leaves_a_message_that_is_retried(db, smtp):
    smtp.start()
    (message,) = queue()
    Message.objects.filter(pk=message.pk).update(
        state=State.SENDING, attempts=1, claimed_at=timezone.now() - dt.timedelta(hours=1)
    )
    result = messages_deliver()
    message.refresh_from_db()
    assert (result.released, result.sent, message.state, message.attempts) == (1, 1, State.SENT, 2)


def test_the_command_delivers_and_fails_loudly_when_the_server_is_down(db, smtp):
    queue(2)
    with pytest.raises(
        CommandError, match="送信を中断しました（残りは次回送ります）: メールサーバー 127.0.0.1"
    ):
        call_command("outbox", "send", stdout=StringIO())
    smtp.start()
    out = StringIO()
    call_command("outbox", "send", stdout=out)
    assert "送信 1 件、失敗 0 件" in out.getvalue()  # the queued one; the failed one waits for its time
    status = StringIO()
    call_command("outbox", "status", stdout=status)
    text = status.getvalue()
    assert f"smtp://kofu:***@127.0.0.1:{smtp.port}" not in text  # settings were set directly, URL unset
    assert "送信済み: 1 件" in text and "送信失敗: 1 件" in text and "h***@example.jp" in text
    assert "hanako@example.jp" not in text


SEED = (
    "from django.utils import timezone; from kofu.outbox.models import Message; "
    "Message.objects.bulk_create([Message(kind='test.notice', recipient=f'r{i}@example.jp', "
    "subject=f'お知らせ {i}', body='本文', created_at=timezone.now()) for i in range({n})])"
)


def test_concurrent_senders_never_send_a_message_twice(tmp_path, smtp):
    """Four ``kofu outbox send`` processes (as overlapping cron runs) over one database — a SQLite
    file, or a PostgreSQL database of its own — deliver 60 messages to a real SMTP server: each
    message arrives exactly once and is recorded as sent after one attempt."""
    smtp.start()
    with database(tmp_path) as url:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "KOFU_DATA_DIR": str(tmp_path),
            "KOFU_EMAIL_URL": f"smtp://kofu:p%40ss%20word@127.0.0.1:{smtp.port}",
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        kofu(env, "migrate", "--verbosity", "0")
        kofu(env, "shell", "-c", SEED.replace("{n}", "60"))
        senders = [
            subprocess.Popen(
                [KOFU, "outbox", "send", "--limit", "60"], env=env, stdout=subprocess.PIPE, text=True
            )
            for _ in range(4)
        ]
        outputs = [sender.communicate(timeout=240)[0] for sender in senders]
        assert [sender.returncode for sender in senders] == [0, 0, 0, 0], outputs
        sent = [int(re.search(r"送信 (\d+) 件", out).group(1)) for out in outputs]
        status = kofu(env, "outbox", "status")
    ids = [m["Message-ID"] for m in smtp.inbox.received]
    assert sum(sent) == len(ids) == len(set(ids)) == 60, sent
    assert "送信済み: 60 件" in status and "送信失敗: 0 件" in status
