"""``kofu audit verify`` (the audit log's hash chain) and ``kofu audit accesses`` (the access log)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kofu.accounts.audit import verify_chain
from kofu.accounts.models import AuditEvent
from kofu.core import spreadsheet
from kofu.core.command_options import date_option, municipality_option


class Command(BaseCommand):
    help = (
        "監査ログの検証と、住民記録のアクセス記録の出力。 / Verify the audit log; print the access log.\n"
        "  kofu audit verify\n"
        "  kofu audit accesses --municipality CODE [--since YYYY-MM-DD] [--until YYYY-MM-DD]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify,accesses}")
        sub.add_parser("verify", help="改ざん・削除がないか全行を検証する / check every row")
        acc = sub.add_parser(
            "accesses",
            help="住民記録のアクセス記録を CSV で出力する（個人情報は含みません） / the access log as CSV",
            description=(
                "列: at_utc,application_id,action,purpose,organisation,role,user,source_ip。"
                "日付は日本時間の日（両端を含む）。"
            ),
        )
        acc.add_argument("--municipality", required=True, help="団体コード（6桁）")
        acc.add_argument("--since", help="この日から（YYYY-MM-DD）")
        acc.add_argument("--until", help="この日まで（YYYY-MM-DD）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "accesses":
            self._accesses(options)
            return
        problems = list(verify_chain())
        if problems:
            for problem in problems[:50]:
                self.stderr.write(f"監査ログ {problem.event_id}番: {problem.text}")
            raise CommandError(f"監査ログの検証に失敗しました（{len(problems)}件）")
        self.stdout.write(f"監査ログの検証に成功しました（{AuditEvent.objects.count()}行）")

    def _accesses(self, options: dict[str, Any]) -> None:
        from kofu.cards.access_log import ACCESS_COLUMNS, access_rows

        municipality = municipality_option(options["municipality"])
        since, until = date_option(options["since"], "--since"), date_option(options["until"], "--until")
        if since and until and since > until:
            raise CommandError("--since は --until 以前の日付にしてください")
        writer = spreadsheet.csv_writer(self.stdout, lineterminator="\n")
        writer.writerow(ACCESS_COLUMNS)
        writer.writerows(access_rows(municipality.pk, since, until))
