"""``kofu grants``: the card-issuance conditions of the デジタル田園都市国家構想交付金."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kofu.accounts.roles import System
from kofu.core.command_options import date_argument
from kofu.rules.grants import GrantError
from kofu.subsidies.exports import grants_csv
from kofu.subsidies.models import GoalDeclaration
from kofu.subsidies.selectors import SnapshotProblem, database_ready, grant_check
from kofu.subsidies.services import SubsidyInputError, goal_declaration_record, goal_declaration_withdraw

#: Who the audit log shows for this command's changes.
ACTOR = System("kofu grants")


class Command(BaseCommand):
    help = (
        "デジタル田園都市国家構想交付金：先進的な取組のタイプの申請条件（交付率が全国平均以上かつ"
        "全住民への交付を目標として表明）の確認。 / Digital Garden City grant: check the conditions of "
        "the advanced types (rate at or above the national average and a declared goal).\n"
        "  kofu grants check --as-of YYYY-MM-DD --format csv   全市区町村の判定\n"
        "  kofu grants declare CODE… --on YYYY-MM-DD           目標の表明を記録する"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{check,declare,withdraw,declared}")
        check = sub.add_parser(
            "check",
            help="全市区町村の申請条件を CSV で出力する / print every municipality's eligibility as CSV",
            description=(
                "取込済みの時点（全市区町村分）について、code,name,rate,national_average,eligible,"
                "cards_needed を出力します。rate と national_average は交付率（%、小数1位）、比較は"
                "端数のない正確な比で行います。eligible は交付率が全国平均以上かつ目標を表明済みなら "
                "true。cards_needed は全国平均に届くまでに必要な交付枚数（平均以上なら空欄）。 / "
                "For a complete imported snapshot, prints each municipality's rate, the national "
                "average (percent, one decimal; compared as exact ratios), eligible (true when the rate "
                "is at or above the average and the goal is declared) and the cards still needed to "
                "reach the average (empty when reached)."
            ),
        )
        check.add_argument(
            "--as-of", dest="as_of", type=date_argument, required=True, help="交付枚数基準日 YYYY-MM-DD"
        )
        check.add_argument(
            "--declared-by",
            dest="declared_by",
            type=date_argument,
            default=None,
            help="この日までに表明した目標だけを数える（既定: 記録済みのすべて） / count goals declared by",
        )
        check.add_argument("--format", dest="fmt", choices=["csv"], default="csv", help="出力形式（csv）")
        check.add_argument(
            "-o", "--output", default=None, help="出力ファイル（既定: 標準出力） / output file"
        )

        declare = sub.add_parser(
            "declare",
            help="全住民への交付目標の表明を記録する / record that municipalities declared the goal",
        )
        declare.add_argument("codes", nargs="+", metavar="CODE", help="団体コード（6桁または5桁）")
        declare.add_argument(
            "--on", dest="declared_on", type=date_argument, required=True, help="表明した日 YYYY-MM-DD"
        )
        declare.add_argument("--note", default="", help="備考（根拠資料など）")

        withdraw = sub.add_parser(
            "withdraw", help="目標の表明の記録を削除する / remove recorded goal declarations"
        )
        withdraw.add_argument("codes", nargs="+", metavar="CODE", help="団体コード")

        sub.add_parser("declared", help="目標を表明した団体を一覧する / list recorded declarations")

    def handle(self, *args: Any, **options: Any) -> None:
        if not database_ready():
            raise CommandError("データベースが初期化されていません。先に kofu init を実行してください")
        action = options["action"]
        if action == "check":
            self.check_grants(options)
        elif action == "declare":
            self.declare(options)
        elif action == "withdraw":
            self.withdraw(options)
        else:
            self.declared()

    def check_grants(self, options: dict[str, Any]) -> None:
        try:
            result = grant_check(as_of=options["as_of"], declared_by=options["declared_by"])
        except (SnapshotProblem, GrantError) as exc:
            raise CommandError(str(exc)) from None
        if options["output"]:
            path = Path(options["output"])
            with path.open("w", encoding="utf-8", newline="") as handle:
                _write_check(result.rows, handle)
            self.stderr.write(f"{path} に書き出しました（{len(result.rows)}行）")
        else:
            _write_check(result.rows, self.stdout)
        eligible = sum(1 for row in result.rows if row.assessment.eligible)
        meets = sum(1 for row in result.rows if row.assessment.meets_rate)
        self.stderr.write(
            f"{result.as_of:%Y-%m-%d}: 全国平均 {result.average.rate}%"
            f"（{result.average.issued:,}／{result.average.population:,}）、"
            f"平均以上 {meets:,}団体、申請条件を満たす {eligible:,}団体（{len(result.rows):,}団体中）"
        )

    def declare(self, options: dict[str, Any]) -> None:
        for code in options["codes"]:
            try:
                declaration = goal_declaration_record(
                    code=code, declared_on=options["declared_on"], note=options["note"], actor=ACTOR
                )
            except SubsidyInputError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"{declaration.municipality.code} {declaration}")

    def withdraw(self, options: dict[str, Any]) -> None:
        for code in options["codes"]:
            try:
                removed = goal_declaration_withdraw(code=code, actor=ACTOR)
            except SubsidyInputError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"{code}: {'削除しました' if removed else '記録がありません'}")

    def declared(self) -> None:
        declarations = GoalDeclaration.objects.select_related("municipality__prefecture")
        if not declarations:
            self.stdout.write(
                "記録された目標の表明はありません。kofu grants declare CODE --on YYYY-MM-DD で記録します。"
            )
        for declaration in declarations:
            note = f"　{declaration.note}" if declaration.note else ""
            self.stdout.write(f"{declaration.municipality.code} {declaration}{note}")


def _write_check(rows: list[Any], out: IO[str]) -> None:
    grants_csv(rows, out)
