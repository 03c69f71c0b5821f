"""Benchmark: server CPU and SQL statements per booking, in process (robust on a loaded machine).

Usage (from the repository root, after ``pip install -e .``)::

    python bench/bench_booking_cpu.py [--bookings 400] [--runs 3] [--profile 25]

Each run: ``kofu init`` and ``kofu bookings fixture`` over a fresh SQLite file (or a fresh
PostgreSQL database next to the one ``DATABASE_URL`` names, dropped afterwards), then
``--bookings`` ``POST /api/v1/bookings`` straight into ``kofu.wsgi.application`` (the WSGI
callable gunicorn runs: lean path, middleware, view, services; no socket) in this process, timed
with ``time.process_time`` — CPU seconds, which a loaded machine inflates much less than wall time.
Prints per run: CPU per booking, data statements per booking (transaction control apart), the
201s, and the raw database rate of the booking's core writes in the same run; then the median.
``--profile N`` prints the N most expensive functions (cProfile, cumulative) of the last run.
Also reads ``GET /api/v1/availability`` ``--reads`` times (CPU per read, statements per read).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_bookings import raw_rate  # noqa: E402
from tests.bookings.live import database, kofu  # noqa: E402

CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")


def _environ(method: str, path: str, body: bytes = b"", query: str = "") -> dict:
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_HOST": "127.0.0.1",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def _call(app, environ: dict) -> int:
    status: list[str] = []
    for _ in app(environ, lambda s, h, exc_info=None: status.append(s)):
        pass
    return int(status[0].split()[0])


class Statements:
    """Counts the data statements (not BEGIN/COMMIT/SAVEPOINT) the default connection runs."""

    def __init__(self) -> None:
        self.data = 0

    def __call__(self, execute, sql, params, many, context):
        if not sql.lstrip().upper().startswith(CONTROL):
            self.data += 1
        return execute(sql, params, many, context)


class LockHeld:
    """SQLite: CPU seconds and turns between taking and releasing kofu's writers' lock (the time no
    other worker can write: under concurrency the write rate is bounded by 1 / this per booking)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.turns = 0
        self._since: float | None = None

    def install(self, wrapper_class: type) -> None:
        take, give = wrapper_class._writers_lock, wrapper_class._writers_unlock
        held = self

        def locked(self_: object) -> None:
            take(self_)
            held._since = time.process_time()
            held.turns += 1

        def unlocked(self_: object) -> None:
            if held._since is not None:
                held.seconds += time.process_time() - held._since
                held._since = None
            give(self_)

        wrapper_class._writers_lock, wrapper_class._writers_unlock = locked, unlocked


def run(args: argparse.Namespace, tmp: Path, profile: bool) -> dict:
    with database(tmp) as db_url:
        env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "KOFU_DATA_DIR": str(tmp),
            "KOFU_BOOKING_MAX_REQUESTS_PER_IP": "100000000",
            "KOFU_BOOKING_MAX_FAILURES_PER_NUMBER": "20",
            "DJANGO_SETTINGS_MODULE": "kofu.settings",
        }
        kofu(env, "init")
        fixture = json.loads(
            kofu(
                env,
                "bookings",
                "fixture",
                "--capacity",
                str(args.bookings),
                "--residents",
                str(args.bookings),
            )
        )
        os.environ.update(
            {k: v for k, v in env.items() if k.startswith(("KOFU_", "DATABASE_URL", "DJANGO_"))}
        )
        import django
        from django.conf import settings

        if not settings.configured:
            django.setup()
        from django.db import connection

        from kofu.wsgi import application

        connection.close()
        connection.settings_dict.update(_db_settings(db_url))
        bodies = [json.dumps({**r, "slot": fixture["slot"]}).encode() for r in fixture["residents"]]
        _call(application, _environ("GET", "/api/v1/openapi.json"))  # warm: imports, URL resolver
        held = LockHeld()
        if connection.vendor == "sqlite":
            from kofu.core.sqlite_backend.base import DatabaseWrapper

            originals = DatabaseWrapper._writers_lock, DatabaseWrapper._writers_unlock
            held.install(DatabaseWrapper)
        counter = Statements()
        profiler = cProfile.Profile() if profile else None
        codes: dict[int, int] = {}
        with connection.execute_wrapper(counter):
            if profiler:
                profiler.enable()
            started = time.process_time()
            for body in bodies:
                code = _call(application, _environ("POST", "/api/v1/bookings", body))
                codes[code] = codes.get(code, 0) + 1
            cpu = time.process_time() - started
            if profiler:
                profiler.disable()
        if connection.vendor == "sqlite":
            DatabaseWrapper._writers_lock, DatabaseWrapper._writers_unlock = originals
        booking_statements = counter.data / max(1, len(bodies))
        reads = Statements()
        code = "452025"
        query = f"municipality={code}"
        with connection.execute_wrapper(reads):
            started = time.process_time()
            read_codes = [
                _call(application, _environ("GET", "/api/v1/availability", query=query))
                for _ in range(args.reads)
            ]
            read_cpu = time.process_time() - started
        connection.close()
        raw = raw_rate(db_url, args.bookings)
        # The audit chain still verifies after the run's bookings (every event linked in SQL).
        verified = [line for line in kofu(env, "audit", "verify").splitlines() if "検証" in line][:1]
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(
            args.profile
        )
        print(out.getvalue())
    return {
        "cpu_ms": cpu / max(1, codes.get(201, 0)) * 1000,
        "statements": booking_statements,
        "lock_ms": held.seconds / max(1, len(bodies)) * 1000,
        "lock_turns": held.turns / max(1, len(bodies)),
        "codes": codes,
        "raw": raw,
        "read_cpu_ms": read_cpu / max(1, args.reads) * 1000,
        "read_statements": reads.data / max(1, args.reads),
        "read_codes": sorted(set(read_codes)),
        "verified": " ".join(verified),
    }


def _db_settings(db_url: str) -> dict:
    import dj_database_url

    return {
        k: v
        for k, v in dj_database_url.parse(db_url).items()
        if k in {"NAME", "USER", "PASSWORD", "HOST", "PORT"}
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reads", type=int, default=2000)
    parser.add_argument(
        "--profile", type=int, default=0, help="print the N costliest functions of the last run"
    )
    args = parser.parse_args()
    results = []
    given = os.environ.get("DATABASE_URL")  # run() points it at the run's database; the next run starts here
    for i in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="kofu-bench-cpu-") as tmp:
            result = run(args, Path(tmp), profile=bool(args.profile) and i == args.runs - 1)
        if given is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = given
        results.append(result)
        print(
            f"run {i + 1}: {result['cpu_ms']:.2f} ms CPU/booking, {result['statements']:.2f} data statements/booking, "
            f"status {result['codes']}; writers' lock held {result['lock_ms']:.2f} ms CPU in "
            f"{result['lock_turns']:.2f} turns/booking; availability {result['read_cpu_ms']:.3f} ms CPU/read, "
            f"{result['read_statements']:.3f} statements/read, status {result['read_codes']}; "
            f"raw {result['raw']:.0f} tx/s (load average {os.getloadavg()[0]:.1f}); kofu audit verify: {result['verified']}"
        )
    db = given or ""
    print(f"database: {'PostgreSQL' if db.startswith('postgres') else 'SQLite file (WAL, IMMEDIATE)'}")
    print(
        f"median of {args.runs}: {statistics.median(r['cpu_ms'] for r in results):.2f} ms server CPU per booking "
        f"(≈ {2000 / statistics.median(r['cpu_ms'] for r in results):.0f} bookings/s on 2 idle cores), "
        f"{statistics.median(r['statements'] for r in results):.2f} data statements per booking; "
        f"writers' lock held {statistics.median(r['lock_ms'] for r in results):.2f} ms CPU per booking "
        f"in {statistics.median(r['lock_turns'] for r in results):.2f} turns; "
        f"availability {statistics.median(r['read_cpu_ms'] for r in results):.3f} ms CPU per read "
        f"(≈ {2000 / statistics.median(r['read_cpu_ms'] for r in results):.0f} reads/s on 2 idle cores); "
        f"raw {statistics.median(r['raw'] for r in results):.0f} tx/s; load average {os.getloadavg()}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
