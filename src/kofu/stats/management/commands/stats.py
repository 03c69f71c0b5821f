"""``kofu stats``: import issuance files and print the published tables."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

TABLE_CHOICES = [
    "categories",
    "prefectures",
    "top10-cities",
    "top10-towns",
    "special-wards",
    "designated-cities",
    "core-cities",
    "municipalities",
]


class Command(BaseCommand):
    help = (
        "交付状況統計：ファイルの取込と集計表の出力。 / Issuance statistics: import files, print tables.\n"
        "  kofu stats import FILE…   市区町村別交付枚数ファイル（CSV/XLSX/PDF）を取り込む\n"
        "  kofu stats table TABLE --as-of YYYY-MM-DD --format csv   集計表を出力する"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,table,snapshots}")
        imp = sub.add_parser(
            "import",
            help="交付枚数ファイル（CSV/XLSX/PDF）を取り込む / import issuance files",
            description=(
                "市区町村別・都道府県別・団体区分別の交付枚数ファイル（総務省の公表形式の CSV・XLSX・PDF）を"
                "取り込みます。1ファイル1トランザクションで、誤りのあるファイルは何も変更しません。"
                "複数のファイルは順に取り込み、最初に誤りのあったファイルで止まって終了コード1を返します"
                "（それより前のファイルは取込済み、後のファイルは取り込みません）。 / Files are imported in order, "
                "each in its own transaction; the first refused file stops the run with a non-zero exit."
            ),
        )
        imp.add_argument("files", nargs="+", metavar="FILE", help="取り込むファイル（複数可）")
        imp.add_argument(
            "--allow",
            action="store_true",
            help="交付枚数が人口を超える行をエラーではなく警告として取り込む / accept issued > population",
        )
        imp.add_argument("--as-of", dest="as_of", help="交付枚数基準日（ファイルに記載がない場合）YYYY-MM-DD")
        imp.add_argument(
            "--population-base",
            dest="population_base",
            help="人口算出基準日（ファイルに記載がない場合）YYYY-MM-DD",
        )
        imp.add_argument("--replace", action="store_true", help="同じ基準日の取込済みデータを置き換える")

        tab = sub.add_parser(
            "table",
            help="集計表を出力する / print a table",
            description="公表資料と同じ集計表を出力します。CSV は標準出力へ、XLSX は -o のファイルへ。",
        )
        tab.add_argument("table", choices=TABLE_CHOICES, metavar="TABLE", help=" / ".join(TABLE_CHOICES))
        tab.add_argument("--as-of", dest="as_of", required=True, help="交付枚数基準日 YYYY-MM-DD")
        tab.add_argument(
            "--grouping",
            default=None,
            help="団体区分のまとめ方（categories 用）: wards-separate（既定）/ wards-with-cities",
        )
        tab.add_argument(
            "--prefecture", default=None, help="municipalities 用: 都道府県名で絞り込む（例: 宮崎県）"
        )
        tab.add_argument(
            "--category",
            default=None,
            help="municipalities 用: 団体区分で絞り込む（指定都市/特別区/中核市/その他の市/町/村）",
        )
        tab.add_argument(
            "--format", dest="fmt", choices=["csv", "xlsx"], default="csv", help="出力形式（既定 csv）"
        )
        tab.add_argument("-o", "--output", default=None, help="出力ファイル（xlsx では必須）")

        sub.add_parser("snapshots", help="取込済みの時点を一覧する / list imported snapshots")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            from kofu.stats.importing.command import run_import

            run_import(self, options)
        elif action == "table":
            from kofu.stats.tables.command import run_table

            run_table(self, options)
        else:
            from kofu.stats.tables.command import run_snapshots

            run_snapshots(self)
