"""Benchmark: import one month's full issuance file and produce every table through the CLI.

Usage (from the repository root, after ``pip install -e .``)::

    python bench/bench_stats.py [--file ../shared/data/issuance/20220101/all_localgovs.csv] [--repeat 5]

Runs against a fresh SQLite database in a temporary KOFU_DATA_DIR (or the database that
DATABASE_URL names, which it then uses as is). Reports wall-clock seconds of each whole CLI run
(process start included, as a user sees it) and of the in-process work alone. Goal of the
foundation issue: a whole CLI run ≤ 2 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TABLES = [
    "categories",
    "prefectures",
    "top10-cities",
    "top10-towns",
    "special-wards",
    "designated-cities",
    "core-cities",
]
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "issuance" / "20220101" / "all_localgovs.csv"


def kofu(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kofu.cli", *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def summary(samples: list[float]) -> str:
    return f"median {statistics.median(samples):.3f} s, min {min(samples):.3f} s, max {max(samples):.3f} s"


def in_process(env: dict[str, str], path: Path, as_of: str, repeat: int) -> dict[str, list[float]]:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kofu.settings")
    import datetime as dt

    import django

    django.setup()
    from kofu.stats.importing.services import snapshot_import_file
    from kofu.stats.tables import build_table
    from kofu.stats.tables.output import csv_text

    results: dict[str, list[float]] = {"import": [], "all tables": []}
    for _ in range(repeat):
        started = time.perf_counter()
        snapshot_import_file(path=path, replace=True)
        results["import"].append(time.perf_counter() - started)
        started = time.perf_counter()
        for table in TABLES:
            csv_text(build_table(table, as_of=dt.date.fromisoformat(as_of)))
        results["all tables"].append(time.perf_counter() - started)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--as-of", default="2022-01-01")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, KOFU_DATA_DIR=tmp)
        print(
            f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
        )
        print(f"database: {env.get('DATABASE_URL', 'SQLite in a temporary KOFU_DATA_DIR')}")
        print(f"file: {args.file}")
        print(f"kofu init (first run, migrations + registry): {kofu(env, 'init'):.3f} s")
        imports = [kofu(env, "stats", "import", "--replace", str(args.file)) for _ in range(args.repeat)]
        print(f"CLI kofu stats import (whole process): {summary(imports)}")
        for table in TABLES:
            runs = [
                kofu(env, "stats", "table", table, "--as-of", args.as_of, "--format", "csv")
                for _ in range(args.repeat)
            ]
            print(f"CLI kofu stats table {table:<18} (whole process): {summary(runs)}")
        for name, samples in in_process(env, args.file, args.as_of, args.repeat).items():
            print(f"in-process {name:<11}: {summary(samples)}")


if __name__ == "__main__":
    main()
