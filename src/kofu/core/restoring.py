"""``kofu restore``: put a backup in place, prove its logs, put the append-only triggers back.

1. The current database is kept aside (a backup into a temporary directory under
   ``KOFU_DATA_DIR``) so that a refused backup leaves everything as it was.
2. The backup is restored (:func:`kofu.core.backups.restore`); a backup of an older kofu is
   migrated first, as ``kofu init`` would.
3. Both logs are verified (:func:`kofu.accounts.verification.verify_logs`): every row's hash and
   number, the head, the triggers, and any checkpoints given (those later than the backup are
   notes: the backup ends before them).
4. A broken chain or missing triggers: the database kept aside goes back and the restore is
   refused — unless ``accept_broken`` says otherwise.
5. The triggers are installed again (whatever the backup held), an audit event records the
   restore (``backup.restore``, or ``backup.restore_unverified`` with the problems accepted) and
   each log's head is set to its last row (an accepted backup cut short had a head beyond it).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from kofu.accounts.audit import audit_record
from kofu.accounts.chains import CHAINS, last_link
from kofu.accounts.models import LogHead
from kofu.accounts.roles import System
from kofu.accounts.verification import Checkpoint, Report, verify_logs
from kofu.core import append_only
from kofu.core.backups import BackupError, BackupResult, backup, engine, restore, sqlite_counts

#: Problems named in the audit event of an accepted broken backup (the count is complete).
NAMED = 20


class RestoreRefused(BackupError):
    """The backup's logs do not verify; the database is as it was before."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(f"バックアップの監査ログ・アクセス記録に問題があります（{report.problem_count}件）")


@dataclass(frozen=True)
class RestoreOutcome:
    result: BackupResult
    report: Report
    migrated: bool
    accepted_broken: bool


def _keep_current(folder: Path) -> Path | None:
    """A backup of the database as it is now, or None when there is none yet (a new SQLite file)."""
    if engine() == "sqlite" and not Path(str(connection.settings_dict["NAME"])).is_file():
        return None
    kept = folder / ("previous.sqlite3" if engine() == "sqlite" else "previous.dump")
    backup(kept)
    return kept


def _put_back(previous: Path | None) -> None:
    if previous is not None:
        restore(previous)
        return
    connection.close()
    live = Path(str(connection.settings_dict["NAME"]))
    for path in (live, Path(f"{live}-wal"), Path(f"{live}-shm")):
        path.unlink(missing_ok=True)


def _migrate_if_behind() -> bool:
    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    call_command("migrate", interactive=False, verbosity=0)
    return True


def _record(path: Path, report: Report, migrated: bool) -> None:
    after: dict[str, object] = {
        "file": path.name,
        "migrated": migrated,
        "rows": {state.chain.name: state.rows for state in report.chains},
    }
    if not report.ok:
        after["problems"] = report.problem_count
        after["accepted"] = [str(problem)[:300] for problem in report.problems[:NAMED]]
    with transaction.atomic():
        append_only.install(connection)
        audit_record(
            actor=System("kofu restore"),
            action="backup.restore" if report.ok else "backup.restore_unverified",
            object_type="backup",
            object_id=path.name[:64],
            after=after,
        )
        _reset_heads()


def _reset_heads() -> None:
    """Each log's head is its last row again (after a backup cut short was accepted, it was not)."""
    for chain in CHAINS.values():
        seq, last = last_link(chain.model)
        if seq:
            LogHead.objects.update_or_create(chain=chain.name, defaults={"seq": seq, "hash": last})
        else:
            LogHead.objects.filter(chain=chain.name).delete()


def restore_verified(
    path: Path, *, accept_broken: bool = False, checkpoints: Iterable[Checkpoint] = ()
) -> RestoreOutcome:
    """Restore ``path`` as the module's text says; RestoreRefused leaves the database unchanged."""
    if not path.is_file():
        raise BackupError(f"{path} がありません")
    if engine() == "sqlite":
        sqlite_counts(path)  # a file that is no SQLite database is refused before anything is touched
    folder = Path(tempfile.mkdtemp(prefix="kofu-restore-", dir=settings.DATA_DIR))
    keep_folder = False
    try:
        previous = _keep_current(folder)
        report: Report | None = None
        try:
            result = restore(path)
            migrated = _migrate_if_behind()
            report = verify_logs(checkpoints, later_missing_ok=True)
        finally:
            if report is None or (not report.ok and not accept_broken):
                keep_folder = True
                _put_back(previous)  # on failure, the message below names the kept copy
                keep_folder = False
        if not report.ok and not accept_broken:
            raise RestoreRefused(report)
        _record(path, report, migrated)
        return RestoreOutcome(result, report, migrated, not report.ok)
    except Exception as exc:
        if keep_folder:
            raise BackupError(
                f"元のデータベースに戻せませんでした。元の内容は {folder} にあります: {exc}"
            ) from exc
        raise
    finally:
        if not keep_folder:
            shutil.rmtree(folder, ignore_errors=True)
