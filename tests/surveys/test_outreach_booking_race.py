"""Residents race for the last seats of an outreach slot (事前予約制): exactly k of n succeed.

Threads, each with its own connection, against a SQLite file or a fresh PostgreSQL database
(whichever the tests run on), in a subprocess with its own ``kofu init``-ed database — the same
harness as the pickup bookings' acceptance test (``tests/bookings/live.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.bookings.live import database, kofu

RESIDENTS = 24
SCRIPT = Path(__file__).with_name("outreach_race.py")


@pytest.mark.parametrize("seats", [1, 5])
def test_exactly_k_of_n_residents_get_a_seat(tmp_path, seats):
    with database(tmp_path) as url:
        env = {**os.environ, "DATABASE_URL": url, "KOFU_DATA_DIR": str(tmp_path)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        kofu(env, "init")
        env["DJANGO_SETTINGS_MODULE"] = "kofu.settings"
        env["PYTHONPATH"] = str(Path(__file__).parents[2])
        done = subprocess.run(
            [sys.executable, str(SCRIPT), str(seats), str(RESIDENTS)],
            env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        result = json.loads(done.stdout.strip().splitlines()[-1])
    assert Counter(result["outcomes"]) == {"booked": seats, "full": RESIDENTS - seats}
    assert result["slot_booked"] == seats == result["bookings"]
