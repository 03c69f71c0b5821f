"""Benchmark and backtests of ``kofu forecast`` on all 1,741 municipalities (issue 17).

Usage (from the repository root, after ``pip install -e .``)::

    python bench/bench_forecast.py [--repeat 3] [--data ../shared/data/issuance] [--skip-import]

Imports the 43 published months (``kofu stats import``) into a fresh SQLite database in a temporary
``KOFU_DATA_DIR`` (or the database ``DATABASE_URL`` names; ``--skip-import`` when it already holds
them), then times whole CLI runs (process start included, as a user sees it) beside the raw
baseline of the same run — ``kofu forecast --help`` (Python, Django and the command's start-up,
no work). Goal of issue 17: every ``kofu forecast …`` for all municipalities under 5 s.

Then runs ``kofu forecast backtest --format csv`` at every month end from 2020-09 on and prints the
table for docs/benchmarks.md: MAE in points of the forecast and of the last-increase baseline, and
the 80 % interval's coverage, per horizon.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "issuance"
KOFU = str(Path(sys.executable).with_name("kofu"))
COMMANDS = {
    "startup (kofu forecast --help)": ["forecast", "--help"],
    "rates --horizon 3 (all units)": ["forecast", "rates", "--horizon", "3", "--format", "csv"],
    "rates --until 2022-03-01 --horizon 12": [
        "forecast",
        "rates",
        "--until",
        "2022-03-01",
        "--horizon",
        "12",
    ],
    "targets (all units)": ["forecast", "targets", "--format", "csv"],
    "backtest --until 2022-03-01 --horizon 3": [
        "forecast",
        "backtest",
        "--until",
        "2022-03-01",
        "--horizon",
        "3",
    ],
    "renewals 452025, five years": [
        "forecast",
        "renewals",
        "--municipality",
        "452025",
        "--from",
        "2022-10-01",
        "--until",
        "2027-09-30",
    ],
    "candidates (all prefectures)": ["forecast", "candidates", "--format", "csv"],
}
BACKTEST_UNTIL = [
    "2020-09-01",
    "2020-12-01",
    "2021-03-01",
    "2021-06-01",
    "2021-09-01",
    "2021-12-01",
    "2022-01-01",
    "2022-03-01",
    "2022-05-01",
    "2022-06-01",
    "2022-06-30",
    "2022-07-31",
    "2022-08-31",
]


def kofu(args: list[str], env: dict[str, str]) -> tuple[float, str, float]:
    """Wall seconds, output, and CPU seconds (user + system) of one whole CLI run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([KOFU, *args], env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, done.stdout, cpu


def timings(env: dict[str, str], repeat: int) -> None:
    """Wall time (what a user waits on this machine, shared or not) and CPU time (the work)."""
    for label, args in COMMANDS.items():
        runs = [kofu(args, env) for _ in range(repeat)]
        wall = [r[0] for r in runs]
        cpu = [r[2] for r in runs]
        print(
            f"{label:<42} wall median {statistics.median(wall):.2f} s (min {min(wall):.2f}), "
            f"CPU median {statistics.median(cpu):.2f} s"
        )


IN_PROCESS = """
import statistics, sys, time, django
django.setup()
from kofu.forecast import issuance, selectors
def median(fn):
    runs = []
    for _ in range(int(sys.argv[1])):
        start = time.perf_counter(); fn(); runs.append(time.perf_counter() - start)
    return statistics.median(runs)
print(f"in-process raw read of every figure (selector)   median {median(lambda: selectors.issuance_history(None)):.2f} s")
print(f"in-process forecast, 3 months, all units          median {median(lambda: issuance.build(None, 3)):.2f} s")
print(f"in-process forecast + target months, all units    median {median(lambda: issuance.build(None, 6, with_targets=True)):.2f} s")
"""


def in_process(env: dict[str, str], repeat: int) -> None:
    code = IN_PROCESS
    env = {**env, "DJANGO_SETTINGS_MODULE": "kofu.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(repeat)], env=env, capture_output=True, text=True, check=True
    )
    print(done.stdout, end="")


def backtests(env: dict[str, str]) -> None:
    print("| --until | last month | horizon | month | MAE forecast | MAE baseline | coverage (80 %) |")
    print("|---|---|---|---|---|---|---|")
    totals: dict[str, list[tuple[float, float, float]]] = {}
    for until in BACKTEST_UNTIL:
        _, text, _ = kofu(
            ["forecast", "backtest", "--until", until, "--horizon", "3", "--format", "csv"], env
        )
        for row in csv.DictReader(io.StringIO(text)):
            mae, base, cover = float(row["mae"]), float(row["baseline_mae"]), float(row["coverage"])
            totals.setdefault(row["horizon"], []).append((mae, base, cover))
            mark = "**" if mae < base else ""
            print(
                f"| {until} | | {row['horizon']} | {row['month']} | {mark}{mae:.3f}{mark} | {base:.3f} | {cover:.1%} |"
            )
    for horizon, rows in sorted(totals.items()):
        mae = statistics.mean(r[0] for r in rows)
        base = statistics.mean(r[1] for r in rows)
        wins = sum(r[0] < r[1] for r in rows)
        cover = statistics.mean(r[2] for r in rows)
        print(
            f"horizon {horizon}: {len(rows)} windows, mean MAE {mae:.3f} vs baseline {base:.3f} "
            f"(ratio {mae / base:.3f}), forecast better in {wins}, mean coverage {cover:.1%}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args()
    env = dict(os.environ)
    temporary = None
    if "DATABASE_URL" not in env and not args.skip_import:
        temporary = tempfile.TemporaryDirectory(prefix="kofu-bench-forecast-")
        env["KOFU_DATA_DIR"] = temporary.name
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"load average before: {os.getloadavg()}")
    if not args.skip_import:
        kofu(["init"], env)
        files = sorted(str(p) for p in args.data.glob("*/all_localgovs.csv"))
        seconds, _, _ = kofu(["stats", "import", *files], env)
        print(f"import of {len(files)} months: {seconds:.1f} s")
    timings(env, args.repeat)
    in_process(env, args.repeat)
    backtests(env)
    print(f"load average after: {os.getloadavg()}")
    if temporary is not None:
        temporary.cleanup()


if __name__ == "__main__":
    main()
