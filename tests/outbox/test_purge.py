"""The retention purge blanks the messages about a purged card (address, body, calendar)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kofu.accounts.roles import SYSTEM
from kofu.cards.models import Card
from kofu.cards.services.purge import personal_data_purge
from kofu.outbox.models import Message
from kofu.outbox.services import message_queue
from kofu.rules import cards as card_rules


def test_the_purge_blanks_the_messages_of_the_purged_cards_only(make_resident):
    gone, kept = make_resident(), make_resident()
    for card, state in ((gone, "sent"), (gone, "failed"), (kept, "queued")):
        message = message_queue(
            kind="booking.confirm",
            to="hanako@example.jp",
            subject="【来庁予約】予約を受け付けました",
            body="会場: 都城市役所",
            municipality_id=card.municipality_id,
            card=card,
            ics="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        )
        Message.objects.filter(pk=message.pk).update(state=state, sent_at=timezone.now())
    long_ago = timezone.localdate() - dt.timedelta(days=400)
    Card.objects.filter(pk=gone.pk).update(state=card_rules.HANDED_OVER, state_since=long_ago)
    deletion = personal_data_purge(actor=SYSTEM, days=365)
    assert deletion is not None and deletion.card_count == 1 and deletion.booking_count == 0
    erased = Message.objects.filter(card=gone)
    assert set(erased.values_list("recipient", "body", "ics")) == {("", "", "")}
    assert set(erased.values_list("state", flat=True)) == {"sent", "failed"}
    assert erased.get(state="failed").last_error.startswith("個人情報の削除")
    assert Message.objects.get(card=kept).recipient == "hanako@example.jp"
