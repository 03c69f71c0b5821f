"""``kofu audit verify|checkpoint`` (the hash-chained logs) and ``kofu audit accesses`` (the access log)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, DjangoHelpFormatter

from kofu.accounts.verification import (
    Checkpoint,
    CheckpointError,
    Report,
    checkpoint_line,
    parse_checkpoints,
    verify_logs,
)
from kofu.cards.access_log import ACCESS_COLUMNS, access_rows
from kofu.core import spreadsheet
from kofu.core.command_options import date_option, municipality_option


class ExamplesHelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's help layout, with the description's line breaks kept."""


#: Problems printed at most (the count in the last line is complete).
SHOWN = 50


def read_checkpoints(files: list[str]) -> list[Checkpoint]:
    """The checkpoints kept in ``files`` (``-``: standard input); CommandError naming file and line."""
    points: list[Checkpoint] = []
    for name in files:
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"チェックポイントのファイル {name} を読めません: {exc}") from exc
        try:
            found = parse_checkpoints(text, name)
        except CheckpointError as exc:
            raise CommandError(str(exc)) from exc
        if not found:
            raise CommandError(f"{name} にチェックポイント（kofu-checkpoint で始まる行）がありません")
        points += found
    return points


def summary(report: Report) -> str:
    logs = "・".join(f"{state.chain.label} {state.rows:,}行" for state in report.chains)
    return f"{logs}、削除防止トリガーあり、チェックポイント {report.checkpoints}件"


class Command(BaseCommand):
    help = (
        "監査ログ・アクセス記録の検証とチェックポイント、アクセス記録の出力。\n"
        "Verify the hash-chained logs, print a checkpoint, print the access log.\n"
        "例 / examples:\n"
        "  kofu audit verify\n"
        "  kofu audit verify --checkpoint /mnt/offhost/kofu-checkpoints.log\n"
        "  kofu audit checkpoint | logger -t kofu-checkpoint\n"
        "  kofu audit checkpoint --append /mnt/offhost/kofu-checkpoints.log\n"
        "  kofu audit accesses --municipality CODE [--since YYYY-MM-DD] [--until YYYY-MM-DD]"
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", ExamplesHelpFormatter)  # the examples one per line
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify,checkpoint,accesses}")
        verify = sub.add_parser(
            "verify",
            help="監査ログとアクセス記録の改ざん・削除を全行で検証する / check every row of both logs",
            description=(
                "各行のハッシュと通し番号、最後の行の記録、削除防止トリガー、指定したチェックポイントを確かめます。"
                " / Checks every row's hash and number, the head, the triggers and the checkpoints given."
            ),
        )
        verify.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="kofu audit checkpoint の出力を保管したファイル（複数可、- は標準入力） / kept checkpoints",
        )
        point = sub.add_parser(
            "checkpoint",
            help="両方の記録の最後の通し番号とハッシュを1行で出力する（サーバの外に保管） / print the heads",
            description=(
                "出力した行はサーバの外（別のサーバの syslog など）に保管し、kofu audit verify --checkpoint で照合します。"
                " / Keep the line off the host; verify with kofu audit verify --checkpoint."
            ),
        )
        point.add_argument(
            "--append", metavar="FILE", help="この行をファイルの末尾にも追記する / also append"
        )
        acc = sub.add_parser(
            "accesses",
            help="住民記録のアクセス記録を CSV で出力する（個人情報は含みません） / the access log as CSV",
            description=(
                "列: at_utc,application_id,action,purpose,organisation,role,user,source_ip。"
                "日付は日本時間の日（両端を含む）。"
            ),
        )
        acc.add_argument("--municipality", required=True, help="団体コード（6桁）")
        acc.add_argument("--since", help="この日から（YYYY-MM-DD）")
        acc.add_argument("--until", help="この日まで（YYYY-MM-DD）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "accesses":
            self._accesses(options)
        elif options["action"] == "checkpoint":
            self._checkpoint(options["append"])
        else:
            self._verify(read_checkpoints(options["checkpoint"]))

    def _verify(self, checkpoints: list[Checkpoint]) -> None:
        report = verify_logs(checkpoints)
        if not report.ok:
            for problem in report.problems[:SHOWN]:
                self.stderr.write(str(problem))
            raise CommandError(f"監査ログの検証に失敗しました（{report.problem_count}件）")
        self.stdout.write(f"監査ログの検証に成功しました（{summary(report)}）")
        if not checkpoints:
            self.stdout.write(
                "注: チェックポイントを指定していません。最後の行の削除は、削除防止トリガーと最後の行の記録でのみ"
                "確かめました（サーバの外に保管したチェックポイントは --checkpoint FILE で照合します）"
            )

    def _checkpoint(self, append: str | None) -> None:
        try:
            line = checkpoint_line()
        except CheckpointError as exc:
            raise CommandError(f"チェックポイントを出力しません:\n{exc}") from exc
        if append:
            try:
                with open(append, "a", encoding="utf-8") as kept:
                    kept.write(line + "\n")
            except OSError as exc:
                raise CommandError(f"{append} に追記できません: {exc}") from exc
        self.stdout.write(line)

    def _accesses(self, options: dict[str, Any]) -> None:
        municipality = municipality_option(options["municipality"])
        since, until = date_option(options["since"], "--since"), date_option(options["until"], "--until")
        if since and until and since > until:
            raise CommandError("--since は --until 以前の日付にしてください")
        writer = spreadsheet.csv_writer(self.stdout, lineterminator="\n")
        writer.writerow(ACCESS_COLUMNS)
        writer.writerows(access_rows(municipality.pk, since, until))
