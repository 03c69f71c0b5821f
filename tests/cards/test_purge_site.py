"""After ``kofu cards purge --execute`` the seeded resident is nowhere in the database's bytes:
not in the SQLite file, not in its WAL, not in a ``kofu backup`` taken afterwards (PostgreSQL: not in
a ``pg_dump`` nor in the restored text of the backup). Before the purge the same grep finds them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.security.sites import _pg_bin, new_site, require_pg_tools

HERE = Path(__file__).resolve().parent
SEEDED = ["鷺宮 瑠璃子", "サギノミヤ ルリコ", "宮崎県都城市刈谷町九番地の三", "ruriko.saginomiya@example.jp"]


def run(site, *args: str) -> dict:
    env = {**site.env, "DJANGO_SETTINGS_MODULE": "kofu.settings", "PYTHONPATH": str(HERE.parents[1])}
    result = subprocess.run(
        [sys.executable, str(HERE / "purge_site.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def sqlite_bytes(site) -> bytes:
    """The database file and its -wal/-shm, as they are on disk."""
    return b"".join(p.read_bytes() for p in site.sqlite_path.parent.glob(site.sqlite_path.name + "*"))


def pg_text(site, backup: Path | None = None) -> bytes:
    import dj_database_url

    db = dj_database_url.parse(site.url)
    env = {**site.env, "PGPASSWORD": str(db["PASSWORD"])}
    connect = ["-h", str(db["HOST"]), "-p", str(db["PORT"]), "-U", str(db["USER"])]
    if backup is None:
        command = [f"{_pg_bin()}/pg_dump", *connect, str(db["NAME"])]
    else:  # the custom-format backup is compressed: restore it to plain SQL text first
        command = [f"{_pg_bin()}/pg_restore", "-f", "-", str(backup)]
    return subprocess.run(command, env=env, capture_output=True, check=True, timeout=120).stdout


def hits(data: bytes) -> list[str]:
    return [value for value in SEEDED if value.encode("utf-8") in data]


@pytest.mark.slow
def test_purged_residents_are_gone_from_the_database_bytes_and_the_backup(tmp_path):
    with new_site(tmp_path) as site:
        if site.is_postgres:
            require_pg_tools()
        seeded = run(site, "seed")
        assert len(seeded["cards"]) == 3
        before = pg_text(site) if site.is_postgres else sqlite_bytes(site)
        assert hits(before) == SEEDED  # the grep can find them

        backup = tmp_path / "after-purge.backup"
        summary = run(site, "purge", str(backup))
        assert summary["cards"] == 3 and summary["bookings"] == 3
        assert "452025,宮崎県都城市,交付済み,2" in summary["printed"]
        assert "452025,宮崎県都城市,取消・廃止,1" in summary["printed"]
        if site.is_postgres:
            assert "VACUUM" in summary["printed"]
            assert hits(pg_text(site)) == []
            assert hits(pg_text(site, backup)) == []
        else:
            assert "busy=0" in summary["printed"]
            wal = site.sqlite_path.with_name(site.sqlite_path.name + "-wal")
            assert not wal.exists() or wal.stat().st_size == 0  # checkpointed and truncated
            assert hits(sqlite_bytes(site)) == []
            assert hits(backup.read_bytes()) == []
        # The records stay: the audit chain still verifies after the purge.
        assert "監査ログの検証に成功しました" in site.kofu("audit", "verify").stdout
