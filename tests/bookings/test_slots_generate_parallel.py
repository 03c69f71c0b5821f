"""Two staff members generate the same site's slots at the same moment: one makes them, the other
finds them made (no error from the (site, starts_at) unique constraint). PostgreSQL: SQLite runs one
writer at a time anyway."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from kofu.accounts.roles import SYSTEM
from kofu.bookings.models import Site, Slot, Window
from kofu.bookings.services.schedule import opening_rule_add, slots_generate

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_runs_make_each_slot_once(registry):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL の並行実行の確認（SQLite は書き込みが1つずつ）")
    from kofu.registry.models import Municipality

    site = Site.objects.create(municipality=Municipality.objects.get(code="452025"), name="都城市役所 本庁舎")
    Window.objects.create(site=site, name="1番窓口")
    opening_rule_add(
        site=site, actor=SYSTEM, weekdays="0,1,2,3,4", start=dt.time(8, 30), end=dt.time(17, 0), windows=1
    )
    for week in range(5):
        start = dt.date(2027, 1, 4) + dt.timedelta(weeks=week)  # Mondays
        made, errors = race(site, start)
        assert errors == []
        per_run = Slot.objects.filter(site=site, starts_at__date__gte=start).count()
        assert sorted(made) == [0, per_run] and per_run > 0


def race(site: Site, start: dt.date) -> tuple[list[int], list[BaseException]]:
    """Two threads run the same week's generation at once: what each made, what each raised."""
    barrier = threading.Barrier(2)
    made: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            made.append(
                slots_generate(site=site, start=start, end=start + dt.timedelta(days=4), actor=SYSTEM)
            )
        except BaseException as exc:  # noqa: BLE001 - reported by the caller's assertion
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return made, errors
