"""``kofu baseamounts``: the general 基準額 per municipality, as the ministry notifies it."""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from kofu.accounts.roles import System
from kofu.core import spreadsheet
from kofu.core.command_options import ExamplesKeptAsWritten, municipality_option
from kofu.core.tabular import ImportRefused
from kofu.subsidies.base_amounts import frames_for, general_base_set, general_bases_import
from kofu.subsidies.models import GeneralBaseAmount

ACTOR = System("kofu baseamounts")


class Command(ExamplesKeptAsWritten):
    help = (
        "団体ごとの基準額（総務省からお知らせする額、資料000・資料004 p.12–13）の登録と一覧。"
        "実績報告の「基準額の枠内」はこの額までです。概算交付見込額は交付円滑化計画の値を読みます。"
        " / The general base amount per municipality: set, import a list, list (CSV).\n"
        "  kofu baseamounts set --municipality 452025 --fiscal-year 2021 --amount 12000000\n"
        "  kofu baseamounts import FILE.csv --fiscal-year 2021   （見出し: 団体コード,基準額）\n"
        "  kofu baseamounts list --fiscal-year 2021"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        one = sub.add_parser("set", help="1団体の基準額を登録する / set one municipality's base amount")
        one.add_argument("--municipality", required=True, metavar="CODE", help="団体コード（6桁）")
        one.add_argument("--fiscal-year", type=int, required=True, metavar="YYYY", help="年度（4月始まり）")
        one.add_argument("--amount", type=int, required=True, metavar="YEN", help="基準額（円）")
        one.add_argument("--note", default="", help="備考（任意）")
        many = sub.add_parser("import", help="基準額の一覧（CSV/XLSX）を取り込む / import a list")
        many.add_argument("file", metavar="FILE", help="見出し「団体コード,基準額」の CSV または XLSX")
        many.add_argument("--fiscal-year", type=int, required=True, metavar="YYYY", help="年度（4月始まり）")
        listing = sub.add_parser("list", help="基準額と概算交付見込額を一覧する（CSV）/ list as CSV")
        listing.add_argument(
            "--fiscal-year", type=int, required=True, metavar="YYYY", help="年度（4月始まり）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["fiscal_year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"年度は西暦（例: 2021）で指定してください: {year}")
        try:
            if options["action"] == "set":
                municipality = municipality_option(options["municipality"])
                general_base_set(
                    municipality=municipality, fiscal_year=year, amount=options["amount"],
                    note=options["note"], actor=ACTOR,
                )  # fmt: skip
                self.stdout.write(
                    f"{municipality.full_name} {year}年度 基準額 {options['amount']:,}円を登録しました"
                )
            elif options["action"] == "import":
                count = general_bases_import(source=options["file"], fiscal_year=year, actor=ACTOR)
                self.stdout.write(f"{count}団体の{year}年度の基準額を登録しました")
            else:
                self._list(year)
        except ImportRefused as refused:
            raise CommandError("取り込めませんでした:\n" + "\n".join(refused.lines())) from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None

    def _list(self, year: int) -> None:
        rows = GeneralBaseAmount.objects.filter(fiscal_year=year).select_related("municipality__prefecture")
        frames = frames_for(year)
        out = io.StringIO()
        writer = spreadsheet.csv_writer(out, lineterminator="\n")
        writer.writerow(["code", "name", "fiscal_year", "general_base", "estimated_grant"])
        for row in rows.order_by("municipality__code"):
            grant = frames.grant(row.municipality_id)
            writer.writerow(
                [
                    row.municipality.code,
                    row.municipality.full_name,
                    year,
                    row.amount,
                    "" if grant is None else grant,
                ]
            )
        self.stdout.write(out.getvalue(), ending="")
