"""``kofu walkins``: issue and call tickets from a terminal, print the window figures."""

from __future__ import annotations

import datetime as dt
from argparse import RawDescriptionHelpFormatter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kofu.accounts.access import NotFound
from kofu.accounts.roles import System
from kofu.core.command_options import date_option, municipality_option

#: Who the audit log shows for this command's changes.
ACTOR = System("kofu walkins")


class Command(BaseCommand):
    help = (
        "窓口の発券：予約のない方の受付番号の発券・呼出と、窓口・時間帯ごとの待ち時間と対応数。"
        "画面（/walkins/会場番号/）と同じサービスを使います。 / Walk-in tickets: issue and call numbers, "
        "and the waits and people served per window and hour.\n"
        "  kofu walkins issue --site 3\n"
        "  kofu walkins call --window 7\n"
        "  kofu walkins figures --municipality 452025 --from 2026-11-01 --to 2026-11-30"
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs["formatter_class"] = RawDescriptionHelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{issue,call,figures}")
        issue = sub.add_parser("issue", help="受付番号を発券する / issue the next number")
        issue.add_argument("--site", type=int, required=True, help="会場の番号 / site id")
        call = sub.add_parser(
            "call", help="窓口に次の方を呼ぶ（対応中の番号は対応済みに） / call the next number to a window"
        )
        call.add_argument("--window", type=int, required=True, help="窓口の番号 / window id")
        fig = sub.add_parser(
            "figures",
            help="窓口・時間帯ごとの待ち時間と対応数 / waits and people served per window and hour",
            description=(
                "市区町村の会場ごとに、窓口・時間帯（呼出の時刻、JST）ごとの対応数・1時間あたりの対応数・"
                "平均待ち時間と、全会場の1窓口1日あたりの対応数（kofu plan の --per-window-daily に使えます）を出力します。"
            ),
        )
        fig.add_argument("--municipality", required=True, help="団体コード（6桁）")
        fig.add_argument("--from", dest="first", help="開始日 YYYY-MM-DD（既定: 終了日の27日前）")
        fig.add_argument("--to", dest="last", help="終了日 YYYY-MM-DD（既定: 今日）")

    def handle(self, *args: Any, **options: Any) -> None:
        from kofu.walkins import services

        try:
            if options["action"] == "issue":
                ticket = services.ticket_issue(site_id=options["site"], actor=ACTOR)
                self.stdout.write(f"受付番号 {ticket.number} 番を発券しました（{ticket.site.name}）")
            elif options["action"] == "call":
                called = services.ticket_call_next(window_id=options["window"], actor=ACTOR)
                if called is None:
                    self.stdout.write("お待ちの方はいません")
                else:
                    name = called.window.name if called.window else ""
                    self.stdout.write(f"{called.number}番を{name}へ呼び出しました")
            else:
                self._figures(options)
        except NotFound as exc:
            raise CommandError(str(exc)) from exc

    def _figures(self, options: dict[str, Any]) -> None:
        from django.utils import timezone

        from kofu.bookings.models import Site
        from kofu.walkins import selectors

        municipality = municipality_option(options["municipality"])
        last = date_option(options["last"], "--to") or timezone.localdate()
        first = date_option(options["first"], "--from") or last - dt.timedelta(days=27)
        if first > last:
            raise CommandError("--from は --to 以前の日付にしてください")
        for site in Site.objects.filter(municipality=municipality).order_by("id"):
            self.stdout.write(f"{site.name}")
            self.stdout.write("窓口\t時間帯\t日数\t対応数\t1時間あたり\t平均待ち（分）\t最長待ち（分）")
            for row in selectors.figures(site, first, last):
                self.stdout.write(
                    f"{row.window}\t{row.hour}時\t{row.days}\t{row.served}\t{float(row.served_per_hour):.1f}\t"
                    f"{float(row.mean_wait_minutes):.1f}\t{row.longest_wait_minutes}"
                )
        observed = selectors.observed_per_window_daily(municipality, first, last)
        if observed is None:
            self.stdout.write(f"{first}〜{last} の発券記録はありません")
        else:
            self.stdout.write(f"1窓口1日あたりの対応数: {float(observed):.1f}（{first}〜{last}）")
