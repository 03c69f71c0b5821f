"""Benchmark: resident bookings per second against ``kofu serve`` on loopback.

Usage (from the repository root, after ``pip install -e .``)::

    python bench/bench_bookings.py [--bookings 3000] [--clients 32] [--workers N]

Starts ``kofu init`` and ``kofu serve`` over a fresh SQLite file in a temporary directory (or a
fresh PostgreSQL database next to the one ``DATABASE_URL`` names, dropped afterwards), creates one
slot of capacity ``--bookings`` and as many residents (``kofu bookings fixture``), then ``--clients``
threads POST ``/api/v1/bookings`` (one resident each, new connection per request, as a browser
would) until every resident has booked. Reports sustained bookings/s and p50/p95/p99 latency, and
the raw database transaction rate for the same work (conditional UPDATE of the slot counter + one
INSERT per transaction, one connection) in the same run. Rate limits stay on as in production, the
per-IP one raised (every request comes from 127.0.0.1): each booking also counts its client's IP.
Afterwards it checks the invariant: booked == rows == requests that got 201.
Goal (issue 6): ≥ 300 bookings/s with p99 ≤ 250 ms on the project's 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.bookings.live import book_through_the_waiting_room, database, kofu, server, slot_state  # noqa: E402


def surge(
    base: str, fixture: dict, clients: int
) -> tuple[float, list[float], Counter, list[tuple[int, int]]]:
    """Like :func:`load`, through the waiting room: returns also (number, status) of each queued request."""
    work: queue.Queue = queue.Queue()
    for resident in fixture["residents"]:
        work.put({**resident, "slot": fixture["slot"]})
    latencies: list[float] = []
    codes: Counter = Counter()
    numbered: list[tuple[int, int]] = []
    lock = threading.Lock()

    def client() -> None:
        while True:
            try:
                data = work.get_nowait()
            except queue.Empty:
                return
            started = time.perf_counter()
            code, _, number = book_through_the_waiting_room(base, data)
            with lock:
                latencies.append(time.perf_counter() - started)
                codes[code] += 1
                if number is not None:
                    numbered.append((number, code))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, codes, numbered


def inversions(numbered: list[tuple[int, int]]) -> int:
    """Pairs in which a later number got a seat while an earlier one was told "full"."""
    full = sorted(n for n, code in numbered if code == 409)
    booked = [n for n, code in numbered if code == 201]
    return sum(sum(1 for f in full if f < n) for n in booked)


def load(base: str, fixture: dict, clients: int) -> tuple[float, list[float], Counter]:
    work: queue.Queue = queue.Queue()
    for resident in fixture["residents"]:
        work.put({**resident, "slot": fixture["slot"]})
    latencies: list[float] = []
    codes: Counter = Counter()
    lock = threading.Lock()

    def client() -> None:
        while True:
            try:
                data = work.get_nowait()
            except queue.Empty:
                return
            body = json.dumps(data).encode()
            request = urllib.request.Request(
                base + "/api/v1/bookings",
                data=body,
                method="POST",
                headers={"Content-Type": "application/json"},
            )
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                    code = response.status
            except urllib.error.HTTPError as exc:
                exc.read()
                code = exc.code
            except OSError:
                code = -1
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                codes[code] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, codes


def server_cpu_seconds(port: str) -> float:
    """CPU seconds (user + system) used so far by the ``kofu serve`` processes on ``port``."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            if b"serve" not in cmdline or port.encode() not in cmdline:
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def raw_rate(db_url: str, n: int) -> float:
    """Transactions/s for the booking's core writes, straight on the database (one connection)."""
    if db_url.startswith("sqlite"):
        conn = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None, timeout=20)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("CREATE TABLE bench_slot (id INTEGER PRIMARY KEY, capacity INT, booked INT)")
        conn.execute("CREATE TABLE bench_row (id INTEGER PRIMARY KEY, slot INT, at TEXT)")
        conn.execute("INSERT INTO bench_slot VALUES (1, ?, 0)", (n,))
        started = time.perf_counter()
        for _ in range(n):
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE bench_slot SET booked = booked + 1 WHERE id = 1 AND booked < capacity")
            conn.execute("INSERT INTO bench_row (slot, at) VALUES (1, datetime('now'))")
            conn.execute("COMMIT")
        elapsed = time.perf_counter() - started
        conn.close()
        return n / elapsed
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_slot (id INT PRIMARY KEY, capacity INT, booked INT)")
        conn.execute("CREATE TABLE bench_row (id SERIAL PRIMARY KEY, slot INT, at TIMESTAMPTZ)")
        conn.execute("INSERT INTO bench_slot VALUES (1, %s, 0)", (n,))
        started = time.perf_counter()
        for _ in range(n):
            with conn.transaction():
                conn.execute("UPDATE bench_slot SET booked = booked + 1 WHERE id = 1 AND booked < capacity")
                conn.execute("INSERT INTO bench_row (slot, at) VALUES (1, now())")
        return n / (time.perf_counter() - started)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: kofu serve's)")
    parser.add_argument("--seats", type=int, default=None, help="the slot's capacity (default: --bookings)")
    parser.add_argument(
        "--queue-rate",
        type=int,
        default=0,
        help="turn the waiting room on at this rate (KOFU_BOOKING_QUEUE_RATE)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kofu-bench-bookings-") as tmp:
        tmp_path = Path(tmp)
        limits = {
            "KOFU_BOOKING_MAX_REQUESTS_PER_IP": "100000000",
            "KOFU_BOOKING_MAX_FAILURES_PER_NUMBER": "20",
            "KOFU_BOOKING_QUEUE_RATE": str(args.queue_rate),
        }
        seats = args.seats or args.bookings
        with (
            database(tmp_path) as db_url,
            server(db_url, tmp_path, workers=args.workers, extra_env=limits) as (base, env),
        ):
            fixture = json.loads(
                kofu(
                    env,
                    "bookings",
                    "fixture",
                    "--capacity",
                    str(seats),
                    "--residents",
                    str(args.bookings),
                )
            )
            port = base.rsplit(":", 1)[1]
            server_before, client_before = server_cpu_seconds(port), time.process_time()
            numbered: list[tuple[int, int]] = []
            if args.queue_rate:
                elapsed, latencies, codes, numbered = surge(base, fixture, args.clients)
            else:
                elapsed, latencies, codes = load(base, fixture, args.clients)
            server_cpu = server_cpu_seconds(port) - server_before
            client_cpu = time.process_time() - client_before
            state = slot_state(env, fixture["slot"])
            raw = raw_rate(db_url, args.bookings)
        ok = codes.get(201, 0)
        print(
            f"machine: {platform.node() or 'vm'} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
        )
        print(
            f"database: {'PostgreSQL' if db_url.startswith('postgres') else 'SQLite file (WAL, IMMEDIATE)'}"
        )
        print(
            f"server: kofu serve (gunicorn sync, workers {args.workers or 'default'}), clients {args.clients} threads"
        )
        print(f"requests: {sum(codes.values())}, status {dict(sorted(codes.items()))}")
        print(f"sustained: {ok / elapsed:.1f} bookings/s over {elapsed:.2f} s")
        print(
            f"latency: p50 {pct(latencies, 50) * 1000:.1f} ms, p95 {pct(latencies, 95) * 1000:.1f} ms, "
            f"p99 {pct(latencies, 99) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms"
        )
        print(
            f"CPU per booking: server {server_cpu / max(ok, 1) * 1000:.2f} ms, "
            f"load generator {client_cpu / max(ok, 1) * 1000:.2f} ms (load average {os.getloadavg()[0]:.1f})"
        )
        print(f"raw database transactions (UPDATE … WHERE booked < capacity + INSERT): {raw:.0f} tx/s")
        if args.queue_rate:
            print(
                f"waiting room at {args.queue_rate}/s: {len(numbered)} of {sum(codes.values())} requests queued, "
                f"numbers unique: {len({n for n, _ in numbered}) == len(numbered)}, "
                f"later number seated while an earlier one got full: {inversions(numbered)} pairs, "
                f"errors (not 201/409): {sum(v for k, v in codes.items() if k not in (201, 409))}"
            )
        print(
            f"invariant: booked {state['booked']} == rows {state['rows']} == 201s {ok}: {state['booked'] == state['rows'] == ok}"
        )
        return 0 if state["booked"] == state["rows"] == ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
