"""``kofu bookings``: test fixture, slot generation, reminders, expired holds."""

from __future__ import annotations

import datetime as dt
import json
from argparse import RawDescriptionHelpFormatter
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from kofu.accounts.access import NotFound
from kofu.accounts.roles import System
from kofu.core.command_options import ExamplesKeptAsWritten, date_option, municipality_option

#: Who the audit log shows for this command's changes.
ACTOR = System("kofu bookings")


class Command(ExamplesKeptAsWritten):
    help = (
        "来庁予約：試験データ、会場・開庁時間・予約枠の作成、定員の変更、リマインドメール、期限切れ仮押さえの解放。"
        "画面（/bookings/staff/）と同じサービスを使います。 / "
        "Pickup bookings: test fixture, sites, opening rules, slots, capacity, reminders, expired holds.\n"
        "  kofu bookings fixture --capacity K --residents N --format json\n"
        "  kofu bookings fixture --capacity K --residents N --family 3 --format json\n"
        "  kofu bookings find K7QM-3HXP\n"
        "  kofu bookings site-add --municipality CODE --name NAME [--kind special] [--windows 3]\n"
        "  kofu bookings rule-add --site ID --weekdays 0,1,2,3,4 --start 08:30 --end 17:15 --windows 3\n"
        "      [--weeks 1,3] [--valid-from YYYY-MM-DD] [--valid-to YYYY-MM-DD] [--label 平日]\n"
        "  kofu bookings slots --site ID --from YYYY-MM-DD --to YYYY-MM-DD\n"
        "  kofu bookings capacity --slot ID --capacity N [--web W] [--phone P]\n"
        "  kofu bookings holidays\n"
        "  kofu bookings remind [--date YYYY-MM-DD]\n"
        "  kofu bookings pace --municipality 452025\n"
        "  kofu bookings waitlist\n"
        "  kofu bookings release-holds"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action",
            required=True,
            metavar="{fixture,find,site-add,rule-add,slots,capacity,holidays,remind,pace,waitlist,release-holds}",
        )
        find = sub.add_parser(
            "find",
            help="予約番号で予約を表示する / show a booking by its booking number",
            description="予約番号（例: K7QM-3HXP、小文字・全角・ハイフンなしも可）の予約の状態・会場・日時・人数を表示します。",
        )
        find.add_argument("number", help="予約番号 / booking number")
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
        fx.add_argument(
            "--family",
            type=int,
            default=1,
            help="1世帯のカード数（2以上: 住民ごとに同じ住所のご家族の番号を family に付ける） / cards per household",
        )
        fx.add_argument("--format", choices=["json"], default="json", help="出力形式（json）")
        sa = sub.add_parser("site-add", help="交付会場と窓口を登録する / add a site and its windows")
        sa.add_argument("--municipality", required=True, help="団体コード（6桁）")
        sa.add_argument("--name", required=True, help="会場名")
        sa.add_argument(
            "--kind", choices=["town_hall", "branch", "special"], default="town_hall", help="種別"
        )
        sa.add_argument("--address", default="", help="所在地")
        sa.add_argument("--windows", type=int, default=1, help="窓口の数（既定 1）")
        sa.add_argument("--service-minutes", type=int, default=15, help="1人あたりの交付時間（分、既定 15）")
        sa.add_argument("--people-per-window", type=int, default=2, help="1枠・1窓口あたりの人数（既定 2）")
        sa.add_argument(
            "--max-party", type=int, default=4, help="一度に予約できる同じ世帯の人数（既定 4） / family limit"
        )
        sa.add_argument(
            "--extra-person-minutes",
            type=int,
            default=10,
            help="2人目から1人ごとに加える交付時間（分、既定 10） / minutes per further card",
        )
        sa.add_argument("--web-percent", type=int, default=60, help="Web予約の割合（%%、既定 60）")
        sa.add_argument("--phone-percent", type=int, default=20, help="電話予約の割合（%%、既定 20）")
        sa.add_argument(
            "--closed-weekend", type=int, default=None, help="毎月休む第n土曜日とその翌日曜日（n）"
        )
        ra = sub.add_parser("rule-add", help="開庁時間を登録する（重なりは拒否） / add opening hours")
        ra.add_argument("--site", type=int, required=True, help="会場の番号")
        ra.add_argument("--weekdays", required=True, help="曜日 0=月〜6=日（カンマ区切り）")
        ra.add_argument("--weeks", default="", help="第何週（カンマ区切り、既定: 毎週）")
        ra.add_argument("--start", required=True, help="開始時刻 HH:MM")
        ra.add_argument("--end", required=True, help="終了時刻 HH:MM")
        ra.add_argument("--windows", type=int, required=True, help="開ける窓口数")
        ra.add_argument("--label", default="", help="名称（平日・夜間・休日など）")
        ra.add_argument("--valid-from", default="", help="適用開始日 YYYY-MM-DD（既定: 期限なし）")
        ra.add_argument("--valid-to", default="", help="適用終了日 YYYY-MM-DD（既定: 期限なし）")
        sl = sub.add_parser(
            "slots",
            help="開庁時間から予約枠を作る / generate slots from the opening rules",
            description=(
                "開庁時間から予約枠を作ります。祝日・年末年始（12/29〜1/3）・休業日・毎月の休業日"
                "（第n土曜日とその翌日曜日）には作りません。同じ期間で再実行しても、既にある枠は作り直しません"
                "（一度に366日分まで）。定員 = 開ける窓口数 × 1窓口あたりの人数、Web・電話の枠は会場の割合（切り捨て）、"
                "残りが窓口（当日）の枠です。"
            ),
        )
        sl.add_argument("--site", type=int, required=True, help="会場の番号 / site id")
        sl.add_argument("--from", dest="start", required=True, help="開始日 YYYY-MM-DD")
        sl.add_argument("--to", dest="end", required=True, help="終了日 YYYY-MM-DD")
        ca = sub.add_parser(
            "capacity",
            help="予約枠の定員と Web・電話の枠を変える（予約数より少なくはできない） / set a slot's seats",
            description=(
                "予約枠の定員・Web予約枠・電話予約枠を変えます。窓口（当日）の枠は定員から Web と電話を引いた残りです。"
                "どれかが予約済みの数より少なくなる変更は拒否します。"
            ),
        )
        ca.add_argument("--slot", type=int, required=True, help="予約枠の番号 / slot id")
        ca.add_argument("--capacity", type=int, required=True, help="定員 / capacity")
        ca.add_argument("--web", type=int, default=None, help="Web予約枠（省略時: 今の枠を保つ）")
        ca.add_argument("--phone", type=int, default=None, help="電話予約枠（省略時: 今の枠を保つ）")
        sub.add_parser(
            "holidays",
            help="祝日に当たる予約枠を休止し、予約を取り消して連絡する / close slots on national holidays",
        )
        rm = sub.add_parser(
            "remind",
            help="来庁日が近い予約者へのリマインドメールを送信箱に入れる / queue reminder e-mails",
            description=(
                "来庁日が明日から KOFU_BOOKING_REMIND_DAYS 日先（既定 2）までの予約で、まだリマインドしておらず、"
                "停止の申し出もないものに、予約番号・場所・持ち物・停止用リンクを書いたメールを送信箱に入れます。"
                "毎日 cron で実行してください（同じ予約には1回だけ）。 / Queue one reminder per booking due within "
                "the next KOFU_BOOKING_REMIND_DAYS days; run daily from cron.\n"
                "  kofu bookings remind\n"
                "  kofu bookings remind --date 2026-12-24"
            ),
            formatter_class=RawDescriptionHelpFormatter,
        )
        rm.add_argument("--date", help="この来庁日の予約だけ（既定: 明日から N 日先まで）YYYY-MM-DD")
        pc = sub.add_parser(
            "pace",
            help="今日の交付通知書の発送数を提案する（予約の空きと反応率から） / propose today's notice batch",
        )
        pc.add_argument("--municipality", required=True, help="団体コード（6桁）")
        sub.add_parser(
            "waitlist",
            help="空き待ちの方に早い日時の空きをメールで案内し、期限切れの案内の席を戻す（cron 向け） / offer freed seats",
        )
        sub.add_parser(
            "release-holds",
            help="期限切れの仮押さえと取消後の席を解放する（cron 向け） / release expired holds and freed seats",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "find":
            self._find(options["number"])
        elif action == "fixture":
            from kofu.bookings.fixtures import booking_fixture

            if options["capacity"] < 0 or options["residents"] < 0:
                raise CommandError("--capacity と --residents は0以上にしてください")
            try:
                data = booking_fixture(
                    capacity=options["capacity"],
                    residents=options["residents"],
                    days_ahead=options["days_ahead"],
                    family=options["family"],
                )
            except LookupError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        elif action == "site-add":
            self._site_add(options)
        elif action == "rule-add":
            self._rule_add(options)
        elif action == "slots":
            from kofu.bookings.models import Site
            from kofu.bookings.services.schedule import slots_generate

            site = Site.objects.filter(pk=options["site"]).first()
            if site is None:
                raise CommandError(f"会場 {options['site']} がありません")
            start, end = date_option(options["start"], "--from"), date_option(options["end"], "--to")
            assert start is not None and end is not None  # both options are required
            try:
                made = slots_generate(site=site, start=start, end=end, actor=ACTOR)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            self.stdout.write(f"予約枠を {made} 件作成しました")
        elif action == "capacity":
            self._capacity(options)
        elif action == "holidays":
            from kofu.bookings.services.schedule import holidays_apply

            self.stdout.write(
                f"祝日の予約枠を休止し、予約 {len(holidays_apply(actor=ACTOR))} 件を取り消しました"
            )
        elif action == "remind":
            from kofu.bookings.reminders import send_reminders

            day = date_option(options.get("date"), "--date")
            self.stdout.write(
                f"リマインドメールを {send_reminders(day)} 件、送信箱に入れました"
                "（送信の結果: kofu outbox status）"
            )
        elif action == "pace":
            from kofu.bookings.pacing import notice_pacing

            p = notice_pacing(municipality_option(options["municipality"]), timezone.localdate())
            basis = f"{p.settled_batches}回の実績" if p.observed else "既定値"
            self.stdout.write(
                f"今日の発送数の提案: {p.proposal.today} 通（{p.first}〜{p.last} の空き {p.proposal.free_seats} 席、"
                f"反応率 {float(p.proposal.rate) * 100:.1f}%（{basis}）、発送済みから見込む予約 "
                f"{p.proposal.expected_from_sent}、必要な通数 {p.proposal.needed}）"
            )
        elif action == "waitlist":
            from kofu.bookings.waitlist import waitlist_offer_round

            made, expired = waitlist_offer_round(actor=ACTOR)
            self.stdout.write(
                f"空きの案内を {made} 件、送信箱に入れました（期限切れの案内 {expired} 件の席を戻しました）"
            )
        else:
            from kofu.bookings.reminders import release_all_expired_holds

            self.stdout.write(
                f"期限切れの仮押さえと、戻す時刻を過ぎた取消の席を {release_all_expired_holds()} 件解放しました"
            )

    def _site_add(self, options: dict[str, Any]) -> None:
        from kofu.bookings.services.sites import site_create

        municipality = municipality_option(options["municipality"])
        try:
            site = site_create(
                municipality=municipality,
                actor=ACTOR,
                windows=options["windows"],
                name=options["name"],
                kind=options["kind"],
                address=options["address"],
                service_minutes=options["service_minutes"],
                people_per_window=options["people_per_window"],
                max_party=options["max_party"],
                extra_person_minutes=options["extra_person_minutes"],
                web_percent=options["web_percent"],
                phone_percent=options["phone_percent"],
                closed_weekend=options["closed_weekend"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"会場 {site.pk}「{site.name}」を登録しました（窓口 {options['windows']}）")

    def _rule_add(self, options: dict[str, Any]) -> None:
        from kofu.bookings.models import Site
        from kofu.bookings.services.schedule import opening_rule_add

        site = Site.objects.filter(pk=options["site"]).first()
        if site is None:
            raise CommandError(f"会場 {options['site']} がありません")
        try:
            start, end = dt.time.fromisoformat(options["start"]), dt.time.fromisoformat(options["end"])
        except ValueError as exc:
            raise CommandError("時刻は HH:MM で指定してください") from exc
        valid_from = date_option(options["valid_from"], "--valid-from")
        valid_to = date_option(options["valid_to"], "--valid-to")
        try:
            rule = opening_rule_add(
                site=site,
                actor=ACTOR,
                weekdays=options["weekdays"],
                weeks=options["weeks"],
                start=start,
                end=end,
                windows=options["windows"],
                valid_from=valid_from,
                valid_to=valid_to,
                label=options["label"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"開庁時間 {rule.pk} を登録しました")

    def _capacity(self, options: dict[str, Any]) -> None:
        from kofu.bookings import services

        try:
            slot = services.slot_set_capacity(
                slot_id=options["slot"],
                capacity=options["capacity"],
                web_capacity=options["web"],
                phone_capacity=options["phone"],
                actor=ACTOR,
            )
        except NotFound as exc:
            raise CommandError(f"予約枠 {options['slot']} がありません") from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"予約枠 {slot.pk}: 定員 {slot.capacity}（Web {slot.web_capacity}・電話 {slot.phone_capacity}・"
            f"窓口（当日） {slot.walk_in_capacity}）、予約 {slot.booked}"
        )

    def _find(self, typed: str) -> None:
        from kofu.bookings.selectors import booking_by_number
        from kofu.rules.booking_numbers import normalise_number

        number = normalise_number(typed)
        booking = booking_by_number(number) if number else None
        if booking is None:
            raise CommandError(f"予約番号 {typed} の予約はありません（例: K7QM-3HXP）。")
        slot = booking.slot
        party = len(booking.party.all()) + 1 if booking.lead_id is None else 1
        self.stdout.write(
            f"{booking.number}\t{booking.get_status_display()}\t{slot.site.name}\t"
            f"{timezone.localtime(slot.starts_at):%Y-%m-%d %H:%M}\t{party}人"
            + (f"\t代表の予約 {booking.lead.number}" if booking.lead else "")
        )
