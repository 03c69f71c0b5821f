"""Run as a script against its own database (``DATABASE_URL``, after ``kofu init``): ``N`` threads
book one outreach slot of ``K`` seats at the same moment; prints what each got as JSON.

Used by ``tests/surveys/test_outreach_booking_race.py``. Each thread has its own connection, as
each request of a server has: SQLite writers queue on the file lock (ADR 0006), PostgreSQL runs
them truly in parallel.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading

import django


def main(seats: int, residents: int) -> dict[str, object]:
    django.setup()
    from django.db import connections
    from django.utils import timezone

    from kofu.accounts.roles import ANONYMOUS, SYSTEM
    from kofu.registry.models import Municipality
    from kofu.surveys.models import OutreachBooking, OutreachEvent, OutreachSlot
    from kofu.surveys.services.outreach import event_save
    from kofu.surveys.services.outreach_booking import SlotFull, outreach_book, outreach_booking_open

    day = timezone.localdate() + dt.timedelta(days=2)
    event = event_save(
        event=OutreachEvent(
            municipality=Municipality.objects.get(code="011002"), title="商業施設での出張申請受付",
            venue_type="mall", venue="市民ホール", address="札幌市中央区", starts_on=day, ends_on=day,
            opens_at=dt.time(10), closes_at=dt.time(11), published=True,
        ),
        actor=SYSTEM,
    )  # fmt: skip
    outreach_booking_open(event=event, minutes=60, seats=seats, actor=SYSTEM)
    slot = OutreachSlot.objects.get(event=event)
    connections.close_all()
    barrier = threading.Barrier(residents)
    outcomes: list[str] = []

    def one(i: int) -> None:
        try:
            barrier.wait()
            outreach_book(
                event=event,
                slot_id=slot.pk,
                name=f"住民{i}",
                phone=f"011-211-{i:04d}",
                email="",
                actor=ANONYMOUS,
            )
            outcomes.append("booked")
        except SlotFull:
            outcomes.append("full")
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            outcomes.append(f"error: {type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(residents)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    slot.refresh_from_db()
    return {
        "outcomes": outcomes,
        "slot_booked": slot.booked,
        "bookings": OutreachBooking.objects.filter(slot=slot).count(),
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
