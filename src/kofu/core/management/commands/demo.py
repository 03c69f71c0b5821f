from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser

from kofu.core.command_options import ExamplesKeptAsWritten
from kofu.core.drive_demo import ACCOUNTS, DEMO_PASSWORD, DemoRefused, DriveDemoResult, drive_demo_load
from kofu.core.drive_demo.accounts import refuse_under_production
from kofu.stats.demo.loader import demo_load


class Command(ExamplesKeptAsWritten):
    help = (
        "init の後、同梱のデモデータ（全市区町村の交付枚数 令和3年10月〜令和4年9月の12時点、資料に掲載された"
        "令和4年1月1日現在・10月末時点の公表値、コンビニ交付の参加団体）と、業務のデモ（役割ごとの利用者、"
        "宮崎県都城市のカード・予約枠・予約、計画、実績報告、補助金申請、調査、出張申請受付。日付は今日から数えます）を"
        "読み込み、画面を起動します。何度実行しても結果は同じです。本番設定では使えません。 / Run init, load the "
        "bundled statistics (every municipality for 12 months 2021-10 to 2022-09, the published figures of "
        "2022-01-01 and 2022-10-31, convenience-store participation) and a living drive (an account per role; "
        "cards, slots, bookings, plans, reports, claims, a survey and outreach events of Miyakonojo, dated from "
        "today), then serve the web app. Refused under the production settings.\n"
        "  kofu demo                       読み込んで http://127.0.0.1:8000/ で起動する\n"
        "  kofu demo --no-serve            読み込みだけ行う（起動は kofu serve）\n"
        "  kofu demo --host 0.0.0.0 --port 8080   待ち受け先を変える（KOFU_ALLOWED_HOSTS も設定）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="待ち受けるアドレス（既定 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="待ち受けるポート（既定 8000）")
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="読み込みだけ行い、画面は起動しない / load the data only, do not serve",
        )

    def handle(self, *args: Any, host: str, port: int, no_serve: bool, **options: Any) -> None:
        verbosity = int(options.get("verbosity", 1))
        try:
            refuse_under_production()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from None
        if not no_serve:
            _check_port_free(host, port)  # before loading: a taken port is said at once
        call_command("init", verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
        result = demo_load()
        drive = drive_demo_load()
        if verbosity:
            self.stdout.write(
                f"デモデータ: 読込 {len(result.loaded)} ファイル、読込済みのため省略 {len(result.skipped)} ファイル"
            )
            dates = "、".join(f"{as_of:%Y-%m-%d}" for as_of in result.snapshots)
            self.stdout.write(f"取込済みの時点: {dates}")
            self._print_drive(drive, host, port)
        if no_serve:
            return
        _check_port_free(host, port)
        # WhiteNoise warns at start-up when STATIC_ROOT is missing (static files come from the apps).
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        call_command("serve", host=host, port=port, workers=2, stdout=self.stdout, stderr=self.stderr)

    def _print_drive(self, drive: DriveDemoResult, host: str, port: int) -> None:
        self.stdout.write(
            "業務のデモ: " + ("作成しました" if drive.created else "作成済み（そのまま使います）")
        )
        self.stdout.write(
            f"職員ログイン http://{host}:{port}/accounts/login/ （パスワードはすべて {DEMO_PASSWORD}）"
        )
        for account in ACCOUNTS:
            self.stdout.write(f"  {account.username:<18} {account.organisation}（{account.role}）")
        self.stdout.write(f"住民の受取予約 http://{host}:{port}/bookings/ （交付通知書の番号と生年月日）")
        for resident in drive.residents:
            self.stdout.write(
                f"  {resident.name}  交付通知書番号 {resident.notice_number}  生年月日 {resident.birth_date:%Y-%m-%d}"
            )


def _check_port_free(host: str, port: int) -> None:
    """Refuse early, in Japanese, when the port is taken (gunicorn would retry, then fail in English)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does
        try:
            sock.bind((host.strip("[]"), port))
        except OSError as exc:
            raise CommandError(
                f"{host}:{port} で待ち受けられません（{exc.strerror}）。--port で別のポートを指定してください"
            ) from None
