"""Notices paced to capacity: free seats of the coming weeks and the observed response rate of
earlier batches give the day's batch size, on the notices page and from the command line."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from kofu.bookings.pacing import notice_pacing
from kofu.cards.models import Card, NoticeBatch
from kofu.rules import cards as card_rules
from tests.conftest import PASSWORD, resident_books


def _batch(miyakonojo, days_ago: int, size: int) -> NoticeBatch:
    sent = timezone.localdate() - dt.timedelta(days=days_ago)
    return NoticeBatch.objects.create(
        municipality=miyakonojo,
        sent_on=sent,
        visit_from=sent,
        visit_until=sent + dt.timedelta(days=90),
        size=size,
        created_at=timezone.now(),
    )


def _ready(make_resident, n: int) -> None:
    for _ in range(n):
        card = make_resident()
        Card.objects.filter(pk=card.pk).update(
            state=card_rules.SETUP_DONE, notice_number=None, notice_batch=None
        )


def test_the_day_s_batch_from_free_seats_and_the_observed_rate(
    miyakonojo, make_slot, make_resident, client, personas
):
    # 40 free web seats in the coming weeks (two slots of 20; one seat then booked below)
    make_slot(days=7, capacity=20)
    slot = make_slot(days=8, capacity=20)
    # a settled batch of 4 cards (30 days ago), 2 of which booked: rate 50 %
    old = _batch(miyakonojo, 30, 4)
    cards = [make_resident() for _ in range(4)]
    Card.objects.filter(pk__in=[c.pk for c in cards]).update(notice_batch=old)
    resident_books([cards[0]], slot_id=slot.pk)
    resident_books([cards[1]], slot_id=slot.pk)
    # a recent batch of 10 (3 days ago), nobody booked yet: 5 bookings still expected
    _batch(miyakonojo, 3, 10)
    _ready(make_resident, 20)

    pacing = notice_pacing(miyakonojo, timezone.localdate())
    p = pacing.proposal
    assert (p.free_seats, p.rate, p.expected_from_sent) == (38, 0.5, 5)
    assert (p.needed, p.today) == (66, 14)  # (38 − 5) ÷ 0.5 = 66 notices, over 5 days: 14 today
    assert pacing.observed and pacing.settled_batches == 1

    assert client.login(username=personas["municipality"].username, password=PASSWORD)
    page = client.get("/cards/452025/notices/").content.decode()
    assert "今日の発送数の提案：<strong>14</strong>通" in page
    assert "反応率（通知書を受け取って予約した割合）：50％（発送から日数のたった1回の実績）" in page

    out = StringIO()
    call_command("bookings", "pace", "--municipality", "452025", stdout=out)
    assert "今日の発送数の提案: 14 通" in out.getvalue() and "反応率 50.0%（1回の実績）" in out.getvalue()


def test_without_settled_batches_the_default_rate_is_used(miyakonojo, make_slot, make_resident, settings):
    settings.KOFU_NOTICE_DEFAULT_RESPONSE_PERCENT = 40
    make_slot(days=7, capacity=10)
    _ready(make_resident, 3)
    pacing = notice_pacing(miyakonojo, timezone.localdate())
    assert not pacing.observed
    assert (pacing.proposal.needed, pacing.proposal.today) == (25, 3)  # 10 ÷ 0.4 = 25, but only 3 ready
