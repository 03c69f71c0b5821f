"""An import killed midway (SIGKILL) leaves the database exactly as before, and intact."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.security.sites import issuance_files, new_site


def wait_for_write_transaction(site, process: subprocess.Popen, timeout: float = 120) -> bool:
    """Poll until the importer holds the database's write lock (its transaction is open)."""
    deadline = time.monotonic() + timeout
    if site.is_postgres:
        import psycopg

        name = site.url.rsplit("/", 1)[1]
        with psycopg.connect(site.url, autocommit=True) as conn:
            while time.monotonic() < deadline and process.poll() is None:
                busy = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_xid IS NOT NULL "
                    "AND pid <> pg_backend_pid()",
                    [name],
                ).fetchone()[0]
                if busy:
                    return True
                time.sleep(0.002)
        return False
    while time.monotonic() < deadline and process.poll() is None:
        probe = sqlite3.connect(site.sqlite_path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError:
            return True  # "database is locked": the importer's write transaction is open
        finally:
            probe.close()
        time.sleep(0.002)
    return False


@pytest.mark.slow
def test_sigkill_during_a_large_import_leaves_the_database_as_before(tmp_path):
    files = issuance_files(30)
    with new_site(tmp_path) as site:
        site.kofu("init")
        site.kofu("stats", "import", str(files[0]))
        before = site.snapshot()

        process = subprocess.Popen(
            [sys.executable, "-m", "kofu.cli", "stats", "import", *map(str, files[1:])],
            env=site.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            caught = wait_for_write_transaction(site, process)
            process.send_signal(signal.SIGKILL)
        finally:
            process.wait(timeout=60)
        assert caught, "the import finished before its transaction could be caught"
        assert process.returncode == -signal.SIGKILL

        assert site.snapshot() == before  # every table: same rows, same contents
        if not site.is_postgres:
            with sqlite3.connect(site.sqlite_path) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

        # The same import runs to the end afterwards.
        done = site.kofu("stats", "import", *map(str, files[1:]))
        assert done.returncode == 0
        from_rows = site.snapshot()["stats_issuancesnapshot"][0]
        assert from_rows == before["stats_issuancesnapshot"][0] + len(files) - 1
