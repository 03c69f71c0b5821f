"""Benchmark: import a synthetic city's J-LIS delivery file and open the backlog dashboard.

Usage (from the repository root)::

    python bench/bench_cards.py [--rows 3700000] [--repeat 5] [--file delivery.csv]

Runs against a fresh SQLite file in a temporary KOFU_DATA_DIR, or the PostgreSQL database that
DATABASE_URL names (its tables are used as they are; the city's cards are deleted before and
after). In the same run it first inserts the same rows with a raw ``executemany`` (SQLite) /
``COPY`` (PostgreSQL) into the same cards table (for another municipality, deleted again), for
comparison. Default: the whole city, 3.7 million cards. Goals (issue 5): the import at ≥ 50 % of
the raw insert rate; the backlog dashboard ≤ 100 ms. Prints the load average and the CPU seconds of
both runs, for a machine shared with other work.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
CODE = "141003"  # 横浜市 (about 3.7 million residents)


def setup_django(data_dir: str) -> None:
    os.environ.setdefault("KOFU_DATA_DIR", data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kofu.settings")
    os.environ.setdefault("KOFU_ALLOWED_HOSTS", "localhost,testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("init", verbosity=0)


def raw_insert(path: Path, municipality_id: int) -> tuple[float, int, list[float]]:
    """The same rows straight into the cards table (same indexes and constraints), for another
    municipality: executemany (SQLite) / COPY (PostgreSQL); deleted again afterwards."""
    from django.db import connection, transaction
    from django.utils import timezone

    now = timezone.now()
    cpu = cpu_seconds()
    columns = (
        "municipality_id, application_id, channel, received_on, name, name_kana, birth_date, address, phone, "
        "note, state, state_changed_at, state_since, delivered_on"
    )
    started = time.perf_counter()
    count = 0
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        path.open(encoding="utf-8", newline="") as handle,
    ):
        reader = csv.reader(handle)
        next(reader)

        def values():
            nonlocal count
            for app_id, _batch, delivered, channel, received, name, kana, birth, address, phone in reader:
                count += 1
                yield (
                    municipality_id,
                    app_id,
                    channel,
                    received,
                    name,
                    kana,
                    birth,
                    address,
                    phone,
                    "",
                    "delivered",
                    now,
                    delivered,
                    delivered,
                )

        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY cards_card ({columns}) FROM STDIN") as copy:
                for row in values():
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * 14)
            batch: list[tuple] = []
            for row in values():
                batch.append(row)
                if len(batch) >= 10_000:
                    cursor.executemany(f"INSERT INTO cards_card ({columns}) VALUES ({placeholders})", batch)
                    batch = []
            if batch:
                cursor.executemany(f"INSERT INTO cards_card ({columns}) VALUES ({placeholders})", batch)
    seconds = time.perf_counter() - started
    used = [after - before for after, before in zip(cpu_seconds(), cpu, strict=True)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cards_card WHERE municipality_id = %s", [municipality_id])
    return seconds, count, used


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its PostgreSQL backend (0 for SQLite, or when
    the server is not on this machine): on a busy machine, the cost of each run without the waiting."""
    from django.db import connection

    server = 0.0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            server = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return time.process_time(), server


def vacuum() -> None:
    """After rows are deleted (an earlier run's, the raw rows): clean up now, so that autovacuum
    does not run during the next timed insert."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM cards_card")


def versions() -> str:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        database = cursor.fetchone()[0]
    if connection.vendor == "postgresql":
        database = " ".join(database.split()[:2])
    else:
        database = f"SQLite {database}"
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "?"
    return (
        f"{database}, Django {django.get_version()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, commit {commit}"
    )


def load() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def clean(municipality_id: int) -> None:
    """Delete the city's cards, batches and counters (raw SQL: millions of rows): before a run, in
    case an earlier one stopped half-way, and after it, to leave a shared PostgreSQL database as it was."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("cards_cardtransition", "cards_residentaccess"):
            cursor.execute(
                f"DELETE FROM {table} WHERE card_id IN (SELECT id FROM cards_card WHERE municipality_id = %s)",
                [municipality_id],
            )
        for table in ("cards_card", "cards_deliverybatch", "cards_dailycount"):
            cursor.execute(f"DELETE FROM {table} WHERE municipality_id = %s", [municipality_id])


def analyze() -> None:
    """Planner statistics after the bulk load and updates (autovacuum / PRAGMA optimize would do it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def spread_states(municipality) -> None:
    """Move the imported cards along the pipeline so every backlog stage has cards to count."""
    from django.db.models import F

    from kofu.cards.models import Card

    ids = Card.objects.filter(municipality=municipality).order_by("id").values_list("id", flat=True)
    total = ids.count()
    first = ids.first()
    cut = lambda share: first + int(total * share)  # noqa: E731
    base = Card.objects.filter(municipality=municipality)
    # A city in its stride: 90 % handed over, 5 % waiting for pickup, 2 % for the notice, 3 % just delivered.
    base.filter(id__lt=cut(0.9)).update(
        state="handed_over",
        setup_on=F("delivered_on"),
        notice_sent_on=F("delivered_on"),
        handed_over_on=F("delivered_on"),
        state_since=F("delivered_on"),
    )
    base.filter(id__gte=cut(0.9), id__lt=cut(0.95)).update(
        state="notice_sent",
        setup_on=F("delivered_on"),
        notice_sent_on=F("delivered_on"),
        state_since=F("delivered_on"),
    )
    base.filter(id__gte=cut(0.95), id__lt=cut(0.97)).update(
        state="setup_done", setup_on=F("delivered_on"), state_since=F("delivered_on")
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rows", type=int, default=3_700_000, help="cards in the delivery file (default: the whole city)"
    )
    parser.add_argument("--residents", type=int, default=3_700_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--file", type=Path, default=None, help="reuse a generated delivery file")
    parser.add_argument(
        "--keep", action="store_true", help="leave the city's cards in PostgreSQL (to look at the queries)"
    )
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]  # figures show before the cleanup

    data_dir = tempfile.mkdtemp(prefix="kofu-bench-cards-")
    setup_django(data_dir)
    import synthetic_city
    from django.db import connection

    from kofu.registry.models import Municipality

    path = args.file or Path(data_dir) / "delivery.csv"
    if args.file is None:
        started = time.perf_counter()
        synthetic_city.write(path, args.rows)
        print(
            f"generated {args.rows:,} rows in {time.perf_counter() - started:.1f} s ({path.stat().st_size / 1e6:.0f} MB)"
        )
    city = Municipality.objects.get(code=CODE)
    clean(city.pk)
    vacuum()
    try:
        run(args, path, city)
    finally:
        if connection.vendor == "postgresql" and not args.keep:
            clean(city.pk)


def run(args: argparse.Namespace, path: Path, city) -> None:
    import synthetic_city
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from kofu.accounts import services as accounts
    from kofu.accounts.roles import SYSTEM
    from kofu.cards.importing import import_delivery
    from kofu.cards.models import Card, CardTransition
    from kofu.cards.selectors import BACKLOG_STAGES
    from kofu.registry.models import Municipality

    print(f"load average before: {load()}")
    raw_seconds, raw_rows, raw_cpu = raw_insert(path, Municipality.objects.get(code="141305").pk)  # 川崎市
    print(f"load average after raw: {load()}")
    vacuum()
    cpu = cpu_seconds()
    started = time.perf_counter()
    result = import_delivery(path, municipality=city, actor=SYSTEM)
    kofu_seconds = time.perf_counter() - started
    kofu_cpu = [after - before for after, before in zip(cpu_seconds(), cpu, strict=True)]
    print(f"load average after import: {load()}")
    assert result.created == raw_rows, (result.created, raw_rows)

    spread_states(city)
    analyze()
    user = get_user_model().objects.filter(username="bench-window").first() or (
        accounts.staff_create(
            username="bench-window",
            password="bench-password-2026",
            organisation=accounts.organisation_for_municipality(municipality=city, actor=SYSTEM),
            is_admin=False,
            actor=SYSTEM,
        ).user
    )
    client = Client()
    client.force_login(user)
    url = f"/cards/{CODE}/?as_of=2022-06-01"
    assert client.get(url).status_code == 200
    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200

    print(f"versions: {versions()}")
    print(f"rows: {raw_rows:,} (city of {args.residents:,} residents, batches of {synthetic_city.BATCH:,})")
    print(
        f"raw {'COPY' if connection.vendor == 'postgresql' else 'executemany'}: {raw_seconds:.1f} s ({raw_rows / raw_seconds:,.0f} rows/s)"
    )
    print(
        f"kofu cards import-delivery: {kofu_seconds:.1f} s ({raw_rows / kofu_seconds:,.0f} rows/s), "
        f"{raw_seconds / kofu_seconds * 100:.0f} % of raw (goal ≥ 50 %)"
    )
    print(
        f"CPU s (this process + database backend): raw {raw_cpu[0]:.1f} + {raw_cpu[1]:.1f}, "
        f"import {kofu_cpu[0]:.1f} + {kofu_cpu[1]:.1f}"
    )
    in_batch = Card.objects.filter(municipality=city, history_in_batch=True).count()
    print(
        f"history: {in_batch:,} cards' delivery on {len(result.batches):,} batch rows, "
        f"{CardTransition.objects.filter(card__municipality=city).count():,} card history rows"
    )
    waiting = Card.objects.filter(municipality=city, state__in=[s for s, _label in BACKLOG_STAGES]).count()
    print(
        f"backlog dashboard ({waiting:,} of {raw_rows:,} cards waiting): median {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms over {args.repeat} (goal ≤ 100 ms)"
    )
    print(f"load average at the end: {load()}")


if __name__ == "__main__":
    main()
