"""The bookings pages staff and residents use most read in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kofu.accounts.roles import SYSTEM
from kofu.bookings import services
from tests.query_counts import assert_locked, logged

#: Measured on 2026-12-07 on SQLite (`logged`: one more on PostgreSQL); a page that needs more must say why here.
LIMITS = {"day": logged(18), "sites": 10}


@pytest.fixture
def window(client, personas):
    client.force_login(personas["municipality"])
    return client


def test_day_sheet_and_sites_do_not_grow_with_the_bookings(
    window, site, make_slot, make_resident, django_assert_max_num_queries
):
    slots = [make_slot(days=0, hour=hour, capacity=8) for hour in (9, 10, 11, 13)]

    def book(per_slot: int) -> None:
        for slot in slots:
            for _ in range(per_slot):
                services.bookings_create(cards=[make_resident()], slot_id=slot.pk, actor=SYSTEM)

    book(1)
    day = f"/bookings/staff/{site.pk}/day/?date={timezone.localdate():%Y-%m-%d}"
    sites = "/bookings/staff/"
    assert_locked(
        window,
        [day, sites],
        lambda: book(3),
        {day: LIMITS["day"], sites: LIMITS["sites"]},
        django_assert_max_num_queries,
    )
