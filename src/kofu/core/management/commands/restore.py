"""``kofu restore --yes FILE``: replace the database with a backup made by ``kofu backup``/pg_dump."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kofu.core.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "バックアップ FILE からデータベースを復元します（現在の内容は置き換わります。先に kofu を停止してください）。"
        " / Restore the database from the backup FILE (replaces the current contents; stop kofu first)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="kofu backup（または pg_dump -Fc）で作ったファイル")
        parser.add_argument(
            "--yes", action="store_true", help="確認なしで置き換える（必須） / confirm replacing the database"
        )

    def handle(self, *args: Any, file: str, yes: bool, **options: Any) -> None:
        if not yes:
            raise CommandError("現在のデータベースを置き換えます。よければ --yes を付けて実行してください")
        try:
            result = restore(Path(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        detail = f"{result.tables}表・{result.rows:,}行" if result.engine == "sqlite" else "pg_restore"
        self.stdout.write(
            f"{result.path} から復元しました（{detail}）。kofu audit verify で監査ログを確認してください"
        )
