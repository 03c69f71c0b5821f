import datetime as dt

import pytest
from django.utils import timezone

from kofu.bookings.models import Site, Slot, Window
from kofu.cards.models import Card, NoticeBatch
from kofu.cards.services import new_notice_number
from kofu.registry.models import Municipality
from kofu.rules import cards as card_rules


def _since():
    names = {f.name for f in Card._meta.get_fields()}
    return {"state_since": timezone.localdate()} if "state_since" in names else {}


@pytest.fixture
def miyakonojo(registry):
    return Municipality.objects.get(code="452025")


@pytest.fixture
def site(miyakonojo):
    site = Site.objects.create(
        municipality=miyakonojo, name="都城市役所 本庁舎", web_percent=60, phone_percent=20
    )
    Window.objects.create(site=site, name="1番窓口")
    Window.objects.create(site=site, name="2番窓口")
    return site


@pytest.fixture
def make_slot(site):
    def make(
        days: int = 7,
        hour: int = 10,
        capacity: int = 4,
        web_capacity: int | None = None,
        on_site=None,
        phone_capacity: int = 0,
    ) -> Slot:
        """A slot whose seats are all web seats unless told otherwise (walk-ins get the rest)."""
        day = timezone.localdate() + dt.timedelta(days=days)
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
        return Slot.objects.create(
            site=on_site or site,
            starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=30),
            capacity=capacity,
            web_capacity=capacity - phone_capacity if web_capacity is None else web_capacity,
            phone_capacity=phone_capacity,
        )

    return make


@pytest.fixture
def notice_batch(miyakonojo):
    today = timezone.localdate()
    return NoticeBatch.objects.create(
        municipality=miyakonojo,
        sent_on=today,
        visit_from=today,
        visit_until=today + dt.timedelta(days=90),
        size=0,
        created_at=timezone.now(),
    )


@pytest.fixture
def make_resident(miyakonojo, notice_batch):
    counter = iter(range(1, 10_000))

    def make(birth: str = "1980-05-05", address: str | None = None, municipality=None) -> Card:
        n = next(counter)
        return Card.objects.create(
            municipality=municipality or miyakonojo,
            application_id=f"T{n:06d}",
            channel=card_rules.ONLINE,
            received_on=timezone.localdate() - dt.timedelta(days=40),
            name=f"都城 花子{n}",
            birth_date=dt.date.fromisoformat(birth),
            address=address or f"都城市姫城町{n}",
            state=card_rules.NOTICE_SENT,
            state_changed_at=timezone.now(),
            notice_number=new_notice_number(),
            notice_batch=notice_batch,
            notice_sent_on=timezone.localdate(),
            **_since(),
        )

    return make
