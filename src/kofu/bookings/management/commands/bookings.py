"""``kofu bookings``: test fixture, slot generation, reminders, expired holds."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "来庁予約：試験データ、予約枠の作成、リマインドメール、期限切れ仮押さえの解放。 / "
        "Pickup bookings: test fixture, slot generation, reminders, expired holds.\n"
        "  kofu bookings fixture --capacity K --residents N --format json\n"
        "  kofu bookings slots --site ID --from YYYY-MM-DD --to YYYY-MM-DD\n"
        "  kofu bookings remind [--date YYYY-MM-DD]\n"
        "  kofu bookings release-holds"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{fixture,slots,remind,release-holds}"
        )
        fx = sub.add_parser(
            "fixture",
            help="試験用の会場・予約枠1つ・受取待ちの住民を作る / create a test site, one slot and residents",
            description=(
                "現在のデータベースに、会場1つ・定員 K の予約枠1つ・交付通知書発送済みのカード N 枚を作り、"
                '{"slot": ID, "residents": [{"notice_number", "birth_date"}]} を出力します。'
            ),
        )
        fx.add_argument("--capacity", type=int, required=True, help="予約枠の定員 / slot capacity")
        fx.add_argument(
            "--residents", type=int, required=True, help="住民（カード）の数 / number of residents"
        )
        fx.add_argument("--days-ahead", type=int, default=7, help="予約枠の日（今日から何日後、既定 7）")
        fx.add_argument("--format", choices=["json"], default="json", help="出力形式（json）")
        sl = sub.add_parser("slots", help="開庁時間から予約枠を作る / generate slots from the opening rules")
        sl.add_argument("--site", type=int, required=True, help="会場の番号 / site id")
        sl.add_argument("--from", dest="start", required=True, help="開始日 YYYY-MM-DD")
        sl.add_argument("--to", dest="end", required=True, help="終了日 YYYY-MM-DD")
        rm = sub.add_parser("remind", help="翌日の予約者にリマインドメールを送る / send reminder e-mails")
        rm.add_argument("--date", help="来庁日（既定: 明日）YYYY-MM-DD")
        sub.add_parser("release-holds", help="期限切れの仮押さえを解放する / release expired holds")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "fixture":
            from kofu.bookings.fixtures import booking_fixture

            if options["capacity"] < 0 or options["residents"] < 0:
                raise CommandError("--capacity と --residents は0以上にしてください")
            try:
                data = booking_fixture(
                    capacity=options["capacity"],
                    residents=options["residents"],
                    days_ahead=options["days_ahead"],
                )
            except LookupError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        elif action == "slots":
            from kofu.bookings.models import Site
            from kofu.bookings.schedule import slots_generate

            site = Site.objects.filter(pk=options["site"]).first()
            if site is None:
                raise CommandError(f"会場 {options['site']} がありません")
            try:
                start, end = dt.date.fromisoformat(options["start"]), dt.date.fromisoformat(options["end"])
            except ValueError as exc:
                raise CommandError("日付は YYYY-MM-DD で指定してください") from exc
            made = slots_generate(site=site, start=start, end=end, actor=None)
            self.stdout.write(f"予約枠を {made} 件作成しました")
        elif action == "remind":
            from kofu.bookings.reminders import send_reminders

            day = dt.date.fromisoformat(options["date"]) if options.get("date") else None
            self.stdout.write(f"リマインドメールを {send_reminders(day)} 件送りました")
        else:
            from kofu.bookings.reminders import release_all_expired_holds

            self.stdout.write(f"期限切れの仮押さえを {release_all_expired_holds()} 件解放しました")
