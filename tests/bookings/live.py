"""A real ``kofu serve`` in a subprocess over a database of its own (SQLite file or PostgreSQL).

Used by the concurrency acceptance test and by ``bench/bench_bookings.py``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from tests.initialised import copy_initialised_sqlite, postgres_template

KOFU = str(Path(sys.executable).with_name("kofu"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def database(tmp_path: Path):
    """A DATABASE_URL for the server: a SQLite file, or a fresh PostgreSQL database when the
    tests run on PostgreSQL (dropped afterwards)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        copy_initialised_sqlite(tmp_path / "server.sqlite3")
        yield f"sqlite:///{tmp_path / 'server.sqlite3'}"
        return
    import psycopg

    name = f"kofu_live_{uuid.uuid4().hex[:10]}"
    admin = urlparse(url)
    template = postgres_template(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield admin._replace(path="/" + name).geturl()
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def kofu(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([KOFU, *args], env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"kofu {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout


@contextmanager
def server(
    db_url: str,
    data_dir: Path,
    *,
    workers: int | None = None,
    extra_env: dict[str, str] | None = None,
    threads: int = 1,
):
    """Yield (base_url, env) of a running ``kofu serve`` after ``kofu init``."""
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "KOFU_DATA_DIR": str(data_dir),
        "KOFU_BOOKING_MAX_REQUESTS_PER_IP": "0",
        "KOFU_BOOKING_MAX_FAILURES_PER_NUMBER": "0",
        **(extra_env or {}),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # The served kofu is a load (hundreds of requests over several workers), not a coverage
    # measurement: under `pytest --cov` it runs untraced (coverage would double its CPU); the code it
    # serves is covered by the in-process tests of the same paths.
    for variable in ("COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START"):
        env.pop(variable, None)
    kofu(env, "init")
    port = free_port()
    args = [KOFU, "serve", "--port", str(port)]
    if workers:
        args += ["--workers", str(workers)]
    if threads > 1:
        args += ["--threads", str(threads)]
    log = open(data_dir / "serve.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + int(os.environ.get("KOFU_LIVE_START_SECONDS", "60"))
        while True:
            try:
                urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError, OSError) as exc:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "kofu serve did not start: " + (data_dir / "serve.log").read_text()[-2000:]
                    ) from exc
                time.sleep(0.2)
        yield base, env
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def post_json(url: str, data: dict, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    body = json.dumps(data).encode()
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return exc.code, json.loads(raw or b"{}")
        except ValueError:
            return exc.code, {"error": "not_json", "body": raw[:500].decode("utf-8", "replace")}


def storm(base: str, fixture: dict, n: int) -> list[tuple[int, dict]]:
    """``n`` residents book the fixture's slot at the same moment (one thread each)."""
    barrier = threading.Barrier(n)
    results: list[tuple[int, dict]] = [(0, {})] * n

    def one(i: int) -> None:
        resident = fixture["residents"][i]
        barrier.wait()
        results[i] = post_json(base + "/api/v1/bookings", {**resident, "slot": fixture["slot"]})

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def slot_state(env: dict[str, str], slot: int) -> dict:
    code = (
        "import json;from kofu.bookings.models import Slot,Booking,ACTIVE;"
        f"s=Slot.objects.get(pk={slot});"
        "print(json.dumps({'booked':s.booked,'capacity':s.capacity,"
        "'active':Booking.objects.filter(slot=s,status__in=ACTIVE).count(),"
        "'rows':Booking.objects.filter(slot=s).count()}))"
    )
    return json.loads(kofu(env, "shell", "-c", code).strip().splitlines()[-1])


def book_through_the_waiting_room(
    base: str, data: dict, *, max_rounds: int = 1000
) -> tuple[int, dict, int | None]:
    """POST a booking as a well-behaved client: on 202, wait the estimated time and come back with
    the ticket. Returns the final (status, body) and the number the waiting room gave (None if the
    request went straight in)."""
    ticket, number = "", None
    for _ in range(max_rounds):
        code, body = post_json(base + "/api/v1/bookings", data, {"Queue-Ticket": ticket} if ticket else None)
        if code != 202:
            return code, body, number
        queue = body["queue"]
        ticket, number = queue["ticket"], queue["number"]
        time.sleep(max(queue["estimated_wait_ms"], 5) / 1000)
    raise RuntimeError("still queued after max_rounds")


def surge(base: str, fixture: dict, n: int) -> list[tuple[int, dict, int | None]]:
    """``n`` residents book the fixture's slot at the same moment through the waiting room."""
    barrier = threading.Barrier(n)
    results: list[tuple[int, dict, int | None]] = [(0, {}, None)] * n

    def one(i: int) -> None:
        barrier.wait()
        results[i] = book_through_the_waiting_room(base, {**fixture["residents"][i], "slot": fixture["slot"]})

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
