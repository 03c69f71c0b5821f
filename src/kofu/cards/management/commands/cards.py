"""``kofu cards``: import J-LIS delivery files and application lists, print the backlog, purge
personal data after the retention period, list renewals (an export of personal data)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kofu.accounts.roles import System
from kofu.cards import importing, selectors
from kofu.cards.management.commands._lifecycle import add_lifecycle_parsers, run_lifecycle
from kofu.core import spreadsheet
from kofu.core.command_options import date_option, municipality_option
from kofu.registry.models import Municipality

#: Who the card histories and the audit log show for this command's imports.
ACTOR = System("kofu cards")


class Command(BaseCommand):
    help = (
        "カードの交付事務：J-LIS納品ファイル・申請一覧の取込、滞留状況の出力。 / "
        "Card pipeline: import delivery files and application lists, print the backlog.\n"
        "  kofu cards import-delivery FILE --municipality CODE\n"
        "  kofu cards import-applications FILE --municipality CODE\n"
        "  kofu cards backlog --municipality CODE --as-of YYYY-MM-DD --format csv\n"
        "  kofu cards purge [--as-of YYYY-MM-DD] [--execute]   保存期間を過ぎた個人情報の削除（既定は確認だけ）\n"
        "  kofu cards renewals --municipality CODE --from YYYY-MM-DD --until YYYY-MM-DD\n"
        "                      [--kind card|certificate] --format csv --purpose CODE [--purpose-text TEXT]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action",
            required=True,
            metavar="{import-delivery,import-applications,backlog,purge,renewals}",
        )
        for name, text in (
            (
                "import-delivery",
                "J-LIS納品ファイル（CSV、UTF-8 または Shift_JIS）を取り込む（納品番号ごとに1トランザクション、取込済みの納品は飛ばす）",
            ),
            ("import-applications", "申請受付の一覧（CSV）を取り込む（ファイル全体で1トランザクション）"),
        ):
            imp = sub.add_parser(name, help=text, description=text + " / see docs/data-formats.md")
            imp.add_argument("file", metavar="FILE")
            imp.add_argument("--municipality", required=True, metavar="CODE", help="団体コード（6桁）")
            imp.add_argument("--quiet", action="store_true", help="進捗を表示しない / no progress bar")
        bl = sub.add_parser(
            "backlog", help="滞留状況（段階ごとの枚数・最長日数・中央値）を出力する / print the backlog"
        )
        bl.add_argument("--municipality", required=True, metavar="CODE")
        bl.add_argument("--as-of", dest="as_of", required=True, help="基準日 YYYY-MM-DD")
        bl.add_argument("--format", dest="fmt", choices=["csv"], default="csv")
        add_lifecycle_parsers(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action in ("purge", "renewals"):
            run_lifecycle(self, options)
            return
        municipality = municipality_option(options["municipality"])
        if action == "backlog":
            as_of = date_option(options["as_of"], "--as-of")
            writer = spreadsheet.csv_writer(self.stdout, lineterminator="\n")
            writer.writerow(["stage", "count", "oldest_days", "median_days"])
            for row in selectors.backlog(municipality, as_of):
                median = "" if row.median_days is None else f"{row.median_days:g}"
                oldest = "" if row.oldest_days is None else row.oldest_days
                writer.writerow([row.state, row.count, oldest, median])
            return
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"ファイルがありません: {path}")
        function = importing.import_delivery if action == "import-delivery" else importing.import_applications
        try:
            result = self._run(function, path, municipality, quiet=options["quiet"])
        except importing.CardImportError as exc:
            raise CommandError(
                "取り込めませんでした（何も変更していない納品・ファイル）:\n" + "\n".join(exc.lines())
            ) from exc
        self.stdout.write(
            f"{path.name}: {result.rows}行、新規 {result.created}件、更新 {result.updated}件"
            + (
                f"、取込済みのため飛ばした納品 {', '.join(result.skipped_batches)}"
                if result.skipped_batches
                else ""
            )
        )

    def _run(
        self, function: Any, path: Path, municipality: Municipality, *, quiet: bool
    ) -> importing.ImportResult:
        if quiet or not self.stderr.isatty() and os.environ.get("KOFU_PROGRESS") != "1":
            return function(path, municipality=municipality, actor=ACTOR)
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

        columns = (
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=Console(stderr=True)) as bar:
            task = bar.add_task(path.name, total=path.stat().st_size)
            return function(
                path, municipality=municipality, actor=ACTOR, progress=lambda n: bar.advance(task, n)
            )
