"""Issue 13's probes: a My Number in every spelling, through every way in, finds no way into the database.

A fresh site in a subprocess (its own SQLite file, or its own PostgreSQL database) takes every
spelling of ``700012345676`` and ``791001234568`` (tests/my_number_spellings.py: plain, 4-4-4 with
thirteen separators, groups of three, full-width, inside an e-mail address …) through the booking
API (e-mail, notice number, any field, the Idempotency-Key), the resident's page, the staff login,
``kofu accounts create-staff``, the staff-account page and ``kofu cards import-delivery`` (each
column). Every attempt is refused and nothing is stored; then the database file and its WAL (or a
``pg_dump``) hold none of the spellings' digits nor an unkeyed SHA-256/SHA-1/MD5 hex of them, and
what the commands printed does not echo them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.my_number_spellings import NUMBER, OTHER, digit_strings, spell, unkeyed_digests
from tests.security.test_no_my_number_anywhere import site_database  # noqa: F401 (fixture)

HERE = Path(__file__).resolve().parent


def hits(data: bytes) -> list[str]:
    found = []
    for number in (NUMBER, OTHER):
        found += [f"digits {s!r}" for s in digit_strings(number) if s in data]
        found += [f"digest {d.decode()}" for d in unkeyed_digests(number) if d in data]
    return found


@pytest.mark.slow
def test_no_spelling_of_a_my_number_gets_into_the_database(tmp_path, site_database):  # noqa: F811
    url, dump = site_database
    out = tmp_path / "site"
    out.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOFU_", "DJANGO_"))}
    env.update(
        DATABASE_URL=url,
        KOFU_DATA_DIR=str(out),
        DJANGO_SETTINGS_MODULE="kofu.settings",
        KOFU_PASSWORD="kofu-probe-password-2026",
        KOFU_ALLOWED_HOSTS="testserver,localhost",
        KOFU_LOG_LEVEL="INFO",
        PYTHONPATH=str(HERE.parents[1]),
    )
    spellings = spell(NUMBER) + spell(OTHER)
    assert len(spell(NUMBER)) >= 14
    result = subprocess.run(
        [sys.executable, str(HERE / "my_number_probe_site.py"), str(out), json.dumps(spellings)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    per_spelling = 4 + 1 + 1 + 1 + 2 + 10  # API ×4, resident page, login, CLI, staff page ×2, import ×10
    assert summary["attempts"] == per_spelling * len(spellings)
    # Nothing stored: only the set-up's administrator and card; the failed logins were counted.
    assert summary["bookings"] == summary["idempotency_records"] == summary["delivery_batches"] == 0
    assert summary["users"] == summary["memberships"] == summary["cards"] == 1
    assert summary["rate_counters"] > 0

    assert hits(dump()) == []
    for snapshot in (out / "snapshot").glob("*") if (out / "snapshot").exists() else []:
        assert hits(snapshot.read_bytes()) == [], snapshot.name
    printed = (result.stdout + result.stderr + (out / "printed.log").read_text(encoding="utf-8")).encode()
    assert hits(printed) == []
    assert "個人番号（マイナンバー）と思われる12桁の数字は入力できません" in printed.decode()
