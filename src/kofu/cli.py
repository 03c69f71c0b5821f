"""The ``kofu`` command: one entry point wrapping kofu's Django management commands."""

from __future__ import annotations

import os
import sys

#: (command, Japanese help, English help) — what ``kofu --help`` lists.
COMMANDS: list[tuple[str, str, str]] = [
    (
        "init",
        "データベースを作成・移行し、同梱の参照データ（団体台帳）を読み込む（何度実行しても同じ結果）",
        "create or migrate the database and load the bundled reference data (idempotent)",
    ),
    (
        "demo",
        "init の後、デモデータ（資料の公表値と、役割ごとのデモ利用者・都城市の業務データ）を読み込み、127.0.0.1:8000 で画面を起動する",
        "init, load the demo (published figures; demo accounts per role and a drive in Miyakonojo) and serve on 127.0.0.1:8000",
    ),
    ("serve", "本番用サーバ（gunicorn）で画面を提供する", "serve the web app with gunicorn"),
    (
        "accounts",
        "職員アカウント：最初の総務省管理者・職員の作成・無効化、個人情報の出力の権限（以後は各組織の管理者が画面で管理）",
        "staff accounts: first ministry administrator, create/disable staff, export permission (then on the web)",
    ),
    (
        "audit",
        "監査ログ・アクセス記録の検証（kofu audit verify）、チェックポイント（kofu audit checkpoint）、"
        "アクセス記録の出力（kofu audit accesses）",
        "verify both logs' hash chains; print a checkpoint to keep off the host; print the access log as CSV",
    ),
    (
        "backup",
        "データベースのバックアップ（SQLite はオンラインバックアップ、PostgreSQL は pg_dump）",
        "back up the database (SQLite online backup, PostgreSQL pg_dump)",
    ),
    (
        "restore",
        "バックアップからデータベースを復元し、記録を検証して削除防止トリガーを入れ直す（--yes が必要）",
        "restore the database from a backup, verify its logs, reinstall their triggers (needs --yes)",
    ),
    (
        "registry",
        "団体台帳：一覧（マスタ）・住民基本台帳人口の取込、団体の検索",
        "registry: import the municipality master and population snapshots, look up municipalities",
    ),
    (
        "stats",
        "交付状況統計：ファイルの取込（CSV/XLSX/PDF）、集計表の出力（CSV/XLSX）",
        "issuance statistics: import files (CSV/XLSX/PDF), print tables (CSV/XLSX)",
    ),
    (
        "plan",
        "交付円滑化計画：各月の交付枚数・開庁日数・必要窓口数の算出、都道府県の確認項目の判定",
        "smoothing plan: monthly targets, opening days and windows needed; the prefecture's review checks",
    ),
    (
        "hearings",
        "事情聴取：対象団体の選定（都道府県・総務省、理由つき CSV）",
        "hearings: select the municipalities to hear (prefecture / ministry), CSV with reasons",
    ),
    (
        "subsidy",
        "補助金の算定：受取勧奨の基準額（1団体・全団体）、宣伝及び集客経費の上限額、実績報告の集計と明細",
        "subsidy amounts: receipt-encouragement base amount, publicity cap, claims summary and statements",
    ),
    (
        "budget",
        "補助金の予算額と残額、ⅳ の公式値と検算（CSV）",
        "subsidy budget and remaining budget, the official ⅳ beside kofu's (CSV)",
    ),
    (
        "baseamounts",
        "補助金の団体ごとの基準額（総務省からお知らせする額）の登録・取込・一覧",
        "subsidy: the general base amount per municipality (set, import a list, list as CSV)",
    ),
    (
        "grants",
        "デジタル田園都市国家構想交付金：交付率が全国平均以上か・目標の表明の確認、不足枚数",
        "Digital Garden City grant: rate vs. national average, declared goal, cards still needed",
    ),
    (
        "surveys",
        "取組調査：上位・下位団体のクロス集計（Fisher の正確確率検定）、回答（XLSX）の取込",
        "measure surveys: top/bottom cross-tables with Fisher's exact test, import answers (XLSX)",
    ),
    (
        "cards",
        "カードの交付事務：J-LIS納品ファイル・申請一覧の取込、滞留状況の出力、保存期間を過ぎた個人情報の削除、"
        "有効期限の更新案内の一覧（目的つきの持ち出し）",
        "card pipeline: import delivery files and application lists, print the backlog, purge personal "
        "data after the retention period, renewal lists (an export with a purpose)",
    ),
    (
        "bookings",
        "来庁予約：試験データ（fixture）、開庁時間からの予約枠作成、リマインドメール、仮押さえの解放",
        "pickup bookings: test fixture, slots from opening rules, reminder e-mails, expired holds",
    ),
    (
        "walkins",
        "窓口の発券：受付番号の発券・呼出、窓口・時間帯ごとの待ち時間と対応数（計画の1窓口1日あたりの件数）",
        "walk-in tickets: issue and call numbers, waits and people served per window and hour",
    ),
    (
        "outbox",
        "送信箱（メール）：送信待ちのメールの送信と失敗したメールの再送（cron 向け）、状態の確認",
        "outbox: deliver queued e-mail and retry failed messages (for cron), show counts",
    ),
    (
        "forecast",
        "交付・更新の見通し：交付率の予測（80％区間）と目標到達月、予測の検証、カード・電子証明書の更新件数、"
        "事情聴取の候補",
        "forecasts: issuance rate with an 80 % interval and target months, backtest, card and "
        "certificate renewals due, hearing candidates",
    ),
    (
        "validity",
        "マイナンバーカード・電子証明書の有効期限（生年月日・申請受付日・発行日から）",
        "card and electronic-certificate expiry from birth, application and issue dates",
    ),
]


#: Commands that only read or write data: they skip Django's system checks (about 0.3 s of every run,
#: most of it importing every view to check the URLs). ``init``, ``demo`` and ``serve`` keep them:
#: they are where a broken installation must show.
CHECKED_COMMANDS = frozenset({"init", "demo", "serve"})
DATA_COMMANDS = frozenset(name for name, _, _ in COMMANDS) - CHECKED_COMMANDS


def usage() -> str:
    lines = [
        "使い方 / usage: kofu <command> [options]",
        "",
        "コマンド / commands:",
    ]
    for name, ja, en in COMMANDS:
        lines.append(f"  {name:<10} {ja}")
        lines.append(f"  {'':<10} {en}")
    lines += [
        "",
        "各コマンドの詳細 / details: kofu <command> --help",
        "データベース / database: 環境変数 DATABASE_URL（sqlite:////path/file.db, postgres://…）。"
        "未指定なら KOFU_DATA_DIR（既定: ユーザーのデータディレクトリ）の kofu.sqlite3",
        "Django の管理コマンド（migrate など）も kofu <command> で実行できます / "
        "Django management commands also run as kofu <command>.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(usage())
        return 0
    if args[0] in {"--version", "version"}:
        from kofu import __version__

        print(f"kofu {__version__}")
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kofu.settings")
    from kofu.config import ConfigError

    try:
        _execute(args)
    except ConfigError as exc:
        print(f"設定エラー: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`kofu stats table … | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        from django.db import OperationalError

        if not isinstance(exc, OperationalError):
            raise
        print(f"データベースに接続できません（DATABASE_URL を確認してください）: {exc}", file=sys.stderr)
        return 2
    return 0


def _execute(args: list[str]) -> None:
    """Run a management command; kofu's data commands without the system checks."""
    from django.core.management import execute_from_command_line

    if args[0] not in DATA_COMMANDS:
        execute_from_command_line(["kofu", *args])
        return
    import django
    from django.core.management import ManagementUtility

    django.setup()
    argv = ["kofu", *args]
    command = ManagementUtility(argv).fetch_command(args[0])
    command.requires_system_checks = []  # on this instance only: no checks, no --skip-checks option
    command.run_from_argv(argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
