"""Backups of kofu's database: SQLite through the online backup API, PostgreSQL through pg_dump.

SQLite's backup API copies a consistent snapshot page by page while kofu keeps running (a plain
``cp`` of a WAL-mode database can miss committed data). Restoring copies the backup into the live
file the same way, so no stale ``-wal``/``-shm`` file can mix with it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection


class BackupError(RuntimeError):
    pass


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    tables: int
    rows: int


def _settings() -> dict[str, Any]:
    return connection.settings_dict


def engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def pg_tool(name: str) -> str:
    """``pg_dump``/``pg_restore`` from PATH, else the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: p.parts[-3])
    if not candidates:
        raise BackupError(
            f"{name} が見つかりません（PostgreSQL のクライアント、apt-get install postgresql-client）"
        )
    return str(candidates[-1])


def _pg_command(tool: str, *args: str) -> tuple[list[str], dict[str, str]]:
    db = _settings()
    command = [pg_tool(tool), "--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [flag, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return [*command, *args], env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} が失敗しました: {result.stderr.strip()[:2000]}")


def sqlite_counts(path: Path) -> tuple[int, int]:
    """(tables, rows) of a SQLite file, after ``PRAGMA integrity_check``; BackupError if damaged."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            status = db.execute("PRAGMA integrity_check").fetchone()[0]
            if status != "ok":
                raise BackupError(f"{path} は壊れています（integrity_check: {status}）")
            tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            rows = sum(db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} は SQLite のデータベースとして読めません: {exc}") from exc
    return len(tables), rows


def backup(path: Path) -> BackupResult:
    """Write a consistent copy of the database to ``path`` (must not exist yet)."""
    if path.exists():
        raise BackupError(f"{path} は既にあります（上書きしません）")
    path.parent.mkdir(parents=True, exist_ok=True)
    if engine() == "sqlite":
        live = Path(str(_settings()["NAME"]))
        if not live.is_file():
            raise BackupError(f"データベース {live} がありません（kofu init を実行しましたか）")
        source = sqlite3.connect(str(live), timeout=20)
        target = sqlite3.connect(str(path))
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal/-shm
        finally:
            target.close()
            source.close()
        tables, rows = sqlite_counts(path)
        return BackupResult(path, "sqlite", tables, rows)
    command, env = _pg_command("pg_dump", "--format=custom", f"--file={path}", str(_settings()["NAME"]))
    _run(command, env)
    return BackupResult(path, "postgresql", 0, 0)


def restore(path: Path) -> BackupResult:
    """Replace the database's contents with the backup at ``path`` (stop kofu first)."""
    if not path.is_file():
        raise BackupError(f"{path} がありません")
    connection.close()
    if engine() == "sqlite":
        tables, rows = sqlite_counts(path)
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        target = sqlite3.connect(str(_settings()["NAME"]), timeout=20)
        try:
            source.backup(target)
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            target.close()
            source.close()
        return BackupResult(path, "sqlite", tables, rows)
    command, env = _pg_command(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        f"--dbname={_settings()['NAME']}",
        str(path),
    )
    _run(command, env)
    return BackupResult(path, "postgresql", 0, 0)
