"""The squashed migrations (ADR 0033): a new database gets the schema the originals give, and a
database made by the originals — at their last migrations or anywhere before — upgrades to it.

Two new databases (SQLite files, or PostgreSQL databases when DATABASE_URL names one): one migrated
by ``kofu migrate`` (the squashes), one taken half-way by the original migrations alone
(tests/migration_schema.py), then upgraded by ``kofu migrate``, then set back to what an
installation before the squash recorded and migrated again; each step in a process of its own.
Their schemas are compared as data: every table and column with its type, null and default, every
constraint, index and trigger (and PostgreSQL function), the rows of every table (the registry's
version row, content types, permissions).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[2]
KOFU = str(Path(sys.executable).with_name("kofu"))

#: Each app somewhere before its last original migration: the upgrade runs the rest of every app's
#: originals (none of the squashes), so the database ends as the originals make it.
MIDWAY = [
    "accounts:0007_my_number_guard_on_every_text_field",
    "registry:0002_my_number_guard_on_every_text_field",
    "cards:0008_my_number_guard_on_every_text_field",
    "surveys:0002_my_number_guard_on_every_text_field",
    "bookings:0001_sites_windows_rules_closures_slots_bookings",
    "outbox:0001_outbox_messages",
    "plans:0003_my_number_guard_on_every_text_field",
    "stats:0002_my_number_guard_on_every_text_field",
    "subsidies:0004_my_number_guard_on_every_text_field",
]
SQUASHES = {
    "accounts.0001_squashed_0010_waiting_room_for_the_booking_api",
    "bookings.0001_squashed_0005_booking_numbers_and_family_bookings",
    "cards.0001_squashed_0013_cardtransition_action_and_actor_fields",
    "outbox.0001_squashed_0002_my_number_guard_on_every_text_field",
    "plans.0001_squashed_0006_plantransition_actor_label_and_fields",
    "registry.0001_squashed_0003_registry_version",
    "stats.0001_squashed_0005_age_sex_figures",
    "subsidies.0001_squashed_0008_claimtransition_fields_of_the_one_shape",
    "surveys.0001_squashed_0004_outreach_booking_ahead",
}

pytestmark = pytest.mark.slow


@contextmanager
def new_database(tmp_path: Path, name: str) -> Iterator[dict[str, str]]:
    """The environment of a kofu process over a new, empty database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOFU_", "DJANGO_", "DATABASE_URL"))}
    # PYTHONHASHSEED: one CHECK constraint lists a frozenset (cards_proxy_photo_certificate_in_a_facility),
    # whose order in the SQL follows the process's string hashing.
    env.update(KOFU_DATA_DIR=str(tmp_path / name), PYTHONPATH=str(REPO), PYTHONHASHSEED="0")
    for variable in ("COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START"):  # migrations are not measured
        env.pop(variable, None)
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        (tmp_path / name).mkdir()
        yield {**env, "DATABASE_URL": f"sqlite:///{tmp_path / name / 'kofu.sqlite3'}"}
        return
    import psycopg

    database = f"kofu_squash_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    try:
        (tmp_path / name).mkdir()
        yield {**env, "DATABASE_URL": urlparse(server)._replace(path="/" + database).geturl()}
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def run(env: dict[str, str], *argv: str) -> str:
    done = subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def schema(env: dict[str, str]) -> tuple[dict[str, object], set[str]]:
    """(the schema as data, the migrations recorded as applied)."""
    found = json.loads(run(env, sys.executable, "tests/migration_schema.py", "fingerprint"))
    return found["schema"], set(found["applied"])


def test_new_old_and_half_way_databases_end_with_one_schema(tmp_path):
    with new_database(tmp_path, "new") as env:
        new = run(env, KOFU, "migrate")
        assert "Applying cards.0001_squashed_0013_cardtransition_action_and_actor_fields... OK" in new
        assert "Applying cards.0009_resident_access_hash_chain" not in new
        squashed, recorded = schema(env)
        assert recorded >= SQUASHES

    with new_database(tmp_path, "midway") as env:
        run(env, sys.executable, "tests/migration_schema.py", "originals", *MIDWAY)
        upgrade = run(env, KOFU, "migrate")
        # every app goes on with its originals
        assert "Applying cards.0009_resident_access_hash_chain... OK" in upgrade
        assert "Applying outbox.0002_my_number_guard_on_every_text_field... OK" in upgrade
        assert "_squashed_" not in upgrade
        upgraded, recorded = schema(env)
        assert upgraded == squashed
        assert recorded >= SQUASHES  # recorded once all their originals are

        # The same database as an installation before the squash left it: every original
        # recorded, no squash. It has nothing to apply; the squashes are recorded.
        run(env, sys.executable, "tests/migration_schema.py", "forget-squashes")
        assert "No migrations to apply." in run(env, KOFU, "migrate")
        again, recorded = schema(env)
        assert again == squashed
        assert recorded >= SQUASHES
