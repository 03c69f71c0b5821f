"""``kofu accounts``: the first ministry administrator and staff accounts from the command line."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser

from kofu.accounts import services
from kofu.accounts.grants import export_permission_set
from kofu.accounts.models import Organisation, StaffMembership
from kofu.accounts.roles import System
from kofu.core.command_options import ExamplesKeptAsWritten
from kofu.core.validators import MY_NUMBER_REFUSED
from kofu.registry.models import Municipality, Prefecture
from kofu.rules.codes import contains_my_number

#: Who the audit log shows for this command's changes.
ACTOR = System("kofu accounts")


class Command(ExamplesKeptAsWritten):
    help = (
        "職員アカウントの作成・無効化（運用担当）。その後の職員は各組織の管理者が画面 /accounts/staff/ で管理します。"
        " / Staff accounts from the command line; organisation administrators manage the rest on the web.\n"
        "  kofu accounts create-ministry-admin USERNAME   最初の総務省管理者を作る\n"
        "  kofu accounts create-staff USERNAME --prefecture 45 | --municipality 452017 | --ministry [--admin]\n"
        "  kofu accounts grant-export USERNAME [--withdraw]   住民の個人情報の出力（持ち出し）の権限\n"
        "  kofu accounts disable USERNAME                 アカウントを無効にする（最後の管理者が異動した場合など）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{create-ministry-admin,create-staff,grant-export,disable}"
        )
        first = sub.add_parser(
            "create-ministry-admin",
            help="最初の総務省管理者を作成する / create the first ministry administrator",
            description="パスワードは環境変数 KOFU_PASSWORD、なければ対話入力で受け取ります。",
        )
        first.add_argument("username")
        staff = sub.add_parser(
            "create-staff",
            help="職員アカウントを作成する（コマンドからの作成は運用管理者のみ） / create a staff account",
            description="パスワードは環境変数 KOFU_PASSWORD、なければ対話入力で受け取ります。",
        )
        staff.add_argument("username")
        where = staff.add_mutually_exclusive_group(required=True)
        where.add_argument("--ministry", action="store_true", help="総務省の職員")
        where.add_argument("--prefecture", metavar="CODE", help="都道府県コード2桁（例: 45）")
        where.add_argument("--municipality", metavar="CODE", help="団体コード6桁（例: 452017）")
        staff.add_argument("--admin", action="store_true", help="組織の管理者にする（職員を作成できる）")
        grant = sub.add_parser(
            "grant-export",
            help="市区町村の職員に住民の個人情報の出力（持ち出し）の権限を付与する / allow exports of personal data",
            description="組織の管理者が画面で行う付与を、運用管理者がコマンドで行います。監査ログに残ります。",
        )
        grant.add_argument("username")
        grant.add_argument("--withdraw", action="store_true", help="権限を取り消す / withdraw it")
        disable = sub.add_parser(
            "disable",
            help="アカウントを無効にし、ログイン中の画面も終了する / disable an account and end its sessions",
            description=(
                "組織の最後の管理者でも無効にできます（画面からはできません）。その組織の次の管理者は、"
                "総務省（市区町村は都道府県も）の管理者が画面「管下の組織の最初の管理者の作成」で作ります。"
            ),
        )
        disable.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if any(isinstance(v, str) and contains_my_number(v) for v in options.values()):
            raise CommandError(MY_NUMBER_REFUSED)  # before any look-up, and never echoed
        if options["action"] == "disable":
            self._disable(options["username"])
            return
        if options["action"] == "grant-export":
            self._grant_export(options["username"], allowed=not options["withdraw"])
            return
        password = os.environ.get("KOFU_PASSWORD") or self._ask_password()
        if options["action"] == "create-ministry-admin":
            organisation = services.organisation_for_ministry(actor=ACTOR)
            is_admin = True
        else:
            organisation = self._organisation(options)
            is_admin = options["admin"]
        try:
            membership = services.staff_create(
                username=options["username"],
                password=password,
                organisation=organisation,
                is_admin=is_admin,
                actor=ACTOR,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        role = "管理者" if is_admin else "職員"
        self.stdout.write(f"{organisation} の{role}「{membership.user.username}」を作成しました")

    def _grant_export(self, username: str, *, allowed: bool) -> None:
        try:
            membership = export_permission_set(username=username, allowed=allowed, actor=ACTOR)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        done = "付与しました" if allowed else "取り消しました"
        self.stdout.write(
            f"{membership.organisation} の「{username}」に住民の個人情報の出力（持ち出し）の権限を{done}"
            if allowed
            else f"{membership.organisation} の「{username}」の住民の個人情報の出力（持ち出し）の権限を{done}"
        )

    def _organisation(self, options: dict[str, Any]) -> Organisation:
        if options["ministry"]:
            return services.organisation_for_ministry(actor=ACTOR)
        if options["prefecture"]:
            prefecture = Prefecture.objects.filter(code=options["prefecture"]).first()
            if prefecture is None:
                raise CommandError(f"都道府県コード {options['prefecture']} はありません（2桁: 01〜47）")
            return services.organisation_for_prefecture(prefecture=prefecture, actor=ACTOR)
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                f"団体コード {options['municipality']} は団体台帳にありません（kofu init 済みですか）"
            )
        return services.organisation_for_municipality(municipality=municipality, actor=ACTOR)

    def _disable(self, username: str) -> None:
        membership = (
            StaffMembership.objects.filter(user__username=username).select_related("organisation").first()
        )
        if membership is None:
            raise CommandError(f"職員アカウント「{username}」はありません")
        services.staff_deactivate(membership=membership, actor=ACTOR)
        self.stdout.write(
            f"{membership.organisation} の「{username}」を無効にしました（ログイン中の画面も終了）"
        )

    def _ask_password(self) -> str:
        first = getpass.getpass("パスワード: ")
        if first != getpass.getpass("パスワード（確認）: "):
            raise CommandError("パスワードが一致しません")
        return first
