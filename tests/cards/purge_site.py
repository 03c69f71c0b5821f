"""Run inside a fresh kofu site (subprocess): ``seed`` cards with a distinctive resident, or
``purge`` them through ``kofu cards purge --execute`` and take a ``kofu backup``.

Usage: python purge_site.py seed|purge BACKUP_PATH. Prints one JSON summary line.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from kofu.accounts.roles import SYSTEM  # noqa: E402

NAME, KANA = "鷺宮 瑠璃子", "サギノミヤ ルリコ"
ADDRESS = "宮崎県都城市刈谷町九番地の三"
EMAIL = "ruriko.saginomiya@example.jp"


def seed() -> dict[str, object]:
    from kofu.bookings.models import Booking, Site, Slot
    from kofu.cards.models import Card
    from kofu.cards.services import card_note_update, card_transition
    from kofu.registry.models import Municipality

    call_command("init", verbosity=0)
    miyakonojo = Municipality.objects.get(code="452025")
    site = Site.objects.create(municipality=miyakonojo, name="本庁舎")
    done = []
    for n, final in enumerate(["handed_over", "cancelled", "handed_over"]):
        card = Card.objects.create(
            municipality=miyakonojo,
            application_id=f"RP{n:04d}",
            channel="counter",
            received_on=dt.date(2022, 3, 1),
            name=f"{NAME}{'一二三'[n]}",
            name_kana=KANA,
            birth_date=dt.date(1961, 7, 14),
            address=ADDRESS,
            phone="0986-11-2233",
            state="applied",
            state_changed_at=timezone.now(),
            state_since=dt.date(2022, 3, 1),
        )
        card_note_update(card_id=card.pk, note=f"{NAME}様から電話", actor=SYSTEM)
        steps = [("delivered", 5, 9), ("setup_done", 5, 11)]
        steps += [("notice_sent", 5, 13), (final, 6, 1)] if final == "handed_over" else [(final, 5, 20)]
        for state, month, day in steps:
            card_transition(
                card_id=card.pk, to_state=state, actor=SYSTEM, on=dt.date(2022, month, day), note=NAME
            )
        starts = timezone.make_aware(dt.datetime(2022, 6, 1, 9 + n, 0))
        slot = Slot.objects.create(
            site=site, starts_at=starts, ends_at=starts + dt.timedelta(minutes=30), capacity=2, booked=1
        )
        now = timezone.now()
        Booking.objects.create(
            card=card,
            slot=slot,
            status="checked_in",
            channel="web",
            email=EMAIL,
            created_at=now,
            changed_at=now,
        )
        done.append(card.pk)
    return {"cards": done}


def purge(backup: str) -> dict[str, object]:
    out = io.StringIO()
    call_command("cards", "purge", "--as-of", "2024-06-01", "--execute", stdout=out)
    call_command("backup", backup, stdout=io.StringIO())
    from kofu.cards.models import PersonalDataDeletion

    deletion = PersonalDataDeletion.objects.get()
    return {"printed": out.getvalue(), "cards": deletion.card_count, "bookings": deletion.booking_count}


if __name__ == "__main__":
    summary = seed() if sys.argv[1] == "seed" else purge(sys.argv[2])
    print(json.dumps(summary, ensure_ascii=False))
