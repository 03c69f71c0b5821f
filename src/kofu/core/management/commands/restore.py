"""``kofu restore --yes FILE``: replace the database with a backup, verify its logs, re-arm the triggers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kofu.accounts.management.commands.audit import SHOWN, ExamplesHelpFormatter, read_checkpoints, summary
from kofu.core.backups import BackupError
from kofu.core.restoring import RestoreOutcome, RestoreRefused, restore_verified

ACCEPT = "--accept-broken-logs"


class Command(BaseCommand):
    help = (
        "バックアップ FILE からデータベースを復元し、監査ログ・アクセス記録を検証して削除防止トリガーを入れ直します\n"
        "（現在の内容は置き換わります。先に kofu を停止してください）。記録が壊れたバックアップは、\n"
        f"{ACCEPT} を付けない限り復元しません。\n"
        "Restore the database from the backup FILE, verify both logs and reinstall their append-only\n"
        f"triggers (stop kofu first); a backup whose logs are broken is refused unless {ACCEPT} is given.\n"
        "例 / examples:\n"
        "  kofu restore --yes /backup/kofu-2026-11-30-020000.sqlite3\n"
        "  kofu restore --yes /backup/kofu-2026-11-30-020000.dump --checkpoint /mnt/offhost/kofu-checkpoints.log\n"
        f"  kofu restore --yes {ACCEPT} /backup/kofu-2026-11-30-020000.sqlite3"
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", ExamplesHelpFormatter)  # the examples one per line
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="kofu backup（または pg_dump -Fc）で作ったファイル")
        parser.add_argument(
            "--yes", action="store_true", help="確認なしで置き換える（必須） / confirm replacing the database"
        )
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="保管したチェックポイントとも照合する（バックアップより後のものは対象外） / kept checkpoints",
        )
        parser.add_argument(
            ACCEPT,
            action="store_true",
            dest="accept_broken",
            help="記録の検証に失敗しても復元する（警告を出し、監査ログに残します） / restore a broken backup anyway",
        )

    def handle(self, *args: Any, file: str, yes: bool, **options: Any) -> None:
        if not yes:
            raise CommandError("現在のデータベースを置き換えます。よければ --yes を付けて実行してください")
        checkpoints = read_checkpoints(options["checkpoint"])
        try:
            outcome = restore_verified(
                Path(file), accept_broken=options["accept_broken"], checkpoints=checkpoints
            )
        except RestoreRefused as exc:
            for problem in exc.report.problems[:SHOWN]:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{exc}。復元しませんでした（データベースは元のままです）。"
                f"このバックアップを承知の上で使うときは {ACCEPT} を付けてください"
            ) from exc
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self._report(outcome)

    def _report(self, outcome: RestoreOutcome) -> None:
        result, report = outcome.result, outcome.report
        detail = f"{result.tables}表・{result.rows:,}行" if result.engine == "sqlite" else "pg_restore"
        for note in report.notes:
            self.stdout.write(f"注: {note}")
        if outcome.migrated:
            self.stdout.write("バックアップは以前の版の kofu のものでした。データベースを移行しました")
        if outcome.accepted_broken:
            self.stderr.write(
                f"警告: 監査ログ・アクセス記録の検証に失敗したバックアップを {ACCEPT} により復元しました"
            )
            for problem in report.problems[:SHOWN]:
                self.stderr.write(f"警告: {problem}")
            self.stderr.write(
                f"警告: 問題 {report.problem_count}件。監査ログに backup.restore_unverified として記録しました。"
                "削除防止トリガーは入れ直しました"
            )
            self.stdout.write(f"{result.path} から復元しました（{detail}）。記録の検証には失敗しています")
            return
        self.stdout.write(
            f"{result.path} から復元しました（{detail}）。監査ログの検証に成功しました（{summary(report)}）。"
            "削除防止トリガーを入れ直しました"
        )
