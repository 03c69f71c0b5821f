"""``kofu stats import-convenience FILE`` and ``kofu stats table convenience-stores``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kofu.accounts.roles import System
from kofu.stats.convenience.importing import ImportRefused, convenience_import_file
from kofu.stats.convenience.output import write_csv, write_xlsx
from kofu.stats.convenience.tables import ConvenienceError, participation_table


def run_import_convenience(command: BaseCommand, options: dict[str, Any]) -> None:
    path = Path(options["file"])
    try:
        report = convenience_import_file(path=path, actor=System("kofu stats import-convenience"))
    except ImportRefused as refused:
        for line in refused.lines():
            command.stderr.write(line)
        raise CommandError(
            f"{path.name} を取り込めませんでした（このファイルは何も変更していません）"
        ) from refused
    replaced = f"（取込済みの {report.removed} 団体を置換）" if report.removed else ""
    command.stdout.write(f"{report.file_name}: {report.layout_title} {report.rows:,}行を取込{replaced}")


def run_convenience_table(command: BaseCommand, options: dict[str, Any], as_of: dt.date) -> None:
    try:
        table = participation_table(as_of)
    except ConvenienceError as exc:
        raise CommandError(str(exc)) from None
    output = options.get("output")
    if options["fmt"] == "xlsx":
        if not output:
            raise CommandError("--format xlsx には出力ファイル -o FILE が必要です")
        write_xlsx(table, Path(output))
    elif output:
        with Path(output).open("w", encoding="utf-8", newline="") as handle:
            write_csv(table, handle)
    else:
        write_csv(table, command.stdout)
        return
    command.stderr.write(f"{output} に書き出しました（{len(table.rows) + 1}行）")
