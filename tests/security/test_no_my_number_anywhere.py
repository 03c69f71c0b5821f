"""No My Number anywhere: every free-text field and import column refuses it; nothing stores or leaks it.

The end-to-end test builds a fresh site in a subprocess (its own SQLite file, or its own PostgreSQL
database), slips ``123456789018`` / ``621498320257`` (also full-width and with spaces or hyphens)
into every column of every importer, then greps the database file and its WAL (or a ``pg_dump``),
everything the commands printed and logged, and every statistics export (CLI and web, CSV and
XLSX): none found.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
import uuid
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models

from kofu.core.guard import GUARDED_ELSEWHERE, guarded_fields
from kofu.core.validators import no_my_number
from kofu.rules.codes import is_valid_my_number
from tests.initialised import copy_initialised_sqlite, postgres_template

HERE = Path(__file__).resolve().parent
VARIANTS = ["123456789018", "621498320257", "１２３４ ５６７８ ９０１８", "6214 9832 0257", "6214-9832-0257"]
KNOWN = [re.compile(r"1234[ \-]?5678[ \-]?9018"), re.compile(r"6214[ \-]?9832[ \-]?0257")]
ANY_MY_NUMBER = re.compile(r"(?<!\d)\d{4}[ \-]?\d{4}[ \-]?\d{4}(?!\d)")

#: Text fields that hold only what kofu computed, never what a person typed (digests and kofu's own
#: answers): a hexadecimal digest has twelve joined digits passing the check now and then, so the
#: guard would refuse a good row at random. Everything else is guarded, short codes and choices too.
GENERATED = {
    "accounts.AuditEvent.prev_hash": "the hash chain (hex)",
    "accounts.AuditEvent.hash": "the hash chain (hex)",
    "accounts.LogHead.chain": "the name of a log (audit, access), written by the logs' triggers",
    "accounts.LogHead.hash": "the last hash of a log, written by the logs' triggers",
    "cards.ResidentAccess.prev_hash": "the access log's hash chain",
    "cards.ResidentAccess.hash": "the access log's hash chain",
    "accounts.RateCounter.key": "a keyed digest of what is counted (kofu.core.keyed)",
    "bookings.IdempotencyRecord.key": "a keyed digest of the Idempotency-Key header",
    "bookings.IdempotencyRecord.fingerprint": "a keyed digest of the request body",
    "bookings.IdempotencyRecord.body": "kofu's own JSON answer (signed token included)",
}


def text_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]


def kofu_text_fields():
    for model in apps.get_models():
        if model.__module__.startswith("kofu."):
            for field in text_fields(model):
                yield f"{model._meta.label}.{field.name}", field


def test_the_variants_are_valid_my_numbers():
    for variant in VARIANTS:
        digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", variant))
        assert is_valid_my_number(digits), variant


def test_every_text_field_of_every_kofu_model_carries_the_guard():
    """Walks every model (django.apps): CharField, TextField, EmailField, SlugField … of any length,
    choices included; only the computed fields of GENERATED are left out."""
    missing = [
        label
        for label, field in kofu_text_fields()
        if label not in GENERATED and no_my_number not in field.validators
    ]
    assert missing == []
    assert set(GENERATED) <= {label for label, _ in kofu_text_fields()}  # no stale exemption


def test_the_guard_runs_on_every_save_of_every_guarded_field_and_of_the_user_names():
    """kofu.core.guard checks on save exactly the guarded fields (and auth.User's name and e-mail)."""
    for model in apps.get_models():
        expected = {f.name for f in text_fields(model) if no_my_number in f.validators}
        expected |= set(GUARDED_ELSEWHERE.get(model._meta.label, ()))
        assert {name for name, _ in guarded_fields(model)} == expected, model._meta.label
    user_fields = {name for name, _ in guarded_fields(get_user_model())}
    assert user_fields == {"username", "first_name", "last_name", "email"}


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_guarded_field_refuses_each_variant_in_running_text(variant):
    accepted = []
    for label, field in kofu_text_fields():
        if no_my_number not in field.validators:
            continue
        try:
            field.run_validators(f"備考 {variant} です")
        except ValidationError as exc:
            assert any(error.code == "my_number" for error in exc.error_list)
        else:
            accepted.append(label)
    assert accepted == []


def found_in(data: bytes) -> list[str]:
    text = unicodedata.normalize("NFKC", data.decode("utf-8", errors="ignore"))
    return [pattern.pattern for pattern in KNOWN if pattern.search(text)]


def check_digit_hits(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    return [
        m.group() for m in ANY_MY_NUMBER.finditer(text) if is_valid_my_number(re.sub(r"\D", "", m.group()))
    ]


def readable(path: Path) -> bytes:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            return b"\n".join(archive.read(name) for name in archive.namelist())
    return path.read_bytes()


@pytest.fixture
def site_database(tmp_path):
    """(DATABASE_URL for the subprocess, a function dumping the database to bytes, cleanup)."""
    main_url = os.environ.get("DATABASE_URL", "")
    if not main_url.startswith("postgres"):
        database = tmp_path / "site.sqlite3"
        copy_initialised_sqlite(database)
        yield (
            f"sqlite:///{database}",
            lambda: b"".join(p.read_bytes() for p in tmp_path.glob("site.sqlite3*")),
        )
        return
    import psycopg
    from django.conf import settings

    pg_dump = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))
    if not pg_dump:
        pytest.skip("pg_dump がありません（/usr/lib/postgresql/*/bin/pg_dump）")
    db = settings.DATABASES["default"]
    name = f"kofu_mynumber_{uuid.uuid4().hex[:8]}"
    dsn = dict(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"], dbname="postgres")
    template = postgres_template(os.environ["DATABASE_URL"])
    with psycopg.connect(**dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"

    def dump() -> bytes:
        env = {**os.environ, "PGPASSWORD": str(db["PASSWORD"])}
        command = [
            str(pg_dump[-1]),
            "-h",
            str(db["HOST"]),
            "-p",
            str(db["PORT"]),
            "-U",
            str(db["USER"]),
            name,
        ]
        return subprocess.run(command, env=env, capture_output=True, check=True, timeout=120).stdout

    try:
        yield url, dump
    finally:
        with psycopg.connect(**dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
def test_my_numbers_slipped_in_everywhere_are_found_nowhere(tmp_path, site_database):
    url, dump = site_database
    out = tmp_path / "site"
    out.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOFU_", "DJANGO_"))}
    env.update(
        DATABASE_URL=url,
        KOFU_DATA_DIR=str(out),
        DJANGO_SETTINGS_MODULE="kofu.settings",
        KOFU_LOG_LEVEL="INFO",
        PYTHONPATH=str(HERE.parents[1]),
    )
    result = subprocess.run(
        [sys.executable, str(HERE / "my_number_site.py"), str(out), json.dumps(VARIANTS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["attempts"] > 200 and summary["exports"] == 30

    # Where a value could end up: the database, what was printed and logged, every export.
    assert found_in(dump()) == []
    printed = result.stdout + result.stderr + (out / "refusals.log").read_text(encoding="utf-8")
    assert found_in(printed.encode()) == [] and check_digit_hits(printed) == []
    leaks = {path.name: found_in(readable(path)) for path in (out / "exports").iterdir()}
    assert {name: hits for name, hits in leaks.items() if hits} == {}
    for path in (out / "exports").glob("*.csv"):
        assert check_digit_hits(path.read_text(encoding="utf-8-sig")) == [], path.name
    # The refusals name file, row and column but never echo the value.
    assert "個人番号（マイナンバー）と思われる12桁の数字は入力できません" in printed
    assert re.search(r"issuance-0-4-replace\.csv 3行目「5列目」", printed)
