from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kofu.stats.demo.loader import demo_load


class Command(BaseCommand):
    help = (
        "init の後、同梱のデモデータ（全市区町村の交付枚数 令和3年10月〜令和4年9月の12時点、資料に掲載された"
        "令和4年1月1日現在・10月末時点の公表値、コンビニ交付の参加団体）を読み込み、画面を起動します。"
        "何度実行しても結果は同じです。 / Run init, load the bundled demo data (every municipality for 12 months "
        "2021-10 to 2022-09, the published figures of 2022-01-01 and 2022-10-31, convenience-store participation) "
        "and serve the web app."
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
        call_command("init", verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
        result = demo_load()
        if verbosity:
            self.stdout.write(
                f"デモデータ: 読込 {len(result.loaded)} ファイル、読込済みのため省略 {len(result.skipped)} ファイル"
            )
            dates = "、".join(f"{as_of:%Y-%m-%d}" for as_of in result.snapshots)
            self.stdout.write(f"取込済みの時点: {dates}")
        if no_serve:
            return
        _check_port_free(host, port)
        # WhiteNoise warns at start-up when STATIC_ROOT is missing (static files come from the apps).
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        call_command("serve", host=host, port=port, workers=2, stdout=self.stdout, stderr=self.stderr)


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
