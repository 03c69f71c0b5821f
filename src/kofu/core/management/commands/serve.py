from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from gunicorn.app.wsgiapp import run


def default_workers() -> int:
    return max(2, (os.cpu_count() or 1) * 2 + 1)


class Command(BaseCommand):
    help = "本番用サーバ（gunicorn）で kofu を提供します。 / Serve kofu with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="待ち受けるアドレス（既定 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="待ち受けるポート（既定 8000）")
        parser.add_argument(
            "--workers", type=int, default=default_workers(), help="ワーカー数（既定: コア数×2+1）"
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=1,
            help="ワーカーごとのスレッド数（既定 1: 同期ワーカー。2以上で gthread ワーカーになり、"
            "接続を保ったまま続けて要求を受けます（keep-alive）。docs/benchmarks.md の測定を参照）",
        )

    def handle(self, *args: Any, host: str, port: int, workers: int, threads: int, **options: Any) -> None:
        self.stdout.write(f"kofu を http://{host}:{port}/ で提供します（停止: Ctrl+C）")
        self.stdout.flush()
        argv = [
            "gunicorn",
            "kofu.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
            # Load the app (and kofu.warmup) once in the master: no worker pays on its first request.
            "--preload",
            "--access-logfile",
            "-",
            "--logger-class",
            "kofu.core.serving.PathOnlyLogger",  # paths without query strings (docs/security.md)
        ]
        if threads > 1:  # gunicorn's gthread worker: keep-alive connections (ADR 0035 measured both)
            argv += ["--threads", str(threads)]
        _run(argv)


def _run(argv: list[str]) -> None:
    sys.argv = argv
    run()
