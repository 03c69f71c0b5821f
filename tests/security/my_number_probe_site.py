"""Run inside a fresh kofu site (subprocess): try every spelling of a My Number through every way in.

The ways in (issue 13): the booking API (e-mail, notice number, another field, the Idempotency-Key
header), the resident's notice-number page, the staff login (user name), ``kofu accounts
create-staff`` and the staff-account page (user name, display name), and ``kofu cards
import-delivery`` (each column). Every attempt must be refused. At the end, while the connection
is still open, the SQLite file and its WAL are copied to OUT/snapshot for the caller to grep.

Usage: python my_number_probe_site.py OUT_DIR SPELLINGS_JSON. Prints one JSON summary line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import sys
from pathlib import Path

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from kofu.accounts.roles import SYSTEM  # noqa: E402

DELIVERY_HEADER = [
    "application_id",
    "batch_number",
    "delivered_on",
    "channel",
    "received_on",
    "name",
    "name_kana",
    "birth_date",
    "address",
    "phone",
]
DELIVERY_ROW = [
    "AP0001",
    "B001",
    "2022-05-09",
    "counter",
    "2022-03-01",
    "都城 太郎",
    "ミヤコノジョウ タロウ",
    "1980-04-01",
    "宮崎県都城市姫城町1番",
    "0986-23-1111",
]


def refused_command(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue() + err.getvalue() + str(exc)
    raise SystemExit(f"not refused: kofu {args[:2]} … {out.getvalue()}{err.getvalue()}")


def setup_site():
    from kofu.accounts import services as accounts
    from kofu.bookings.models import Site, Slot, Window
    from kofu.cards.models import Card, NoticeBatch
    from kofu.cards.services import new_notice_number
    from kofu.registry.models import Municipality
    from kofu.rules import cards as card_rules

    call_command("init", verbosity=0)
    city = Municipality.objects.get(code="452025")
    admin = accounts.staff_create(
        username="miyakonojo-admin",
        password="kofu-probe-password-2026",
        organisation=accounts.organisation_for_municipality(municipality=city, actor=SYSTEM),
        is_admin=True,
        actor=SYSTEM,
    ).user
    site = Site.objects.create(municipality=city, name="都城市役所 本庁舎", web_percent=60, phone_percent=20)
    Window.objects.create(site=site, name="1番窓口")
    starts = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=7), dt.time(10))
    )
    slot = Slot.objects.create(
        site=site, starts_at=starts, ends_at=starts + dt.timedelta(minutes=30), capacity=4, web_capacity=4
    )
    today = timezone.localdate()
    batch = NoticeBatch.objects.create(
        municipality=city,
        sent_on=today,
        visit_from=today,
        visit_until=today + dt.timedelta(days=90),
        size=1,
        created_at=timezone.now(),
    )
    card = Card.objects.create(
        municipality=city,
        application_id="T000001",
        channel=card_rules.ONLINE,
        received_on=today - dt.timedelta(days=40),
        name="都城 花子",
        birth_date=dt.date(1980, 5, 5),
        address="都城市姫城町1",
        state=card_rules.NOTICE_SENT,
        state_changed_at=timezone.now(),
        state_since=today,
        notice_number=new_notice_number(),
        notice_batch=batch,
        notice_sent_on=today,
    )
    return admin, card, slot


def api(client: Client, body: dict, key: str) -> int:
    response = client.post(
        "/api/v1/bookings",
        json.dumps(body),
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )
    assert response.status_code == 400 and response.json()["error"] == "my_number", response.content
    return 1


def main(out: Path, spellings: list[list[str]]) -> None:
    from kofu.accounts.models import RateCounter, StaffMembership
    from kofu.bookings.models import Booking, IdempotencyRecord
    from kofu.cards.models import Card, DeliveryBatch

    admin, card, slot = setup_site()
    inbox = out / "inbox"
    inbox.mkdir()
    good = {"notice_number": card.notice_number, "birth_date": "1980-05-05", "slot": slot.pk}
    resident, staff, anonymous = Client(), Client(), Client()
    staff.force_login(admin)
    printed: list[str] = []
    attempts = 0
    for index, (name, text) in enumerate(spellings):
        # The booking API: each field, and the header.
        attempts += api(resident, {**good, "email": text}, f"probe-{index}-email")
        attempts += api(resident, {**good, "notice_number": text}, f"probe-{index}-notice")
        attempts += api(resident, {**good, "note": text}, f"probe-{index}-note")
        headers = {"Idempotency-Key": f"key {text}"}
        refused = resident.post(
            "/api/v1/bookings", json.dumps(good), content_type="application/json", headers=headers
        )
        assert refused.status_code == 400, (name, refused.content)
        attempts += 1
        # The resident's page: the notice number typed as a My Number.
        page = resident.post(reverse("bookings:start"), {"notice_number": text, "birth_date": "1980-05-05"})
        assert page.status_code in (200, 400) and "個人番号" in page.content.decode(), name
        attempts += 1
        # Staff login with a My Number as the user name (counted as a failure, under a keyed digest).
        anonymous.post(reverse("accounts:login"), {"username": text, "password": "wrong-password-123"})
        attempts += 1
        # Staff accounts: the command line and the administrator's page.
        printed.append(refused_command("accounts", "create-staff", text, "--municipality", "452025"))
        attempts += 1
        form = {"username": f"probe-{index}", "display_name": text}
        for fields in ({"username": text, "display_name": ""}, form):
            page = staff.post(reverse("accounts:staff_new"), fields)
            assert page.status_code in (200, 400) and "個人番号" in page.content.decode(), (name, fields)
            attempts += 1
        # The J-LIS delivery import: the spelling in each column, one file each.
        for column in range(len(DELIVERY_HEADER)):
            row = list(DELIVERY_ROW)
            row[column] = text
            path = inbox / f"delivery-{index}-{column}.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle, lineterminator="\n").writerows([DELIVERY_HEADER, row])
            printed.append(refused_command("cards", "import-delivery", str(path), "--municipality", "452025"))
            attempts += 1

    summary = {
        "attempts": attempts,
        "bookings": Booking.objects.count(),
        "idempotency_records": IdempotencyRecord.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": StaffMembership.objects.count(),
        "cards": Card.objects.count(),
        "delivery_batches": DeliveryBatch.objects.count(),
        "rate_counters": RateCounter.objects.count(),
    }
    (out / "printed.log").write_text("\n".join(printed), encoding="utf-8")
    if connection.vendor == "sqlite":  # the file and its WAL as they are now, the connection still open
        snapshot = out / "snapshot"
        snapshot.mkdir()
        database = Path(connection.settings_dict["NAME"])
        for path in database.parent.glob(database.name + "*"):
            shutil.copy(path, snapshot / path.name)
    print(json.dumps(summary))


if __name__ == "__main__":
    main(Path(sys.argv[1]), json.loads(sys.argv[2]))
