"""The demo city's cards and pickup bookings, made through the same services as real work.

Cards come in through the J-LIS delivery importer (a file made here), move on through
``card_transition`` and ``notices_send`` dated in the past, and some are booked into slots of a
site whose opening hours generate slots over the coming weeks. All dates are relative to
``today``, so the backlog always has cards waiting more than 21 days and bookings ahead.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.utils import timezone

from kofu.accounts.roles import Viewer
from kofu.bookings.models import Booking, Site, Slot
from kofu.bookings.services import bookings_create, schedule
from kofu.bookings.services.sites import site_create
from kofu.cards.importing import import_delivery
from kofu.cards.models import Card
from kofu.cards.services import card_transition, notices_send
from kofu.registry.models import Municipality
from kofu.rules import cards as rules

from .accounts import ACTOR

SURNAMES = ("見本", "試用", "仮名", "例示", "体験")
GIVEN = ("太郎", "花子", "一郎", "幸子", "健", "直美", "翔", "美咲", "大輔", "由美")
CHANNELS = (rules.ONLINE, rules.COUNTER, rules.SMARTPHONE, rules.MAIL, rules.SUPPORT)
SITE_NAME = "【デモ】都城市役所 本庁舎 市民課"
SITE_ADDRESS = "宮崎県都城市姫城町6街区21号"


@dataclass(frozen=True)
class DemoResident:
    """A resident whose notice number and birth date the demo prints, to try the booking flow."""

    name: str
    notice_number: str
    birth_date: dt.date


#: (batch, days ago delivered, cards). Residents (application ids DEMO-R…) are in batch C.
BATCHES = (("DEMO-A", 40, 20), ("DEMO-B", 28, 20), ("DEMO-C", 14, 25), ("DEMO-D", 3, 20))
RESIDENTS = (
    ("DEMO-R1", "デモ 花子", dt.date(1980, 1, 2)),
    ("DEMO-R2", "デモ 太郎", dt.date(1955, 7, 15)),
    ("DEMO-R3", "デモ 一郎", dt.date(1943, 11, 3)),
)


def _delivery_file(today: dt.date) -> bytes:
    out = io.StringIO()
    out.write("application_id,batch_number,delivered_on,channel,received_on,name,birth_date,address\n")
    n = 0
    for batch, ago, count in BATCHES:
        delivered = today - dt.timedelta(days=ago)
        for i in range(count):
            n += 1
            app_id, name, born = (
                f"DEMO-{n:04d}",
                f"{SURNAMES[n % 5]} {GIVEN[n % 10]}",
                dt.date(1950 + n % 50, 1 + n % 12, 1 + n % 28),
            )
            if batch == "DEMO-C" and i < len(RESIDENTS):
                app_id, name, born = RESIDENTS[i]
            received = delivered - dt.timedelta(days=30 + n % 10)
            channel = CHANNELS[n % len(CHANNELS)]
            out.write(
                f"{app_id},{batch},{delivered},{channel},{received},{name},{born},都城市姫城町{n}番地\n"
            )
    return out.getvalue().encode("utf-8")


def _ids(batch: str) -> list[int]:
    return list(Card.objects.filter(batch__batch_number=batch).order_by("id").values_list("id", flat=True))


def _move(ids: list[int], to_state: str, day: dt.date, staff: Viewer) -> None:
    for card_id in ids:
        card_transition(card_id=card_id, to_state=to_state, actor=staff, on=day)


def cards_create(city: Municipality, staff: Viewer, today: dt.date) -> None:
    """About 85 cards in every stage; some waiting more than 21 days (the hearing's threshold)."""
    import_delivery(
        "demo-delivery.csv", municipality=city, actor=staff, stream=io.BytesIO(_delivery_file(today))
    )
    a, b, c, d = (_ids(batch) for batch, _, _ in BATCHES)

    def day(ago: int) -> dt.date:
        return today - dt.timedelta(days=ago)

    _move(a, rules.SETUP_DONE, day(38), staff)
    notices_send(
        municipality=city, size=len(a), visit_from=day(35), visit_until=day(5), actor=staff, sent_on=day(35)
    )
    _move(a[:9], rules.HANDED_OVER, day(20), staff)
    _move(a[9:11], rules.RETURNED, day(30), staff)
    _move(a[11:13], rules.UNCLAIMED, day(4), staff)
    _move(c, rules.SETUP_DONE, day(12), staff)
    notices_send(
        municipality=city, size=len(c), visit_from=day(10), visit_until=day(-50), actor=staff, sent_on=day(10)
    )
    _move(c[len(RESIDENTS) + 6 : len(RESIDENTS) + 11], rules.HANDED_OVER, day(2), staff)
    _move(b[:10], rules.SETUP_DONE, day(25), staff)  # set up 25 days ago, no notice yet: waiting > 21 days
    _move(d[:2], rules.DEFECTIVE, day(1), staff)


def _site(city: Municipality, staff: Viewer, today: dt.date) -> Site:
    site = site_create(
        municipality=city,
        actor=staff,
        windows=3,
        name=SITE_NAME,
        kind=Site.Kind.TOWN_HALL,
        address=SITE_ADDRESS,
        service_minutes=15,
        people_per_window=3,
        web_percent=50,
        phone_percent=30,
    )
    schedule.opening_rule_add(
        site=site,
        actor=staff,
        weekdays="0,1,2,3,4",
        start=dt.time(9),
        end=dt.time(16),
        windows=2,
        label="平日",
    )
    schedule.opening_rule_add(
        site=site,
        actor=staff,
        weekdays="5",
        start=dt.time(9),
        end=dt.time(12),
        windows=1,
        label="土曜（午前）",
    )
    schedule.slots_generate(site=site, start=today, end=today + dt.timedelta(days=35), actor=staff)
    return site


def bookings_create_demo(city: Municipality, staff: Viewer, today: dt.date) -> Site:
    """A site with windows, opening rules and five weeks of slots; phone bookings for some cards."""
    site = _site(city, staff, today)
    now = timezone.now()
    slots = list(
        Slot.objects.filter(site=site, starts_at__gt=now, phone_capacity__gt=0).order_by("starts_at")
    )
    cards = list(
        Card.objects.filter(municipality=city, state=rules.NOTICE_SENT, batch__batch_number="DEMO-C")
        .exclude(application_id__startswith="DEMO-R")
        .order_by("id")[:6]
    )
    for i, card in enumerate(cards):
        slot = (
            slots[min(i * 7, len(slots) - 1)] if i else slots[0]
        )  # the first: the earliest slot (today's sheet)
        bookings_create(cards=[card], slot_id=slot.pk, channel=Booking.Channel.PHONE, actor=staff)
    return site


def residents() -> list[DemoResident]:
    """The printed residents (notice number + birth date), read back so a second run prints them too."""
    found = Card.objects.filter(application_id__in=[r[0] for r in RESIDENTS]).order_by("application_id")
    return [DemoResident(c.name, c.notice_number or "", c.birth_date) for c in found if c.birth_date]


__all__ = ["ACTOR", "DemoResident", "bookings_create_demo", "cards_create", "residents"]
