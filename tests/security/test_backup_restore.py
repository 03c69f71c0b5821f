"""Backup → restore loses nothing, running the exact steps written in docs/operations.md."""

from __future__ import annotations

import re

import pytest

from tests.security.sites import REPO, Site, issuance_files, new_site, require_pg_tools

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
        assert "削除防止トリガーを入れ直しました" in done.stdout
        after = site.snapshot()
        # The restore records itself in the audit log (its head and SQLite's id counter move too).
        logs = {"accounts_auditevent", "kofu_log_head", "sqlite_sequence"}
        assert {t: v for t, v in after.items() if t not in logs} == {
            t: v for t, v in before.items() if t not in logs
        }
        assert after["accounts_auditevent"][0] == before["accounts_auditevent"][0] + 1
        assert site.sql("SELECT action FROM accounts_auditevent ORDER BY seq DESC LIMIT 1") == [
            ("backup.restore",)
        ]
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


def attacker_cuts_the_audit_log(site: Site, rows: int) -> None:
    """Drop both logs' triggers and delete the audit log's last rows, straight in the database."""
    from kofu.core.append_only import LOGS, trigger_names

    drops = [
        f"DROP TRIGGER {name} ON {log.table}" if site.is_postgres else f"DROP TRIGGER {name}"
        for log in LOGS
        for name in trigger_names(log)
    ]
    cut = (
        "DELETE FROM accounts_auditevent WHERE id IN "
        f"(SELECT id FROM accounts_auditevent ORDER BY id DESC LIMIT {rows})"
    )
    site.sql(*drops, cut)


@pytest.mark.slow
def test_restore_refuses_a_backup_whose_log_was_cut_unless_told_and_then_says_so_loudly(tmp_path):
    with new_site(tmp_path) as site:
        if site.is_postgres:
            require_pg_tools()
        site.kofu("init")
        site.kofu("accounts", "create-ministry-admin", "soumu-admin")
        site.kofu("accounts", "create-staff", "later", "--ministry")
        good, bad = tmp_path / "good.backup", tmp_path / "bad.backup"
        site.kofu("backup", str(good))
        attacker_cuts_the_audit_log(site, 2)
        site.kofu("backup", str(bad))  # a backup taken after the attack: triggers gone, rows missing
        site.kofu("restore", "--yes", str(good))
        before = site.snapshot()

        refused = site.kofu("restore", "--yes", str(bad), check=False)
        assert refused.returncode != 0
        assert "監査ログ: トリガー accounts_auditevent_no_delete がありません" in refused.stderr
        assert "（最後の2行が削除されています）" in refused.stderr
        assert "復元しませんでした（データベースは元のままです）" in refused.stderr
        assert site.snapshot() == before

        accepted = site.kofu("restore", "--yes", "--accept-broken-logs", str(bad))
        assert (
            "警告: 監査ログ・アクセス記録の検証に失敗したバックアップを --accept-broken-logs により復元しました"
            in (accepted.stderr)
        )
        assert "警告: 監査ログ: 最後の行の記録では" in accepted.stderr
        assert "（最後の2行が削除されています）" in accepted.stderr
        last = site.sql("SELECT action, after FROM accounts_auditevent ORDER BY seq DESC LIMIT 1")[0]
        assert last[0] == "backup.restore_unverified" and "accounts_auditevent_no_delete" in str(last[1])
        # The triggers are back: the database refuses the same attack now.
        refused_delete = site.sql_error("DELETE FROM accounts_auditevent")
        assert "監査ログは追記のみです" in refused_delete
        assert "監査ログの検証に成功しました" in site.kofu("audit", "verify").stdout


@pytest.mark.slow
def test_restore_checks_the_backup_against_kept_checkpoints(tmp_path):
    """A checkpoint taken before the backup must match it; one taken after it is only a note."""
    with new_site(tmp_path) as site:
        if site.is_postgres:
            require_pg_tools()
        site.kofu("init")
        site.kofu("accounts", "create-ministry-admin", "soumu-admin")
        kept = tmp_path / "kept.log"
        site.kofu("audit", "checkpoint", "--append", str(kept))
        backup = tmp_path / "b.backup"
        site.kofu("backup", str(backup))
        site.kofu("accounts", "create-staff", "later", "--ministry")
        site.kofu("audit", "checkpoint", "--append", str(kept))
        done = site.kofu("restore", "--yes", "--checkpoint", str(kept), str(backup))
        assert "チェックポイント 2件" in done.stdout
        assert "より後です" in done.stdout  # the second checkpoint is later than the backup
