"""``kofu cards purge`` and ``kofu cards renewals``: the end of the residents' data lifecycle.

Kept beside ``cards.py`` (a leading underscore: not a command of its own).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kofu.accounts.roles import System
from kofu.cards.models import PersonalDataExport
from kofu.cards.selectors import renewals
from kofu.cards.services import exports, purge
from kofu.core.command_options import date_option, municipality_option
from kofu.rules import cards as rules


def add_lifecycle_parsers(sub: Any) -> None:
    text = (
        "保存期間（KOFU_RETENTION_DAYS）を過ぎた交付済み・郵送済み・取消のカードの個人情報を削除する。"
        "既定は件数の確認だけ（--execute で削除）"
    )
    pg = sub.add_parser(
        "purge",
        help=text + " / purge personal data after the retention period (dry run by default)",
        description=text
        + "。氏名・カナ・生年月日・住所・電話・メモ・交付通知書番号・予約のメールアドレスを消し、"
        "削除記録と監査ログを残す。カードの行・状態・日付・件数は残る。",
    )
    pg.add_argument("--as-of", dest="as_of", help="基準日 YYYY-MM-DD（既定: 今日）")
    pg.add_argument("--execute", action="store_true", help="実際に削除する（指定しなければ確認だけ）")
    pg.add_argument(
        "--retention-days", dest="days", type=int, help="保存期間（日）。既定は KOFU_RETENTION_DAYS"
    )

    text = (
        "期間中に有効期限が来るカード・電子証明書の一覧（CSV、氏名・住所入り）を出力する。"
        "個人情報の持ち出しとして目的が必要で、カードごとにアクセス記録に残る"
    )
    rn = sub.add_parser(
        "renewals",
        help=text + " / list cards and certificates expiring in a period (personal data: needs --purpose)",
        description=text + "。列は docs/data-formats.md。",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="--purpose: " + ", ".join(f"{code}（{label}）" for code, label in exports.EXPORT_PURPOSES),
    )
    rn.add_argument("--municipality", required=True, metavar="CODE", help="団体コード（6桁）")
    rn.add_argument("--from", dest="start", required=True, help="期間の始まり YYYY-MM-DD")
    rn.add_argument("--until", dest="until", required=True, help="期間の終わり YYYY-MM-DD（この日を含む）")
    rn.add_argument("--kind", choices=list(renewals.KINDS), help="card（カード）か certificate（電子証明書）")
    rn.add_argument("--format", dest="fmt", choices=["csv"], default="csv")
    rn.add_argument(
        "--purpose",
        required=True,
        choices=sorted(exports.PURPOSE_CODES),
        help="出力の目的（必須）",
    )
    rn.add_argument("--purpose-text", dest="purpose_text", default="", help="目的の内容（other では必須）")
    rn.add_argument("-o", "--output", help="書き出すファイル（既定: 標準出力）")


def run_lifecycle(command: BaseCommand, options: dict[str, Any]) -> None:
    if options["action"] == "purge":
        _purge(command, options)
    else:
        _renewals(command, options)


def _purge(command: BaseCommand, options: dict[str, Any]) -> None:
    as_of = date_option(options["as_of"], "--as-of")
    days = options["days"]
    if days is not None and days < 1:
        raise CommandError("--retention-days は1以上にしてください")
    plan = purge.purge_plan(as_of=as_of, days=days)
    out = command.stdout
    mode = "削除します" if options["execute"] else "確認だけ（削除するには --execute）"
    out.write(
        f"基準日 {plan.as_of:%Y-%m-%d}、保存期間 {plan.retention_days}日："
        f"{plan.cutoff:%Y-%m-%d} より前に交付・郵送・取消したカードが対象。{mode}"
    )
    out.write("municipality,name,state,cards")
    for code, by_state in plan.counts.items():
        for state, n in by_state.items():
            out.write(f"{code},{plan.names[code]},{rules.STATE_LABELS[state]},{n}")
    out.write(f"合計 {plan.total}件")
    if not options["execute"]:
        return
    deletion = purge.personal_data_purge(
        actor=System("kofu cards purge"), as_of=plan.as_of, days=plan.retention_days
    )
    if deletion is None:
        out.write("削除する個人情報はありませんでした")
    else:
        out.write(
            f"カード {deletion.card_count}件・来庁予約 {deletion.booking_count}件の個人情報を削除しました"
            f"（削除記録 {deletion.pk}）"
        )
    reclaimed = purge.reclaim_space()
    out.write(f"領域の回収: {reclaimed.detail}")
    if not reclaimed.complete:
        command.stderr.write(
            "領域を回収できませんでした。kofu を止めてから kofu cards purge --execute をもう一度実行してください"
            "（削除済みのカードは対象になりません。領域の回収だけを行います）。"
        )


def _renewals(command: BaseCommand, options: dict[str, Any]) -> None:
    municipality = municipality_option(options["municipality"])
    start = date_option(options["start"], "--from")
    until = date_option(options["until"], "--until")
    assert start is not None and until is not None
    try:
        items = renewals.renewals(municipality, start, until, options["kind"])
        exports.personal_data_export_record(
            actor=System("kofu cards renewals"),
            municipality=municipality,
            kind=PersonalDataExport.Kind.RENEWALS,
            purpose=options["purpose"],
            purpose_text=options["purpose_text"],
            cards=list({item.card.pk: item.card for item in items}.values()),
            parameters={
                "from": start.isoformat(),
                "until": until.isoformat(),
                "kind": options["kind"] or "all",
            },
        )
    except renewals.PeriodError as exc:
        raise CommandError(str(exc)) from exc
    except ValidationError as exc:
        raise CommandError("; ".join(exc.messages)) from exc
    if options["output"]:
        path = Path(options["output"])
        with path.open("w", encoding="utf-8", newline="") as handle:
            renewals.write_csv(items, handle)
        sys.stderr.write(f"{path}: {len(items)}件\n")
        return
    renewals.write_csv(items, command.stdout)
