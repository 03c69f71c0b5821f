"""The squashed migrations (ADR 0033): a new database gets the schema the originals give, and a
database made by the originals — at their last migrations or anywhere before — upgrades to it.

Each database is a new one (a SQLite file, or a PostgreSQL database when DATABASE_URL names one),
migrated by ``kofu migrate`` or by the original migrations alone (tests/migration_schema.py), in
processes of their own; their schemas are compared as data: every table and column with its type,
null and default, every constraint, index and trigger (and PostgreSQL function), the rows of every
table (the registry's version row, content types, permissions).
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

#: Each app somewhere before its last original migration (outbox and walkins not at all): the
#: upgrade runs the rest of the originals where an app has some applied, the squash where none.
MIDWAY = [
    "accounts:0007_my_number_guard_on_every_text_field",
    "registry:0002_my_number_guard_on_every_text_field",
    "cards:0008_my_number_guard_on_every_text_field",
    "surveys:0002_my_number_guard_on_every_text_field",
    "bookings:0001_sites_windows_rules_closures_slots_bookings",
    "plans:0003_my_number_guard_on_every_text_field",
    "stats:0002_my_number_guard_on_every_text_field",
    "subsidies:0004_my_number_guard_on_every_text_field",
]

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


def schema(env: dict[str, str]) -> dict[str, object]:
    return json.loads(run(env, sys.executable, "tests/migration_schema.py", "fingerprint"))


def applied(env: dict[str, str]) -> set[str]:
    listing = run(env, KOFU, "showmigrations", "--list")
    return {line.split("] ")[1].split(" (")[0] for line in listing.splitlines() if line.startswith(" [X]")}


@pytest.fixture(scope="module")
def squashed(tmp_path_factory) -> dict[str, object]:
    """The schema of a new database migrated by ``kofu migrate`` (the squashed migrations)."""
    with new_database(tmp_path_factory.mktemp("squashed"), "new") as env:
        run(env, KOFU, "migrate", "--verbosity", "0")
        assert {
            "0001_squashed_0013_cardtransition_action_and_actor_fields",
            "0001_walkin_tickets",
        } <= applied(env)
        return schema(env)


def test_a_new_database_gets_the_originals_schema_and_an_old_one_has_nothing_to_apply(squashed, tmp_path):
    with new_database(tmp_path, "old") as env:
        run(env, sys.executable, "tests/migration_schema.py", "originals")
        assert "0001_squashed_0013_cardtransition_action_and_actor_fields" not in applied(env)
        old = schema(env)
        assert "No migrations to apply." in run(env, KOFU, "migrate")
        assert "0001_squashed_0013_cardtransition_action_and_actor_fields" in applied(env)  # recorded
        assert schema(env) == old
    assert old == squashed


def test_a_database_midway_through_the_originals_upgrades_to_the_same_schema(squashed, tmp_path):
    with new_database(tmp_path, "midway") as env:
        run(env, sys.executable, "tests/migration_schema.py", "originals", *MIDWAY)
        assert "0009_resident_access_hash_chain" not in applied(env)
        output = run(env, KOFU, "migrate")
        # cards went on with its originals; outbox, none of whose originals had run, took its squash
        assert "Applying cards.0009_resident_access_hash_chain... OK" in output
        assert "Applying outbox.0001_squashed_0002_my_number_guard_on_every_text_field... OK" in output
        assert "Applying cards.0001_squashed" not in output
        upgraded = schema(env)
    assert upgraded == squashed
