"""``kofu budget``: the national budget of the subsidy, the remaining budget and the ⅳ check."""

from __future__ import annotations

import io
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kofu.accounts.roles import System
from kofu.core import spreadsheet
from kofu.subsidies.selectors import budget
from kofu.subsidies.selectors.claims import claim_summary

HEADER = ["item", "label", "amount"]
#: The command line runs as the operator (every claim counts).
ACTOR = System("kofu budget")


class Command(BaseCommand):
    help = (
        "補助金の予算額と残額（資料000・資料004 p.12）、ⅳ の公式値と検算（資料004 p.13）。"
        " / The subsidy's national budget, remaining budget and the ⅳ check.\n"
        "  kofu budget --fiscal-year 2021 --format csv\n"
        "  kofu budget --fiscal-year 2022"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fiscal-year", type=int, required=True, metavar="YYYY", help="年度（4月始まり）/ fiscal year"
        )
        parser.add_argument("--format", dest="fmt", choices=["csv"], default="csv", help="出力形式（csv）")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["fiscal_year"]
        summary = claim_summary(ACTOR, year)
        figures = budget.national_budget(year, claimed=summary.total.total_payable)
        if figures is None:
            raise CommandError(f"{year}年度の予算額は資料に記載がありません（2021・2022年度のみ）")
        out = io.StringIO()
        writer = spreadsheet.csv_writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerow(["initial", "予算額（当初）", figures.initial])
        for item in figures.supplementary:
            writer.writerow([f"supplementary_{item.key}", f"補正予算: {item.label}", item.amount])
        writer.writerow(["total", "予算額の合計", figures.total])
        writer.writerow(["claimed", "実績報告の補助対象額の合計", figures.claimed])
        writer.writerow(["remaining", "残額", figures.remaining])
        check = budget.receipt_iv_check(year)
        if check is not None:
            writer.writerow(["iv_official", "ⅳ（公式、資料004 p.13）", check.official])
            writer.writerow(
                ["iv_kofu", "ⅳ（kofuの統計から）", "" if check.derived is None else check.derived]
            )
            writer.writerow(
                ["iv_difference", "差（kofu − 公式）", "" if check.difference is None else check.difference]
            )
        self.stdout.write(out.getvalue(), ending="")
