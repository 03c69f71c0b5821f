"""Benchmark: GET requests per second against ``kofu serve`` (availability and slot reads).

Usage (from the repository root, after ``pip install -e .``)::

    python bench/bench_reads.py [--seconds 10] [--clients 16] [--path PATH ...]

Starts ``kofu init`` + ``kofu serve`` over a fresh database (SQLite file, or a fresh PostgreSQL
database beside the one ``DATABASE_URL`` names), creates a site with a slot and residents
(``kofu bookings fixture``), then for each target ``--clients`` threads send GET requests for
``--seconds`` (raw sockets, a new connection per request, as the server closes it) and count the
answers. Targets:

* ``resident-slots``: ``/bookings/slots/``, the slot listing a resident sees after identifying
  (a session cookie; each view also writes the resident access log's row);
* ``openapi``: ``/api/v1/openapi.json``, the lean API path with no database work (the floor);
* any ``--path`` given (e.g. ``/api/v1/availability?municipality=452025`` once it exists;
  ``{slot}`` and ``{municipality}`` are filled in from the fixture).

Beside them, the raw database rate of the same run: the slot read (open slots of the site with seats
left) straight on one connection. Goal (issue 16): availability reads ≥ 5,000/s.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import json
import os
import platform
import re
import socket
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_bookings import pct, server_cpu_seconds  # noqa: E402
from tests.bookings.live import database, kofu, server  # noqa: E402

RAW_SQL = (
    "SELECT s.id, s.starts_at, s.web_capacity - s.web_booked FROM bookings_slot s "
    "JOIN bookings_site t ON t.id = s.site_id WHERE t.municipality_id = {p} AND NOT s.closed "
    "AND s.web_booked < s.web_capacity ORDER BY s.starts_at"
)


def resident_cookie(base: str, resident: dict) -> str:
    """Identify as a resident on the start page; return the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/bookings/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    birth = resident["birth_date"]
    form = {"csrfmiddlewaretoken": token, "notice_number": resident["notice_number"], "birth_date": birth}
    data = urllib.parse.urlencode(form).encode()
    opener.open(
        urllib.request.Request(base + "/bookings/", data=data, headers={"Referer": base + "/bookings/"})
    )
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def get_once(host: str, port: int, request: bytes) -> int:
    with socket.create_connection((host, port), timeout=60) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    head = b"".join(chunks[:1])[:16]
    return int(head.split()[1]) if head.startswith(b"HTTP/") else -1


def get_kept(connection: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> int:
    """One GET on a kept connection (reopened when the server closed it)."""
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    if response.will_close:
        connection.close()
    return response.status


def hammer(
    base: str, path: str, cookie: str, clients: int, seconds: float, *, keep_alive: bool = False
) -> tuple[float, list[float], Counter]:
    parsed = urllib.parse.urlparse(base)
    lines = [f"GET {path} HTTP/1.1", f"Host: {parsed.netloc}", "Connection: close"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    latencies: list[float] = []
    codes: Counter = Counter()
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client() -> None:
        mine, seen = [], Counter()
        kept = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60) if keep_alive else None
        headers = {"Cookie": cookie} if cookie else {}
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                if kept is not None:
                    code = get_kept(kept, path, headers)
                else:
                    code = get_once(parsed.hostname, parsed.port, request)
            except (OSError, http.client.HTTPException):
                code = -1
                if kept is not None:
                    kept.close()
            mine.append(time.perf_counter() - started)
            seen[code] += 1
        with lock:
            latencies.extend(mine)
            codes.update(seen)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, codes


def raw_rate(db_url: str, municipality: int, seconds: float = 3.0) -> float:
    sql = RAW_SQL.format(p=int(municipality))
    count, stop = 0, time.perf_counter() + seconds
    if db_url.startswith("sqlite"):
        conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
        started = time.perf_counter()
        while time.perf_counter() < stop:
            conn.execute(sql).fetchall()
            count += 1
        elapsed = time.perf_counter() - started
        conn.close()
        return count / elapsed
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        started = time.perf_counter()
        while time.perf_counter() < stop:
            conn.execute(sql).fetchall()
            count += 1
        return count / (time.perf_counter() - started)


def municipality_of(env: dict[str, str], slot: int) -> int:
    code = (
        "from kofu.bookings.models import Slot;"
        f"s=Slot.objects.select_related('site__municipality').get(pk={slot});"
        "print(s.site.municipality_id, s.site.municipality.code)"
    )
    pk, municipality_code = kofu(env, "shell", "-c", code).split()[-2:]
    return int(pk), municipality_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--path", action="append", default=[], help="another GET path to measure")
    parser.add_argument("--skip", action="append", default=[], help="leave out resident-slots or openapi")
    parser.add_argument(
        "--threads", type=int, default=1, help="kofu serve --threads (2+: gthread, keep-alive)"
    )
    parser.add_argument("--keep-alive", action="store_true", help="clients keep their connection open")
    args = parser.parse_args()
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"server: kofu serve --threads {args.threads}; clients {'keep-alive' if args.keep_alive else 'a new connection per request'}"
    )
    with tempfile.TemporaryDirectory(prefix="kofu-bench-reads-") as tmp:
        tmp_path = Path(tmp)
        limits = {"KOFU_BOOKING_MAX_REQUESTS_PER_IP": "100000000"}
        with (
            database(tmp_path) as db_url,
            server(db_url, tmp_path, workers=args.workers, extra_env=limits, threads=args.threads) as (
                base,
                env,
            ),
        ):
            fixture = json.loads(kofu(env, "bookings", "fixture", "--capacity", "50", "--residents", "2"))
            municipality_pk, municipality_code = municipality_of(env, fixture["slot"])
            print(f"database: {'PostgreSQL' if db_url.startswith('postgres') else 'SQLite file (WAL)'}")
            targets = []
            if "resident-slots" not in args.skip:
                targets.append(
                    ("resident-slots", "/bookings/slots/", resident_cookie(base, fixture["residents"][0]))
                )
            if "openapi" not in args.skip:
                targets.append(("openapi", "/api/v1/openapi.json", ""))
            for path in args.path:
                targets.append((path, path.format(slot=fixture["slot"], municipality=municipality_code), ""))
            port = base.rsplit(":", 1)[1]
            for name, path, cookie in targets:
                cpu_before = server_cpu_seconds(port)
                elapsed, latencies, codes = hammer(
                    base, path, cookie, args.clients, args.seconds, keep_alive=args.keep_alive
                )
                cpu = server_cpu_seconds(port) - cpu_before
                ok = codes.get(200, 0)
                print(
                    f"{name}: {ok / elapsed:.0f} reads/s (status {dict(sorted(codes.items()))}), "
                    f"p50 {pct(latencies, 50) * 1000:.1f} ms, p99 {pct(latencies, 99) * 1000:.1f} ms, "
                    f"server CPU {cpu / max(ok, 1) * 1000:.2f} ms/read"
                )
            print(
                f"raw database: the slot read on one connection: {raw_rate(db_url, municipality_pk):.0f} reads/s"
            )
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
