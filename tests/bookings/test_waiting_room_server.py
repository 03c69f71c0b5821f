"""Acceptance: a surge over the waiting room's rate against a running server (SQLite or PostgreSQL).

60 residents ask for 20 seats at the same moment while ``KOFU_BOOKING_QUEUE_RATE`` lets 2 a
second in (far below what even a busy machine serves, so the room is in use). Those over the rate
get numbers and come back when told; every one ends with a booking or "full" — no error, nobody lost, no number given twice, exactly 20
bookings. (The strict order of admission is proved with a controlled clock in
``test_api_waiting_room.py``; a live run's order depends on when each client comes back.)
"""

import json
from collections import Counter

from tests.bookings.live import database, kofu, server, slot_state, surge

RESIDENTS, SEATS = 60, 20


def test_a_surge_over_the_rate_is_queued_and_served_without_errors_or_overbooking(tmp_path):
    limits = {"KOFU_BOOKING_QUEUE_RATE": "2", "KOFU_BOOKING_QUEUE_BURST": "1"}
    with database(tmp_path) as url, server(url, tmp_path, extra_env=limits) as (base, env):
        fixture = json.loads(
            kofu(env, "bookings", "fixture", "--capacity", str(SEATS), "--residents", str(RESIDENTS))
        )
        results = surge(base, fixture, RESIDENTS)
        codes = Counter(code for code, _, _ in results)
        assert codes == {201: SEATS, 409: RESIDENTS - SEATS}, codes
        numbers = [number for _, _, number in results if number is not None]
        assert len(numbers) >= 20  # much of the surge waited its turn …
        assert len(set(numbers)) == len(numbers)  # … each with a number of its own
        assert slot_state(env, fixture["slot"]) == {
            "booked": SEATS,
            "capacity": SEATS,
            "active": SEATS,
            "rows": SEATS,
        }
