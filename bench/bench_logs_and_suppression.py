"""Benchmark: what the tamper-evident logs and complementary suppression cost (issue 13).

Usage (from the repository root, after ``pip install -e .``)::

    python bench/bench_logs_and_suppression.py [--events 2000] [--repeat 3]
    DATABASE_URL=postgres://kofu:kofu@127.0.0.1:5432/kofu_bench python bench/bench_logs_and_suppression.py

1. Audit appends: ``--events`` audit events, one transaction each (as a booking writes one), with
   the logs' head trigger in place and, as the baseline in the same run, with it dropped; the SQL
   statements of one append are counted too (the booking path must not gain a round trip).
2. ``protect_table`` on random prefecture-shaped tables: 30 × 8 and 180 × 8 (Hokkaido's size),
   counts drawn so that about half are below k.

Uses a fresh SQLite file in a temporary ``KOFU_DATA_DIR``, or the PostgreSQL database
``DATABASE_URL`` names (its logs are emptied: use a scratch database).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["KOFU_DATA_DIR"] = tempfile.mkdtemp(prefix="kofu-bench-logs-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kofu.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def appends(events: int) -> float:
    from django.db import transaction

    from kofu.accounts.audit import audit_record

    started = time.perf_counter()
    for n in range(events):
        with transaction.atomic():
            audit_record(actor=None, action="bench.write", object_type="bench", object_id=n, after={"n": n})
    return time.perf_counter() - started


def appends_in_one_transaction(events: int) -> float:
    """As a notice batch writes them: one event per card, all in one transaction."""
    from django.db import transaction

    from kofu.accounts.audit import audit_record

    started = time.perf_counter()
    with transaction.atomic():
        for n in range(events):
            audit_record(actor=None, action="bench.batch", object_type="bench", object_id=n)
    return time.perf_counter() - started


def statements_per_append() -> list[str]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from kofu.accounts.audit import audit_record

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        audit_record(actor=None, action="bench.count", object_type="bench")
    return [query["sql"].split()[0].upper() for query in queries.captured_queries]


def head_trigger(on: bool) -> None:
    from django.db import connection

    from kofu.core import append_only

    log = append_only.LOGS[0]
    name = append_only.trigger_names(log)[2]
    if on:
        append_only.install(connection, [log.table])
    else:
        with connection.cursor() as cursor:
            on_table = f" ON {log.table}" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on_table}")


def table(rows: int, seed: int) -> list[list[int]]:
    pick = random.Random(seed)
    return [[pick.choice([0, 1, 2, 3, 5, 8, 12, 30, 100, 400]) for _ in range(8)] for _ in range(rows)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from kofu.rules.privacy import protect_table

    print(f"machine: {platform.machine()} {platform.system()}, Python {sys.version.split()[0]}")
    print(f"database: {connection.vendor}; load average: {os.getloadavg()}")
    print(f"statements of one audit append: {statements_per_append()}")
    for what, run in (
        ("appends, one transaction each", appends),
        ("appends in one transaction", appends_in_one_transaction),
    ):
        times: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(args.repeat):  # interleaved, so that a busy moment hits both alike
            for on in (False, True):
                head_trigger(on)
                times[on].append(run(args.events))
        for label, on in (("with head trigger", True), ("baseline, head trigger dropped", False)):
            median = statistics.median(times[on])
            per = median / args.events * 1e6
            runs = ", ".join(f"{t:.2f}" for t in times[on])
            print(f"{args.events} {what}, {label}: median {median:.2f} s ({per:.0f} µs each; runs {runs})")
    head_trigger(True)
    for rows in (30, 180):
        times = []
        for seed in range(args.repeat):
            cells = table(rows, seed)
            started = time.perf_counter()
            protect_table(cells)
            times.append(time.perf_counter() - started)
        print(f"protect_table {rows} × 8: median {statistics.median(times):.3f} s (max {max(times):.3f})")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
