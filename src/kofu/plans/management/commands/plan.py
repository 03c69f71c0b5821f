"""``kofu plan``: size a smoothing plan (交付円滑化計画) and review it as the prefecture would.

Pure computation: reads no database, writes CSV to standard output. The CSV columns of
``plan compute`` are a stable interface::

    month,target,opening_days,windows_needed,feasible

``feasible`` is ``true``/``false`` when ``--windows`` is given and empty when it is not (the
municipality did not say how many windows it has, so feasibility is unknown, not assumed).
"""

from __future__ import annotations

import argparse
import io
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kofu.core import spreadsheet
from kofu.core.command_options import date_argument
from kofu.rules.calendar import MonthError, YearMonth
from kofu.rules.plan_measures import weekend_rule_on
from kofu.rules.plans import (
    DEFAULT_DEADLINE,
    REFERENCE_PER_WINDOW_DAILY,
    Plan,
    PlanInputError,
    Ratios,
    Windows,
    compute_plan,
    review_plan,
)

HEADER = ["month", "target", "opening_days", "windows_needed", "feasible"]
DETAIL_HEADER = [
    "business_days",
    "weekend_days",
    "shared_windows_used",
    "dedicated_windows_needed",
    "staff_needed",
    "terminals_needed",
    "capacity",
]


def _integer(text: str) -> int:
    try:
        return int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"整数で指定してください: {text!r}") from None


def _number(text: str) -> Fraction:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"数値で指定してください: {text!r}") from None
    if not value.is_finite():
        raise argparse.ArgumentTypeError(f"数値で指定してください: {text!r}")
    return Fraction(value)


def _month(text: str) -> YearMonth:
    try:
        return YearMonth.parse(text)
    except MonthError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _targets(text: str) -> list[int]:
    return [_integer(part.strip()) for part in text.split(",") if part.strip()]


def _flag(value: bool | None) -> str:
    return "" if value is None else str(value).lower()


def _add_plan_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--population", type=_integer, metavar="N", required=True, help="住民基本台帳人口 / population"
    )
    parser.add_argument(
        "--issued",
        type=_integer,
        metavar="N",
        required=True,
        help="基準月末までの累計交付枚数 / cards issued by the base month",
    )
    parser.add_argument(
        "--base-month",
        type=_month,
        metavar="YYYY-MM",
        required=True,
        help="基準月 YYYY-MM（計画はその翌月から）/ base month",
    )
    parser.add_argument(
        "--deadline",
        type=_month,
        metavar="YYYY-MM",
        default=DEFAULT_DEADLINE,
        help=f"期限月 YYYY-MM（既定 {DEFAULT_DEADLINE}：令和4年度末）/ deadline month",
    )
    parser.add_argument(
        "--per-window-daily",
        type=_number,
        metavar="N",
        required=True,
        help=f"専用窓口1窓口1日当たりの平均交付枚数（参考: 研修を受けた職員で約{REFERENCE_PER_WINDOW_DAILY}枚）"
        " / cards per dedicated window per day",
    )
    parser.add_argument(
        "--windows",
        type=_integer,
        metavar="N",
        default=None,
        help="現有の交付専用窓口数（省略時は可否を判定しない）/ windows",
    )
    parser.add_argument(
        "--shared-windows",
        type=_integer,
        metavar="N",
        default=0,
        help="各種手続と共用の窓口数 / shared windows",
    )
    parser.add_argument(
        "--shared-per-window-daily",
        type=_number,
        metavar="N",
        default=Fraction(0),
        help="共用窓口1窓口1日当たりの平均交付枚数 / cards per shared window per day",
    )
    parser.add_argument(
        "--temporary-windows",
        type=_integer,
        metavar="N",
        default=0,
        help="庁舎外の臨時窓口数 / temporary windows outside the office",
    )
    parser.add_argument(
        "--weekend-days-per-month",
        type=_integer,
        metavar="N",
        default=0,
        help="各月の土日開庁予定日数（既定 0）/ weekend opening days per month",
    )
    how = parser.add_mutually_exclusive_group()
    how.add_argument(
        "--profile",
        choices=["even", "front-loaded"],
        default="even",
        help="配分: even（均等、既定）/ front-loaded（前倒し：初月が最終月の約2倍）",
    )
    how.add_argument(
        "--targets",
        type=_targets,
        metavar="N,N,…",
        default=None,
        help="各月の交付枚数を手入力（カンマ区切り、月数分）/ monthly targets entered by hand",
    )
    parser.add_argument(
        "--staff-per-window",
        type=_number,
        metavar="N",
        default=Fraction(1),
        help="1窓口当たりの職員数（既定 1）/ staff per window",
    )
    parser.add_argument(
        "--terminals-per-window",
        type=_number,
        metavar="N",
        default=Fraction(1),
        help="1窓口当たりの統合端末数（既定 1）/ integrated terminals per window",
    )


def _plan(options: dict[str, Any]) -> Plan:
    try:
        return compute_plan(
            population=options["population"],
            issued=options["issued"],
            base_month=options["base_month"],
            deadline=options["deadline"],
            windows=Windows(
                per_window_daily=options["per_window_daily"],
                windows=options["windows"],
                shared_windows=options["shared_windows"],
                shared_per_window_daily=options["shared_per_window_daily"],
                temporary_windows=options["temporary_windows"],
            ),
            profile=options["profile"],
            targets=options["targets"],
            weekend_days=options["weekend_days_per_month"],
            ratios=Ratios(options["staff_per_window"], options["terminals_per_window"]),
        )
    except PlanInputError as exc:
        raise CommandError(str(exc)) from None


class Command(BaseCommand):
    help = (
        "交付円滑化計画：各月の交付枚数・開庁日数・必要窓口数の算出と、都道府県の確認項目の判定。"
        " / Smoothing plan: monthly targets, opening days, windows needed; the prefecture's review.\n"
        "  kofu plan compute --population N --issued N --base-month YYYY-MM --per-window-daily N --format csv\n"
        "  kofu plan review  （compute と同じ指定）--office-max-windows N\n"
        "  kofu plan review  （compute と同じ指定）--on 2021-01-15   # 総行住第181号の土日基準で判定\n"
        "  kofu plan national --format csv   # 全国の計画の月別合計と月間330万枚"
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{compute,review,national}")
        national = sub.add_parser(
            "national",
            help="全国の計画の月別合計と月間330万枚の比較（データベースを読む）/ all stored plans against 3.3M a month",
            description=(
                "保存されている全団体の計画の各月の交付枚数を合計し、月間上限 3,300,000枚（資料003）と比べて CSV で出力します。"
                " 列: month,planned,plans,ceiling,share_of_ceiling_percent,over_ceiling,doubled_pace。"
                " 例: kofu plan national --format csv"
            ),
        )
        national.add_argument("--format", dest="fmt", choices=["csv"], default="csv", help="出力形式（csv）")
        compute = sub.add_parser(
            "compute",
            help="各月の計画を算出する / compute the monthly plan",
            description=(
                "基準月の翌月から期限月までの各月について、交付枚数（人口−累計交付枚数を均等・前倒し・手入力で配分）、"
                "開庁日数（平日から祝日と年末年始12/29〜1/3を除き、土日開庁日数を加える）、必要窓口数"
                "（交付枚数÷(開庁日数×1窓口1日当たり交付枚数) の切上げ）、現有窓口での可否を CSV で出力します。"
                " feasible は --windows 省略時は空欄です。"
            ),
        )
        _add_plan_arguments(compute)
        compute.add_argument("--format", dest="fmt", choices=["csv"], default="csv", help="出力形式（csv）")
        compute.add_argument(
            "--detail",
            action="store_true",
            help="内訳列（営業日・土日・共用/専用窓口・職員数・統合端末数・処理能力）を追加 / add detail columns",
        )

        review = sub.add_parser(
            "review",
            help="都道府県の確認項目（4点）を判定する / run the prefecture's four review checks",
            description=(
                "計画を算出し、総行住第181号 6 の確認項目（1 ほとんどの住民への交付、2 十分な窓口数、"
                "3 庁舎外の臨時窓口、4 土日交付）を判定して CSV（check,result,title,detail）で出力します。"
                " result は ok / fail / unknown（判定に必要な記載がない）。"
            ),
        )
        _add_plan_arguments(review)
        review.add_argument(
            "--office-max-windows",
            type=_integer,
            metavar="N",
            default=None,
            help="庁舎内に設置できる最大窓口数 / max windows in the office",
        )
        review.add_argument(
            "--reach-share",
            type=_number,
            metavar="N",
            default=Fraction(100),
            help="「ほとんどの住民」とみなす人口に対する割合（％、既定 100）/ share of residents to reach, percent",
        )
        review.add_argument(
            "--min-weekend-days",
            type=_integer,
            metavar="N",
            default=None,
            help="各月に求める土日開庁日数の最小値（既定: --on の日に適用されている基準）"
            " / minimum weekend opening days per month (default: the rule in force on --on)",
        )
        review.add_argument(
            "--on",
            type=date_argument,
            metavar="YYYY-MM-DD",
            default=None,
            help="確認項目4の土日開庁の基準を選ぶ日（既定 今日。2020-10-27から毎週土日のいずれか、"
            "2021-12-09から毎週土日いずれも）/ the date whose weekend rule applies (default today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = io.StringIO()
        writer = spreadsheet.csv_writer(out, lineterminator="\n")
        if options["action"] == "national":
            from kofu.plans import national

            writer.writerow(national.CSV_HEADER)
            writer.writerows(national.csv_rows(national.national_plans()))
            self.stdout.write(out.getvalue(), ending="")
            return
        plan = _plan(options)
        if options["action"] == "compute":
            writer.writerow(HEADER + (DETAIL_HEADER if options["detail"] else []))
            for m in plan.months:
                row: list[object] = [
                    str(m.month),
                    m.target,
                    m.opening_days,
                    m.windows_needed,
                    _flag(m.feasible),
                ]
                if options["detail"]:
                    row += [
                        m.business_days,
                        m.weekend_days,
                        m.shared_windows_used,
                        m.dedicated_windows_needed,
                        m.staff_needed,
                        m.terminals_needed,
                        "" if m.capacity is None else m.capacity,
                    ]
                writer.writerow(row)
        else:
            try:
                checks = review_plan(
                    plan,
                    reach_share=options["reach_share"] / 100,
                    office_max_windows=options["office_max_windows"],
                    min_weekend_days=options["min_weekend_days"],
                    weekend_rule=weekend_rule_on(options["on"] or timezone.localdate()),
                )
            except PlanInputError as exc:
                raise CommandError(str(exc)) from None
            writer.writerow(["check", "result", "title", "detail"])
            for check in checks:
                result = {True: "ok", False: "fail", None: "unknown"}[check.passed]
                writer.writerow([check.number, result, check.title, check.detail])
        self.stdout.write(out.getvalue(), ending="")
