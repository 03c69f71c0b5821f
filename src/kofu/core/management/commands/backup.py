"""``kofu backup FILE``: a consistent copy of the database (SQLite backup API or pg_dump -Fc)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kofu.core.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "データベースのバックアップを FILE に書き出します（稼働中でも一貫した複製。SQLite はオンラインバックアップ、"
        "PostgreSQL は pg_dump --format=custom）。 / Write a consistent backup of the database to FILE "
        "(SQLite online backup API, or pg_dump --format=custom for PostgreSQL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="書き出すファイル（既存のファイルは上書きしません）")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            result = backup(Path(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if result.engine == "sqlite":
            self.stdout.write(
                f"{result.path} にバックアップしました（SQLite、{result.tables}表・{result.rows:,}行、検査 ok）"
            )
        else:
            self.stdout.write(f"{result.path} にバックアップしました（PostgreSQL、pg_dump --format=custom）")
