"""``kofu hearings``: the municipalities to hear for a month (事情聴取), with the reasons.

The CSV columns of ``hearings select`` are a stable interface::

    code,name,reasons

``reasons`` holds one sentence per criterion met, joined with "；" (full-width semicolon).
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kofu.core import spreadsheet
from kofu.plans.selectors import hearings as hearing_selection
from kofu.registry.models import Prefecture
from kofu.rules import hearings as rules
from kofu.rules.calendar import MonthError, YearMonth

HEADER = ["code", "name", "reasons"]


class Command(BaseCommand):
    help = (
        "事情聴取：対象団体の選定（理由つき）。 / Hearings: select the municipalities to hear, with reasons.\n"
        "  kofu hearings select --month YYYY-MM --level prefecture [--prefecture CODE] --format csv\n"
        "  kofu hearings select --month YYYY-MM --level ministry --format csv"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{select}")
        sel = sub.add_parser(
            "select",
            help="対象団体を出力する / print the selected municipalities",
            description=(
                "都道府県による事情聴取（--level prefecture: J-LISからカードが届いてから交付通知書の発送まで"
                "3週間以上、または交付率33％未満）または総務省の個別ヒアリング（--level ministry: 政令市・"
                "中核市・特別区のうち、累計申請数に対する交付数の割合が低く、かつ窓口数または1窓口当たりの"
                "交付数が低い団体。「低い」は同じ区分の団体の下位パーセンタイル未満）の対象を "
                "code,name,reasons の CSV で出力します。 / Prints code,name,reasons."
            ),
        )
        sel.add_argument("--month", required=True, help="対象月 YYYY-MM（実績報告の月）")
        sel.add_argument(
            "--level", required=True, choices=["prefecture", "ministry"], help="prefecture / ministry"
        )
        sel.add_argument(
            "--prefecture",
            default=None,
            help="prefecture 用: 都道府県コード（2桁、例: 45）。省略時は全都道府県",
        )
        sel.add_argument(
            "--max-days", type=int, default=rules.DEFAULT_MAX_DAYS, help="日数の基準（既定 21日）"
        )
        sel.add_argument("--min-rate", default=str(rules.DEFAULT_MIN_RATE), help="交付率の基準（既定 33％）")
        sel.add_argument(
            "--percent",
            type=int,
            default=rules.DEFAULT_PERCENT,
            help="ministry 用: 下位パーセンタイル（既定 25）",
        )
        sel.add_argument("--format", dest="fmt", choices=["csv"], default="csv", help="出力形式（csv）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = YearMonth.parse(options["month"])
        except MonthError as exc:
            raise CommandError(str(exc)) from None
        try:
            min_rate = Decimal(options["min_rate"])
        except InvalidOperation:
            raise CommandError(f"--min-rate は数値で指定してください: {options['min_rate']!r}") from None
        if not 0 < options["percent"] <= 100:
            raise CommandError("--percent は1〜100で指定してください")
        if options["level"] == "ministry":
            selected = hearing_selection.ministry_selection(month, percent=options["percent"]).selected
        else:
            prefectures = Prefecture.objects.all()
            if options["prefecture"]:
                code = options["prefecture"].zfill(2)
                prefectures = prefectures.filter(code=code)
                if not prefectures:
                    raise CommandError(
                        f"都道府県コード {options['prefecture']} の都道府県がありません（01〜47）"
                    )
            selected = [
                s
                for prefecture in prefectures
                for s in hearing_selection.prefecture_selection(
                    prefecture, month, max_days=options["max_days"], min_rate=min_rate
                )
            ]
        out = io.StringIO()
        writer = spreadsheet.csv_writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        for s in selected:
            writer.writerow([s.municipality.code, s.municipality.full_name, "；".join(s.reasons)])
        self.stdout.write(out.getvalue(), ending="")
