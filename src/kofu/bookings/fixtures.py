"""Test data for acceptance checks and the benchmark: one site, one open slot, N residents.

Uses the cards app's models: each resident is a card in 交付通知書発送済み with a notice number.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import string
from typing import Any

from django.db import transaction
from django.utils import timezone

from kofu.bookings.models import Site, Slot, Window
from kofu.cards.models import Card, NoticeBatch
from kofu.cards.services import new_notice_number
from kofu.registry.models import Municipality
from kofu.rules import cards as card_rules

FIXTURE_MUNICIPALITY = "452025"  # 宮崎県都城市 (any loaded municipality would do)


def _since(day: dt.date) -> dict[str, dt.date]:
    """``state_since`` when the cards app has it (the date the card entered its state)."""
    names = {f.name for f in Card._meta.get_fields()}
    return {"state_since": day} if "state_since" in names else {}


@transaction.atomic
def booking_fixture(*, capacity: int, residents: int, days_ahead: int = 7, family: int = 1) -> dict[str, Any]:
    """``residents`` residents (each with ``family − 1`` household members at their address, whose
    numbers come in ``family``) and one slot of ``capacity`` web seats."""
    municipality = (
        Municipality.objects.filter(code=FIXTURE_MUNICIPALITY).first()
        or Municipality.objects.filter(valid_to__isnull=True).order_by("code").first()
    )
    if municipality is None:
        raise LookupError("市区町村がありません。先に kofu init を実行してください。")
    # Letters only: a hex tag such as "123456" followed by the 6-digit index would make a 12-digit
    # run, and about 1 in 10 of those passes the My Number check digit (the card is then refused).
    tag = "".join(secrets.choice(string.ascii_uppercase) for _ in range(6))
    site = Site.objects.create(
        municipality=municipality,
        name=f"予約試験会場 {tag}",
        kind=Site.Kind.SPECIAL,
        web_percent=100,
        phone_percent=0,
        max_party=min(max(family, 4), 10),
    )
    Window.objects.create(site=site, name="1番窓口")
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    slot = Slot.objects.create(
        site=site,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        capacity=capacity,
        web_capacity=capacity,
    )
    now = timezone.now()
    today = timezone.localdate()
    batch = NoticeBatch.objects.create(
        municipality=municipality,
        sent_on=today,
        visit_from=today,
        visit_until=today + dt.timedelta(days=90),
        size=residents * family,
        created_at=now,
    )
    rng = random.Random()
    cards = []
    for i in range(residents * family):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 60 * 365))
        cards.append(
            Card(
                municipality=municipality,
                application_id=f"FX{tag}{i:06d}",
                channel=card_rules.ONLINE,
                received_on=today - dt.timedelta(days=60),
                name=f"予約 試験{i}",
                birth_date=birth,
                address=f"試験町{tag}-{i // family}",
                state=card_rules.NOTICE_SENT,
                state_changed_at=now,
                notice_number=new_notice_number(),
                notice_batch=batch,
                notice_sent_on=today,
                **_since(today),
            )
        )
    Card.objects.bulk_create(cards)
    typed = [{"notice_number": c.notice_number, "birth_date": c.birth_date.isoformat()} for c in cards]
    if family <= 1:
        return {"slot": slot.pk, "residents": typed}
    households = [typed[i : i + family] for i in range(0, len(typed), family)]
    return {"slot": slot.pk, "residents": [{**lead, "family": members} for lead, *members in households]}
