"""End to end: My Numbers slipped into every cards text field and import column are found nowhere —
not in the database file, not in what was printed or logged, not in the exports (CSV, PDF, pages)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from kofu.rules.codes import is_valid_my_number
from tests.initialised import copy_initialised_sqlite, postgres_template

HERE = Path(__file__).resolve().parent
VARIANTS = ["123456789018", "621498320257", "１２３４ ５６７８ ９０１８", "6214 9832 0257", "6214-9832-0257"]
KNOWN = [re.compile(rb"1234[ \-]?5678[ \-]?9018"), re.compile(rb"6214[ \-]?9832[ \-]?0257")]
ANY = re.compile(r"(?<!\d)\d{4}[ \-]?\d{4}[ \-]?\d{4}(?!\d)")


def known_in(data: bytes) -> list[str]:
    hits = [m.group().decode() for pattern in KNOWN for m in pattern.finditer(data)]
    wide = "１２３４ ５６７８ ９０１８".encode()
    return hits + (["full-width"] if wide in data else [])


def check_digit_hits(text: str) -> list[str]:
    return [m.group() for m in ANY.finditer(text) if is_valid_my_number(re.sub(r"[ \-]", "", m.group()))]


@pytest.fixture
def database(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        copy_initialised_sqlite(tmp_path / "city.sqlite3")
        yield (
            f"sqlite:///{tmp_path / 'city.sqlite3'}",
            lambda: b"".join(p.read_bytes() for p in tmp_path.glob("city.sqlite3*")),
        )
        return
    import psycopg
    from django.conf import settings

    pg_dump = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))
    if not pg_dump:
        pytest.skip("pg_dump がありません")
    db = settings.DATABASES["default"]
    name = f"kofu_cards_{uuid.uuid4().hex[:8]}"
    dsn = dict(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"], dbname="postgres")
    template = postgres_template(os.environ["DATABASE_URL"])
    with psycopg.connect(**dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

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
        yield f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}", dump
    finally:
        with psycopg.connect(**dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_my_numbers_slipped_into_the_card_pipeline_are_found_nowhere(tmp_path, database):
    url, dump = database
    out = tmp_path / "city"
    out.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOFU_", "DJANGO_"))}
    env.update(
        DATABASE_URL=url,
        KOFU_DATA_DIR=str(out),
        DJANGO_SETTINGS_MODULE="kofu.settings",
        KOFU_LOG_LEVEL="INFO",
        PYTHONPATH=os.pathsep.join([str(HERE.parents[1] / "src"), str(HERE.parents[1])]),
    )
    result = subprocess.run(
        [sys.executable, str(HERE / "my_number_city.py"), str(out), json.dumps(VARIANTS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    # 5 variants × (10 + 10 columns) × 2 modes × (CLI + web) + 5 × 3 web fields
    assert summary == {"attempts": 5 * 20 * 2 * 2 + 15, "exports": 5}

    assert known_in(dump()) == []
    printed = result.stdout + result.stderr + (out / "refusals.log").read_text(encoding="utf-8")
    assert known_in(printed.encode()) == [] and check_digit_hits(printed) == []
    assert "個人番号（マイナンバー）と思われる12桁の数字は入力できません" in printed
    logs = b"".join(p.read_bytes() for p in out.rglob("*.log"))
    assert known_in(logs) == []
    import pdfplumber

    with pdfplumber.open(out / "exports" / "notices.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "交付通知書番号" in text and "都城 太郎" in text
    renewals = (out / "exports" / "renewals.csv").read_text(encoding="utf-8-sig")
    assert renewals.startswith("kind,expires_on,application_id,name") and "AP000" in renewals
    assert check_digit_hits(text) == [] and known_in(text.encode()) == []
    for path in (out / "exports").iterdir():
        assert known_in(path.read_bytes()) == [], path.name
        if path.suffix in {".csv", ".html"}:
            assert check_digit_hits(path.read_text(encoding="utf-8")) == [], path.name
