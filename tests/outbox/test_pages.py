"""The outbox page: a municipality's administrators see their messages (masked), filter, page, retry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kofu.accounts.models import AuditEvent
from kofu.outbox.models import Message
from kofu.registry.models import Municipality
from tests.conftest import make_staff

URL = "/outbox/"


@pytest.fixture
def admins(personas):
    return {
        "own": make_staff(
            "miyakonojo-admin", personas["municipality"].membership.organisation, is_admin=True
        ),
        "other": make_staff(
            "nobeoka-admin", personas["other_municipality"].membership.organisation, is_admin=True
        ),
        "prefecture": make_staff(
            "miyazaki-admin", personas["prefecture"].membership.organisation, is_admin=True
        ),
    }


def message(
    code: str = "452025", *, state: str = "sent", to: str = "hanako@example.jp", days_ago: int = 0, **kw
):
    created = timezone.now() - dt.timedelta(days=days_ago)
    return Message.objects.create(
        kind="booking.confirm",
        municipality=Municipality.objects.get(code=code),
        recipient=to,
        subject="【来庁予約】予約を受け付けました",
        body="本文（表示しない）https://kofu.example.lg.jp/bookings/manage/secret-token/",
        state=state,
        created_at=created,
        sent_at=created if state == "sent" else None,
        **kw,
    )


def test_the_own_administrator_sees_states_masked_addresses_and_errors_but_no_body(client, admins):
    message(to="taro.yamada@example.jp")
    message(
        state="failed",
        to="hanako@gmial.com",
        attempts=2,
        last_error="メールサーバー mail:25 に接続できません。",
    )
    message("452033", to="nobeoka@example.jp")
    client.force_login(admins["own"])
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    assert "t***@example.jp" in page and "h***@gmial.com" in page
    assert "taro.yamada" not in page and "hanako@" not in page and "secret-token" not in page
    assert "n***@example.jp" not in page  # another municipality's message
    assert "メールサーバー mail:25 に接続できません。" in page and "再送する" in page
    assert "送信済み <strong>1</strong>" in page and "送信失敗 <strong>1</strong>" in page


@pytest.mark.parametrize("who", ["plain_staff", "other", "prefecture", "ministry"])
def test_everyone_else_gets_not_found(client, admins, personas, who):
    failed = message(state="failed")
    user = {"plain_staff": personas["municipality"], "ministry": personas["ministry"]}.get(who) or admins[who]
    client.force_login(user)
    page = client.get(URL)
    if who == "other":  # 延岡市's administrator: their own (empty) outbox, not 都城市's
        assert page.status_code == 200 and "h***@example.jp" not in page.content.decode()
        assert "まだメールはありません。" in page.content.decode()
    else:
        assert page.status_code == 404
    assert client.post(f"{URL}{failed.pk}/retry/").status_code == 404
    failed.refresh_from_db()
    assert failed.state == "failed"


def test_another_municipalitys_message_cannot_be_retried_by_its_id(client, admins):
    foreign = message("452033", state="failed")
    client.force_login(admins["own"])
    assert client.post(f"{URL}{foreign.pk}/retry/").status_code == 404


def test_filter_by_state_and_day_and_pages_of_fifty(client, admins):
    for i in range(55):
        message(days_ago=i % 3)
    message(state="failed", days_ago=10)
    client.force_login(admins["own"])
    first = client.get(URL).content.decode()
    assert "56件、1/2ページ" in first and "page=2" in first
    assert "2/2ページ" in client.get(URL + "?page=2").content.decode()
    failed = client.get(URL + "?state=failed").content.decode()
    assert "送信メール（1件。" in failed
    today = timezone.localdate()
    recent = client.get(URL + f"?since={today - dt.timedelta(days=1):%Y-%m-%d}&until={today:%Y-%m-%d}")
    assert f"送信メール（{sum(1 for i in range(55) if i % 3 < 2)}件" in recent.content.decode()
    bad = client.get(URL + f"?since={today:%Y-%m-%d}&until={today - dt.timedelta(days=1):%Y-%m-%d}")
    assert bad.status_code == 400 and "「まで」は「から」と同じ日かそれより後" in bad.content.decode()


def test_retry_puts_a_failed_message_back_and_sends_it_after_the_commit(
    client, admins, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    failed = message(state="failed", attempts=5, last_error="接続できません。")
    sent = message()
    client.force_login(admins["own"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}{failed.pk}/retry/", {"next": "state=failed"})
    assert response.status_code == 302 and response["Location"] == "/outbox/?state=failed"
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == ("sent", 6)
    assert [m.to for m in mail.outbox] == [["hanako@example.jp"]]
    event = AuditEvent.objects.get(action="outbox.retry")
    assert event.object_id == str(failed.pk) and "hanako" not in str(event.after) + str(event.before)
    again = client.post(f"{URL}{sent.pk}/retry/", follow=True)
    assert "再送できるのは送信に失敗したメールだけです。" in again.content.decode()
