"""Fixtures of the cards tests: small CSV files and cards in a given state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from kofu.accounts.roles import SYSTEM

DELIVERY_HEADER = (
    "application_id,batch_number,delivered_on,channel,received_on,name,name_kana,birth_date,address,phone"
)
APPLICATION_HEADER = (
    "application_id,channel,received_on,name,name_kana,birth_date,address,phone,outreach_venue,outreach_date"
)


def delivery_csv(tmp_path: Path, rows: list[str], name: str = "delivery.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([DELIVERY_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def delivery_row(n: int, batch: str = "B001", delivered: str = "2022-05-09", channel: str = "online") -> str:
    return f"AP{n:08d},{batch},{delivered},{channel},2022-03-01,都城 太郎{n},ミヤコノジョウ タロウ,1980-04-0{1 + n % 9},宮崎県都城市姫城町{n}番,0986-23-{n % 10000:04d}"


@pytest.fixture
def miyakonojo(registry):
    return registry.get(code="452025")


@pytest.fixture
def make_card(miyakonojo):
    from kofu.cards.models import Card

    counter = {"n": 0}

    def make(state: str = "applied", channel: str = "online", municipality=None, **fields) -> Card:
        counter["n"] += 1
        values = {
            "municipality": municipality or miyakonojo,
            "application_id": f"T{counter['n']:06d}",
            "channel": channel,
            "received_on": dt.date(2022, 3, 1),
            "name": "都城 花子",
            "name_kana": "ミヤコノジョウ ハナコ",
            "birth_date": dt.date(1990, 1, 2),
            "address": "宮崎県都城市姫城町6街区21号",
            "state": state,
            "state_changed_at": timezone.now(),
            "state_since": dt.date(2022, 3, 1),
        }
        values.update(fields)
        return Card.objects.create(**values)

    return make


@pytest.fixture
def staff(miyakonojo):
    """The viewer of 都城市's window staff, without creating an account (fast: no password hashing)."""
    from kofu.accounts.roles import Role, Viewer
    from kofu.accounts.services import organisation_for_municipality

    return Viewer(
        role=Role.MUNICIPALITY,
        username="miyakonojo",
        organisation=organisation_for_municipality(municipality=miyakonojo, actor=SYSTEM),
    )
