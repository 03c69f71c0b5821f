"""Benchmark: ``kofu outbox send`` messages per second to a local SMTP server, beside raw smtplib.

Usage (from the repository root, after ``pip install -e '.[test]'``; aiosmtpd is a test extra)::

    python bench/bench_outbox.py [--messages 1000] [--repeat 3]

Each repeat: a fresh database (a SQLite file in a temporary directory, or a PostgreSQL database
next to the one ``DATABASE_URL`` names, dropped afterwards), ``kofu migrate``, N queued messages,
then one ``kofu outbox send --limit N`` process (start-up included) against an aiosmtpd server on
127.0.0.1. The baseline in the same run: the same N messages sent with ``smtplib`` over one
connection, without a database. Reports the medians and the load average.
"""

from __future__ import annotations

import argparse
import os
import platform
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402

from tests.bookings.live import KOFU, database, free_port, kofu  # noqa: E402

SEED = (
    "from django.utils import timezone; from kofu.outbox.models import Message; "
    "Message.objects.bulk_create([Message(kind='bench', recipient=f'r{i}@example.jp', "
    "subject=f'【来庁予約】予約を受け付けました {i}', body='来庁日時: 2026-05-12 10:00+09:00\\n' * 8, "
    "created_at=timezone.now()) for i in range(N)])"
)


class Counting:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.count += 1
        return "250 OK"


def outbox_run(n: int, port: int) -> float:
    with tempfile.TemporaryDirectory() as tmp, database(Path(tmp)) as url:
        env = {**os.environ, "DATABASE_URL": url, "KOFU_DATA_DIR": tmp}
        env["KOFU_EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
        env.pop("DJANGO_SETTINGS_MODULE", None)
        kofu(env, "migrate", "--verbosity", "0")
        kofu(env, "shell", "-c", SEED.replace("range(N)", f"range({n})"))
        started = time.perf_counter()
        done = subprocess.run([KOFU, "outbox", "send", "--limit", str(n)], env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0 or f"送信 {n} 件" not in done.stdout:
            raise RuntimeError(done.stdout + done.stderr)
        return elapsed


def raw_run(n: int, port: int) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for i in range(n):
            message = EmailMessage()
            message["From"], message["To"] = "kofu@localhost", f"r{i}@example.jp"
            message["Subject"] = f"【来庁予約】予約を受け付けました {i}"
            message.set_content("来庁日時: 2026-05-12 10:00+09:00\n" * 8)
            smtp.send_message(message)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    port, handler = free_port(), Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        outbox = [outbox_run(args.messages, port) for _ in range(args.repeat)]
        raw = [raw_run(args.messages, port) for _ in range(args.repeat)]
    finally:
        controller.stop()
    assert handler.count == 2 * args.messages * args.repeat, handler.count
    n = args.messages
    db = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite file"
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}; database: {db}")
    print(f"load average before/after: {os.getloadavg()}")
    for label, runs in (("kofu outbox send (process)", outbox), ("raw smtplib, no database", raw)):
        median = statistics.median(runs)
        shown = ", ".join(f"{t:.2f}" for t in runs)
        print(f"{label:<28} {n} messages: median {median:.2f} s ({n / median:.0f} messages/s); runs {shown}")


if __name__ == "__main__":
    main()
