"""``kofu audit verify``: recompute the audit log's hash chain."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kofu.accounts.audit import verify_chain
from kofu.accounts.models import AuditEvent


class Command(BaseCommand):
    help = "監査ログのハッシュチェーンを検証します。 / Verify the audit log's hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify}")
        sub.add_parser("verify", help="改ざん・削除がないか全行を検証する / check every row")

    def handle(self, *args: Any, **options: Any) -> None:
        problems = list(verify_chain())
        if problems:
            for problem in problems[:50]:
                self.stderr.write(f"監査ログ {problem.event_id}番: {problem.text}")
            raise CommandError(f"監査ログの検証に失敗しました（{len(problems)}件）")
        self.stdout.write(f"監査ログの検証に成功しました（{AuditEvent.objects.count()}行）")
