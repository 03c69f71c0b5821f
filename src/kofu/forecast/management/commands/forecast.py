"""``kofu forecast``: issuance forecast, backtest, target months, renewals, hearing candidates.

CSV columns (stable interfaces, docs/data-formats.md):

* ``rates``: ``code,as_of,rate,low,high``
* ``targets``: ``code,name,rate,target,target_rate,month,earliest,latest``
* ``backtest``: ``horizon,month,units,mae,baseline_mae,coverage``
* ``renewals``: ``month,card_renewals,certificate_renewals,basis``
* ``candidates``: ``code,name,reasons``
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kofu.core.command_options import date_option
from kofu.forecast import output
from kofu.rules.forecast import ForecastError

EXAMPLES = (
    "  kofu forecast rates --until 2022-09-30 --horizon 3 --format csv\n"
    "  kofu forecast targets --format csv\n"
    "  kofu forecast backtest --until 2022-03-01 --horizon 3\n"
    "  kofu forecast renewals --municipality 452025 --from 2024-04-01 --until 2029-03-31 --format csv\n"
    "  kofu forecast candidates --prefecture 45 --format csv"
)


class Command(BaseCommand):
    #: Read-only and timed (issue 17: under 5 s for all municipalities): skip the system checks,
    #: which would import every view (and matplotlib) before the first figure is read.
    requires_system_checks: list[str] = []
    help = (
        "交付・更新の見通し：交付率の予測（80％区間）、目標到達月、予測の検証、更新の件数、事情聴取の候補。 / "
        "Forecasts: issuance rate with an 80 % interval, target months, backtest, renewals, hearing "
        "candidates.\n" + EXAMPLES
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{rates,targets,backtest,renewals,candidates}"
        )
        rates = sub.add_parser(
            "rates",
            help="交付率の予測 / issuance-rate forecast",
            description=(
                "--until までの交付状況だけを使い、その後の月末ごとの交付率（％）と80％区間を "
                "code,as_of,rate,low,high で出力します。code は団体コード6桁（都道府県は 450006 の形、"
                "全国は 000000）。 / Uses only figures up to --until; prints the rate and its 80 % "
                "interval at each month end after it (prefectures as 450006, the nation as 000000).\n"
                "  kofu forecast rates --until 2022-09-30 --horizon 3 --format csv"
            ),
        )
        self._until(rates)
        rates.add_argument("--horizon", type=int, default=3, help="予測する月数（既定 3） / months ahead")
        rates.add_argument(
            "--level",
            choices=["all", "municipality", "prefecture", "nation"],
            default="all",
            help="出力する単位（既定 all） / which units",
        )
        rates.add_argument(
            "--format", dest="fmt", choices=["csv"], default="csv", help="出力形式 / format (csv)"
        )

        goals = sub.add_parser(
            "targets",
            help="目標（全国平均・90％・ほぼ全国民）に到達する月 / month each target is reached",
            description=(
                "予測のペースで全国平均・90％・ほぼ全国民（100％）に到達する月を出力します（10年以内に"
                "到達しなければ month は空）。 / The month each unit reaches each target at its pace "
                "(empty: not within ten years).\n  kofu forecast targets --format csv"
            ),
        )
        self._until(goals)
        goals.add_argument("--level", choices=["all", "municipality", "prefecture", "nation"], default="all")
        goals.add_argument(
            "--format", dest="fmt", choices=["csv"], default="csv", help="出力形式 / format (csv)"
        )

        test = sub.add_parser(
            "backtest",
            help="予測の検証（取込済みの後の月で採点） / score the forecast on later imported months",
            description=(
                "--until までで予測し、その後に取り込まれている月の公表値で採点します：平均絶対誤差"
                "（ポイント）を単純な方法（前月の増加数をそのまま延ばす）と並べ、80％区間に入った割合も"
                "出します。 / MAE in points beside the last-increase baseline, and interval coverage.\n"
                "  kofu forecast backtest --until 2022-03-01 --horizon 3"
            ),
        )
        self._until(test, required=True)
        test.add_argument("--horizon", type=int, default=3, help="予測する月数（既定 3） / months ahead")
        test.add_argument("--format", dest="fmt", choices=["table", "csv"], default="table")

        renew = sub.add_parser(
            "renewals",
            help="カード・電子証明書の更新件数の見通し / card and certificate renewals due",
            description=(
                "月ごとのカードの更新と電子証明書の更新の件数を month,card_renewals,"
                "certificate_renewals,basis で出力します。basis は counted（kofu のカードの記録から数えた）"
                "か estimated（公表された交付枚数の増加から推計）。 / Monthly renewals due; basis says "
                "counted (card records) or estimated (published monthly issuance).\n"
                "  kofu forecast renewals --municipality 452025 --from 2024-04-01 --until 2029-03-31 --format csv"
            ),
        )
        renew.add_argument("--municipality", required=True, help="団体コード6桁 / 6-digit code")
        renew.add_argument("--from", dest="start", required=True, help="期間の始め YYYY-MM-DD / first day")
        renew.add_argument("--until", required=True, help="期間の終わり YYYY-MM-DD / last day")
        renew.add_argument(
            "--format", dest="fmt", choices=["csv"], default="csv", help="出力形式 / format (csv)"
        )

        cand = sub.add_parser(
            "candidates",
            help="事情聴取の候補（3か月先までの見通し） / hearing candidates ahead of time",
            description=(
                "今後3か月の予測で交付率33％未満にとどまる、全国平均に届かない、または交付円滑化計画の"
                "窓口能力が更新を含めて不足する団体を、理由つきで code,name,reasons に出力します。 / "
                "Municipalities forecast to stay below 33 % or the national average, or short of "
                "window capacity with renewals, in the next three months, with reasons.\n"
                "  kofu forecast candidates --prefecture 45 --format csv"
            ),
        )
        cand.add_argument(
            "--prefecture", default=None, help="都道府県コード2桁（省略時は全国） / 2-digit code"
        )
        cand.add_argument(
            "--format", dest="fmt", choices=["csv"], default="csv", help="出力形式 / format (csv)"
        )

    @staticmethod
    def _until(parser: CommandParser, required: bool = False) -> None:
        parser.add_argument(
            "--until",
            required=required,
            default=None,
            help="この日までの交付状況だけを使う YYYY-MM-DD（既定: 最新） / use figures up to this day",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            text = getattr(output, action)(self._parsed(options))
        except ForecastError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(text, ending="")

    @staticmethod
    def _parsed(options: dict[str, Any]) -> dict[str, Any]:
        parsed = dict(options)
        if "until" in options:
            parsed["until"] = date_option(options["until"], "--until")
        if "start" in options:
            parsed["start"] = date_option(options["start"], "--from")
        if options.get("horizon") is not None and not 1 <= options["horizon"] <= 60:
            raise CommandError(f"--horizon は1〜60で指定してください: {options['horizon']}")
        return parsed
