"""Benchmark: what a database from nothing costs — ``kofu init`` and the test session's database setup.

Usage (from the repository root, after ``pip install -e '.[test]'``)::

    python bench/bench_startup.py [--repeat 3] [--postgres postgres://kofu:kofu@127.0.0.1:5432/kofu_x]

Each repeat, each a fresh process measured from outside (wall clock, and the child's user + system
CPU from ``os.wait4``):

- ``kofu init`` into an empty ``KOFU_DATA_DIR`` on SQLite (a new file), and on PostgreSQL (a new
  empty database on the server of ``--postgres``, dropped afterwards; only the client's CPU is
  counted, the server's is not);
- ``pytest -n 0 --create-db`` of one trivial database test (the test database made from nothing:
  every migration, then the reference registry of ``tests/conftest.py``), on SQLite and PostgreSQL;
- the floors beside them in the same run: ``kofu check`` (a kofu process that starts Django and
  reads no migration) and ``pytest -n 0`` of one test without a database.

Prints the medians, the raw runs and the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
KOFU = str(BIN / "kofu")
PYTEST = str(BIN / "pytest")
DB_TEST = "tests/registry/test_changes.py::test_a_prefecture_save_renews_the_token"
PURE_TEST = "tests/rules/test_codes.py"


def measured(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child and its children) of one run; fails loudly."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            out.seek(0)
            raise RuntimeError(f"{' '.join(argv)} failed:\n{out.read().decode()[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOFU_", "DJANGO_", "DATABASE_URL"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as .ci/run and the tests do
    return env


def sqlite_init() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**base_env(), "KOFU_DATA_DIR": tmp}
        return measured([KOFU, "init"], env)


def postgres_init(server: str) -> tuple[float, float]:
    import psycopg

    name = f"kofu_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory() as tmp:
            url = urlparse(server)._replace(path="/" + name).geturl()
            env = {**base_env(), "KOFU_DATA_DIR": tmp, "DATABASE_URL": url}
            return measured([KOFU, "init"], env)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def kofu_check() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        return measured([KOFU, "check"], {**base_env(), "KOFU_DATA_DIR": tmp})


def pytest_run(test: str, database_url: str | None) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**base_env(), "KOFU_DATA_DIR": tmp}
        if database_url:
            env["DATABASE_URL"] = database_url
        argv = [PYTEST, "-q", "-p", "no:cacheprovider", "-n", "0", "--create-db", test]
        return measured(argv, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose user may create databases")
    args = parser.parse_args()

    cases: list[tuple[str, Callable[[], tuple[float, float]]]] = [
        ("floor: kofu check (SQLite)", kofu_check),
        ("kofu init, SQLite, empty data dir", sqlite_init),
        ("floor: pytest -n 0, one test without a database", lambda: pytest_run(PURE_TEST, None)),
        ("pytest -n 0 --create-db, one DB test, SQLite", lambda: pytest_run(DB_TEST, None)),
    ]
    if args.postgres:
        cases += [
            ("kofu init, PostgreSQL, empty database", lambda: postgres_init(args.postgres)),
            ("pytest -n 0 --create-db, one DB test, PostgreSQL", lambda: pytest_run(DB_TEST, args.postgres)),
        ]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in cases}
    for _ in range(args.repeat):  # interleaved, so that a change of load touches every case alike
        for name, case in cases:
            runs[name].append(case())
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'case':<52} {'wall s (median)':>15} {'CPU s (median)':>15}  raw wall / CPU")
    for name, _ in cases:
        walls = [w for w, _ in runs[name]]
        cpus = [c for _, c in runs[name]]
        raw = "  ".join(f"{w:.2f}/{c:.2f}" for w, c in runs[name])
        print(f"{name:<52} {statistics.median(walls):>15.2f} {statistics.median(cpus):>15.2f}  {raw}")


if __name__ == "__main__":
    main()
