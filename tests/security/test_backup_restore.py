"""Backup → restore loses nothing, running the exact steps written in docs/operations.md."""

from __future__ import annotations

import re

import pytest

from tests.security.sites import REPO, issuance_files, new_site, require_pg_tools

OPERATIONS = REPO / "docs" / "operations.md"


def doc_block(name: str) -> str:
    """The shell block after ``<!-- test: name -->`` in docs/operations.md."""
    text = OPERATIONS.read_text(encoding="utf-8")
    found = re.search(rf"<!-- test: {re.escape(name)} -->\s*```sh\n(.*?)```", text, re.S)
    assert found, f"docs/operations.md has no block marked {name}"
    return found.group(1)


def test_the_documented_steps_exist():
    for name in ["sqlite-backup", "sqlite-restore", "pg-backup", "pg-restore"]:
        assert doc_block(name).strip()


@pytest.mark.slow
def test_backup_then_restore_gives_back_every_row(tmp_path):
    first, second = issuance_files(2)
    with new_site(tmp_path) as site:
        if site.is_postgres:
            require_pg_tools()
        backups = tmp_path / "backups"
        backups.mkdir()
        site.env["BACKUP_DIR"] = str(backups)
        site.kofu("init")
        site.kofu("accounts", "create-ministry-admin", "soumu-admin")
        site.kofu("stats", "import", str(first))
        before = site.snapshot()
        assert before["stats_municipalityfigure"][0] > 1700
        assert before["accounts_auditevent"][0] >= 1

        kind = "pg" if site.is_postgres else "sqlite"
        done = site.bash(doc_block(f"{kind}-backup"))
        assert done.returncode == 0, done.stdout + done.stderr
        assert len(list(backups.iterdir())) == 1

        # Life goes on after the backup: another month, another account.
        site.kofu("stats", "import", str(second))
        site.kofu("accounts", "create-staff", "later", "--ministry")
        assert site.snapshot() != before

        done = site.bash(doc_block(f"{kind}-restore"))
        assert done.returncode == 0, done.stdout + done.stderr
        assert "監査ログの検証に成功しました" in done.stdout
        after = site.snapshot()
        assert after == before
        # `kofu backup` (SQLite backup API, or pg_dump --format=custom) works on the restored site.
        site.kofu("backup", str(tmp_path / "kofu-cli.backup"))
        assert (tmp_path / "kofu-cli.backup").stat().st_size > 0


def test_kofu_backup_refuses_to_overwrite_and_restore_needs_yes(tmp_path):
    with new_site(tmp_path) as site:
        if site.is_postgres:
            pytest.skip("SQLite の確認（PostgreSQL は pg_dump の手順で確認）")
        site.kofu("init")
        target = tmp_path / "b.sqlite3"
        assert "検査 ok" in site.kofu("backup", str(target)).stdout
        again = site.kofu("backup", str(target), check=False)
        assert again.returncode != 0 and "上書きしません" in again.stderr
        refused = site.kofu("restore", str(target), check=False)
        assert refused.returncode != 0 and "--yes" in refused.stderr
        broken = tmp_path / "broken.sqlite3"
        broken.write_bytes(b"not a database" * 100)
        bad = site.kofu("restore", "--yes", str(broken), check=False)
        assert bad.returncode != 0 and "SQLite" in bad.stderr
