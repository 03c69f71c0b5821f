"""``kofu stats``: import issuance files and print the published tables and series."""

from __future__ import annotations

import argparse
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
    "convenience-stores",
    "ages",
]
EXAMPLES = """例 / examples:
  kofu stats import all_localgovs.csv all_prefectures.csv
  kofu stats table prefectures --as-of 2022-01-01 --format csv
  kofu stats table categories --as-of 2022-10-31 --grouping wards-separate
  kofu stats table municipalities --as-of 2022-01-01 --prefecture 宮崎県 --format xlsx -o miyazaki.xlsx
  kofu stats table convenience-stores --as-of 2022-01-01 --format csv
  kofu stats import demographics.csv
  kofu stats table ages --as-of 2022-09-30 --format csv
  kofu stats series --national --format csv
  kofu stats series --prefecture 45 --format xlsx -o miyazaki-series.xlsx
  kofu stats series --municipality 452025
  kofu stats import-convenience convenience_participation.csv
  kofu stats snapshots"""


class Command(BaseCommand):
    help = (
        "交付状況統計：ファイルの取込、集計表・推移の出力。 / Issuance statistics: import files, print tables and series.\n"
        "  kofu stats import FILE…   交付枚数・保有枚数のファイル（CSV/XLSX/PDF、公表用ワークブック、男女・年齢別）を取り込む\n"
        "  kofu stats table TABLE --as-of YYYY-MM-DD --format csv   集計表を出力する\n"
        "  kofu stats series --national|--prefecture CODE|--municipality CODE   推移を出力する\n"
        "  kofu stats import-convenience FILE   コンビニ交付の参加団体・年度別通数を取り込む\n"
        "  kofu stats snapshots   取込済みの時点を一覧する\n\n" + EXAMPLES
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{import,table,series,import-convenience,snapshots}"
        )
        raw = argparse.RawDescriptionHelpFormatter
        imp = sub.add_parser(
            "import",
            help="交付枚数ファイル（CSV/XLSX/PDF）を取り込む / import issuance files",
            formatter_class=raw,
            description=(
                "市区町村別・都道府県別・団体区分別の交付枚数ファイル（総務省の公表形式の CSV・XLSX・PDF）、"
                "保有枚数の公表用ワークブック（シート「公表用」）、男女・年齢別の表（demographics.csv）を"
                "取り込みます。1ファイル1トランザクションで、誤りのあるファイルは何も変更しません。"
                "複数のファイルは順に取り込み、最初に誤りのあったファイルで止まって終了コード1を返します"
                "（それより前のファイルは取込済み、後のファイルは取り込みません）。\n"
                "Files are imported in order, each in its own transaction; the first refused file stops the run "
                "with a non-zero exit.\n\n"
                "例 / examples:\n  kofu stats import all_localgovs.csv\n"
                "  kofu stats import --replace all_localgovs.csv\n"
                "  kofu stats import hoyu_R7-08.xlsx\n"
                "  kofu stats import demographics.csv\n"
                "  kofu stats import --as-of 2022-01-01 --population-base 2021-01-01 table.xlsx"
            ),
        )
        imp.add_argument(
            "files", nargs="+", metavar="FILE", help="取り込むファイル（複数可） / files to import"
        )
        imp.add_argument(
            "--allow",
            action="store_true",
            help="交付枚数が人口を超える行をエラーではなく警告として取り込む / accept issued > population",
        )
        imp.add_argument(
            "--as-of",
            dest="as_of",
            help="交付枚数基準日（ファイルに記載がない場合）YYYY-MM-DD / issuance date when the file lacks it",
        )
        imp.add_argument(
            "--population-base",
            dest="population_base",
            help="人口算出基準日（ファイルに記載がない場合）YYYY-MM-DD / population base date when the file lacks it",
        )
        imp.add_argument(
            "--replace",
            action="store_true",
            help="同じ基準日の取込済みデータを置き換える / replace the figures already imported for that date",
        )
        self._table_parser(sub, raw)
        self._series_parser(sub, raw)
        conv = sub.add_parser(
            "import-convenience",
            help="コンビニ交付の参加団体・年度別通数を取り込む / import convenience-store participation or volumes",
            formatter_class=raw,
            description=(
                "コンビニ交付の参加団体の一覧（団体コード・参加日）または年度別交付通数（年度・種別・通数）の"
                "CSV/XLSX を取り込みます。見出しで種類を判別し、1ファイル1トランザクションです。"
                "参加団体の一覧は、取込済みの一覧を置き換えます。\n"
                "Imports the list of participating municipalities (code, date joined) or the yearly volumes; "
                "one transaction per file; a participation list replaces the list held.\n\n"
                "例 / examples:\n  kofu stats import-convenience participation.csv\n"
                "  kofu stats import-convenience volumes.csv"
            ),
        )
        conv.add_argument("file", metavar="FILE", help="取り込むファイル / the file to import")
        sub.add_parser(
            "snapshots",
            help="取込済みの時点を一覧する（基準日・人口算出基準日・交付/保有） / list imported snapshots",
        )

    def _table_parser(self, sub: Any, raw: type[argparse.HelpFormatter]) -> None:
        tab = sub.add_parser(
            "table",
            help="集計表を出力する / print a table",
            formatter_class=raw,
            description=(
                "公表資料と同じ集計表を出力します。CSV は標準出力へ、XLSX は -o のファイルへ。CSV の列は "
                "rank,name,population,issued,rate,mark（保有枚数の時点は issued が held、mark は全国平均以下の ※）。"
                "convenience-stores は name,participating,municipalities,rate（47都道府県と全国）。"
                "ages は age,sex,population,issued,rate（男女・年齢別、sex は male/female/total、"
                "age は公表の表記、保有枚数の時点は issued が held）。\n"
                "Prints a published table; CSV to standard output, XLSX to the -o file.\n\n"
                "例 / examples:\n  kofu stats table prefectures --as-of 2022-01-01\n"
                "  kofu stats table categories --as-of 2022-10-31 --grouping wards-separate\n"
                "  kofu stats table convenience-stores --as-of 2022-01-01 --format csv\n"
                "  kofu stats table ages --as-of 2022-09-30 --format csv"
            ),
        )
        tab.add_argument("table", choices=TABLE_CHOICES, metavar="TABLE", help=" / ".join(TABLE_CHOICES))
        tab.add_argument(
            "--as-of",
            dest="as_of",
            required=True,
            help="基準日 YYYY-MM-DD / the snapshot's date (issued or held)",
        )
        tab.add_argument(
            "--grouping",
            default=None,
            help=(
                "団体区分のまとめ方（categories 用）: wards-separate / wards-with-cities。既定はその日の公表形式"
                "（2022-06-01 より前は wards-separate、以後は wards-with-cities） / categories grouping; default: "
                "the one published on that date (wards-with-cities from 2022-06-01)"
            ),
        )
        tab.add_argument(
            "--prefecture",
            default=None,
            help="municipalities 用: 都道府県名で絞り込む（例: 宮崎県） / filter by prefecture name",
        )
        tab.add_argument(
            "--category",
            default=None,
            help="municipalities 用: 団体区分で絞り込む（指定都市/特別区/中核市/その他の市/町/村） / filter by category",
        )
        tab.add_argument(
            "--format",
            dest="fmt",
            choices=["csv", "xlsx"],
            default="csv",
            help="出力形式（既定 csv） / output format",
        )
        tab.add_argument("-o", "--output", default=None, help="出力ファイル（xlsx では必須） / output file")

    def _series_parser(self, sub: Any, raw: type[argparse.HelpFormatter]) -> None:
        ser = sub.add_parser(
            "series",
            help="取込済みの全時点の推移を出力する / print a series over every imported snapshot",
            formatter_class=raw,
            description=(
                "市区町村・都道府県・全国の、取り込んだ時点ごとの人口・交付枚数（保有枚数）・割合を古い順に"
                "出力します。列: as_of,population,issued,rate,population_base,measure,added,days,"
                "daily_average,monthly_average,note（保有枚数は held。交付枚数と保有枚数をまたぐ推移は両方の列を"
                "持ち、つながない）。\n"
                "One row per imported snapshot, oldest first, with cards added since the previous row and "
                "daily / monthly averages.\n\n"
                "例 / examples:\n  kofu stats series --national\n  kofu stats series --prefecture 45 --format csv\n"
                "  kofu stats series --municipality 452025 --format xlsx -o miyakonojo.xlsx"
            ),
        )
        ser.add_argument("--municipality", default=None, help="団体コード（6桁） / municipality code")
        ser.add_argument("--prefecture", default=None, help="都道府県コード（01～47） / prefecture code")
        ser.add_argument("--national", action="store_true", help="全国 / the whole country")
        ser.add_argument(
            "--format",
            dest="fmt",
            choices=["csv", "xlsx"],
            default="csv",
            help="出力形式（既定 csv） / output format",
        )
        ser.add_argument("-o", "--output", default=None, help="出力ファイル（xlsx では必須） / output file")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            from kofu.stats.importing.command import run_import

            run_import(self, options)
        elif action == "table":
            from kofu.stats.tables.command import run_table

            run_table(self, options)
        elif action == "series":
            from kofu.stats.series.command import run_series

            run_series(self, options)
        elif action == "import-convenience":
            from kofu.stats.convenience.command import run_import_convenience

            run_import_convenience(self, options)
        else:
            from kofu.stats.tables.command import run_snapshots

            run_snapshots(self)
