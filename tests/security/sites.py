"""A throwaway kofu site for subprocess tests: its own SQLite file, or its own PostgreSQL database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.initialised import copy_initialised_sqlite, postgres_template

REPO = Path(__file__).resolve().parents[2]
ISSUANCE = REPO.parent / "shared" / "data" / "issuance"
PASSWORD = "kofu-site-password-2026"


@dataclass
class Site:
    root: Path
    url: str
    env: dict[str, str] = field(default_factory=dict)

    @property
    def is_postgres(self) -> bool:
        return self.url.startswith("postgres")

    @property
    def sqlite_path(self) -> Path:
        return Path(self.url.removeprefix("sqlite:///"))

    def kofu(self, *args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "kofu.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            **kwargs,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"kofu {' '.join(args)} → {result.returncode}\n{result.stdout}\n{result.stderr}"
            )
        return result

    def bash(self, script: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def sql(self, *statements: str) -> list[tuple]:
        """Run statements straight on the site's database (as an attacker or an auditor would);
        the rows of the last one."""
        if self.is_postgres:
            import psycopg

            with psycopg.connect(self.url) as conn:
                rows: list[tuple] = []
                for statement in statements:
                    cursor = conn.execute(statement)
                    rows = cursor.fetchall() if cursor.description else []
                return rows
        with sqlite3.connect(self.sqlite_path) as conn:
            rows = []
            for statement in statements:
                rows = conn.execute(statement).fetchall()
            return rows

    def sql_error(self, statement: str) -> str:
        """The database's refusal of ``statement`` (AssertionError if it was accepted)."""
        try:
            self.sql(statement)
        except Exception as exc:  # sqlite3 or psycopg error, whichever database the site uses
            return str(exc)
        raise AssertionError(f"the database accepted: {statement}")

    def snapshot(self) -> dict[str, tuple[int, str]]:
        """Per table: (row count, digest of every row) — equal snapshots mean nothing was lost."""
        if self.is_postgres:
            import psycopg

            with psycopg.connect(self.url) as conn:
                tables = [
                    row[0]
                    for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                ]
                result = {}
                for table in tables:
                    count, digest = conn.execute(
                        f"SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM \"{table}\" t"
                    ).fetchone()
                    result[table] = (count, digest)
                return result
        import hashlib

        with sqlite3.connect(self.sqlite_path) as conn:
            tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            result = {}
            for table in tables:
                rows = sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{table}"'))
                result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
            return result


@contextmanager
def new_site(tmp_path: Path) -> Iterator[Site]:
    root = tmp_path / "site"
    root.mkdir()
    main_url = os.environ.get("DATABASE_URL", "")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOFU_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        KOFU_DATA_DIR=str(root),
        KOFU_PASSWORD=PASSWORD,
        PATH=f"{Path(sys.executable).parent}:{_pg_bin()}:{env.get('PATH', '/usr/bin:/bin')}",
    )
    if not main_url.startswith("postgres"):
        site = Site(root, f"sqlite:///{root / 'kofu.sqlite3'}", env)
        copy_initialised_sqlite(site.sqlite_path)
        env["DATABASE_URL"] = site.url
        yield site
        return
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(main_url)
    name = f"kofu_site_{uuid.uuid4().hex[:8]}"
    admin = dict(
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"], dbname="postgres"
    )
    template = postgres_template(main_url)
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
    env["DATABASE_URL"] = url
    try:
        yield Site(root, url, env)
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_bin() -> str:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"), key=lambda p: p.parts[-3])
    return str(found[-1].parent) if found else "/usr/bin"


def require_pg_tools() -> None:
    if not sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_restore")):
        pytest.skip("pg_dump/pg_restore がありません（/usr/lib/postgresql/*/bin）")


def issuance_files(count: int) -> list[Path]:
    files = sorted(ISSUANCE.glob("*/all_localgovs.csv"))
    if len(files) < count:
        pytest.skip(f"{ISSUANCE} に all_localgovs.csv が {count} 個ありません")
    return files[:count]
