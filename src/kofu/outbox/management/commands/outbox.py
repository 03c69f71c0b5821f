"""``kofu outbox``: deliver queued e-mail and retry failed messages; show the outbox's state."""

from __future__ import annotations

import argparse
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kofu.config import email_url_for_display
from kofu.outbox import services
from kofu.outbox.models import Message
from kofu.outbox.selectors import state_counts
from kofu.rules.outbox import mask_address

EXAMPLES = """examples / 例:
  kofu outbox send
  kofu outbox send --limit 200
  kofu outbox status
  kofu outbox status --failed 20

cron（5分ごと）/ every five minutes:
  */5 * * * * /opt/kofu/.venv/bin/kofu outbox send --quiet"""


class Command(BaseCommand):
    help = (
        "送信箱（メール）：送信待ちのメールを送り、失敗したメールを再送する。状態の確認。 / "
        "Outbox: deliver queued e-mail, retry failed messages, show counts."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        parser.epilog = EXAMPLES
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{send,status}")
        send = sub.add_parser(
            "send",
            help="送信待ち・再送時刻を過ぎた送信失敗のメールを送る / deliver queued and due failed messages",
            description=(
                "送信待ちのメールと、再送の時刻を過ぎた送信失敗のメール（試行が KOFU_EMAIL_MAX_ATTEMPTS 回未満）を"
                "古い順に送ります。同時に複数動かしても同じメールを二度送りません（cron・systemd timer 向け）。\n"
                "送信先は KOFU_EMAIL_URL。メールサーバーに接続できなければ中断し、終了コード 1 で終わります。"
            ),
            epilog="examples / 例:\n  kofu outbox send\n  kofu outbox send --limit 200 --quiet",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        send.add_argument("--limit", type=int, default=500, help="1回に送る最大件数（既定 500） / at most N")
        send.add_argument(
            "--quiet", action="store_true", help="送るものがなければ何も出力しない / no output when idle"
        )
        status = sub.add_parser(
            "status",
            help="状態ごとの件数と送信先の設定 / counts per state and the mail settings",
            description="状態ごとの件数、送信先（パスワードは伏せる）、送信失敗のメール（宛先は一部だけ）を表示します。",
            epilog="examples / 例:\n  kofu outbox status\n  kofu outbox status --failed 20",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        status.add_argument("--failed", type=int, default=10, help="表示する送信失敗の件数（既定 10）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "send":
            self._send(limit=options["limit"], quiet=options["quiet"])
        else:
            self._status(failed=options["failed"])

    def _send(self, *, limit: int, quiet: bool) -> None:
        if limit < 1:
            raise CommandError("--limit は1以上にしてください")
        result = services.messages_deliver(limit=limit)
        if result.released:
            self.stdout.write(f"送信の途中で止まっていたメール {result.released} 件を再送の対象にしました")
        if result.sent or result.failed or not quiet:
            self.stdout.write(f"送信 {result.sent} 件、失敗 {result.failed} 件")
        if result.stopped:
            raise CommandError(f"送信を中断しました（残りは次回送ります）: {result.stopped}")

    def _status(self, *, failed: int) -> None:
        labels = dict(Message.State.choices)
        self.stdout.write(
            "送信先 / KOFU_EMAIL_URL: " + (email_url_for_display(settings.KOFU_EMAIL_URL) or _default())
        )
        self.stdout.write("差出人 / KOFU_EMAIL_FROM: " + settings.DEFAULT_FROM_EMAIL)
        for state, count in state_counts(Message.objects.all()).items():
            self.stdout.write(f"{labels[state]}: {count} 件")
        for message in Message.objects.filter(state=Message.State.FAILED).order_by("-created_at")[:failed]:
            self.stdout.write(
                f"  #{message.pk} {message.created_at:%Y-%m-%d %H:%M} {mask_address(message.recipient)} "
                f"試行 {message.attempts} 回: {message.last_error}"
            )


def _default() -> str:
    return f"（未設定: {settings.EMAIL_FILE_PATH} にファイルとして保存）"
