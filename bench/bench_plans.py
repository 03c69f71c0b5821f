"""Benchmark: size the smoothing plan of every municipality (1,741) and run the four review checks.

Usage (from the repository root, after ``pip install -e .``)::

    python bench/bench_plans.py [--file ../shared/data/issuance/20220101/all_localgovs.csv] [--repeat 5]

Pure rules (``kofu.rules.plans``), no database: for each municipality of the file, population and
cards issued as of 2022-01-01 (base month 2021-12), deadline 2023-03 (15 months), 80 cards per
window per day, as many dedicated windows as one per 20,000 residents (at least 1), 4 weekend days
a month, even targets; then ``review_plan`` with the office holding 1.5 × those windows. Also
runs ``kofu plan compute`` once as a whole CLI process for scale. Goal of issue 3: ≤ 1 s for all.
"""

from __future__ import annotations

import argparse
import csv
import math
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "issuance" / "20220101" / "all_localgovs.csv"


def municipalities(path: Path) -> list[tuple[str, int, int]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            (row["市区町村名"], int(row["総数（人口）"]), int(row["交付枚数"]))
            for row in csv.DictReader(handle)
            if row["総数（人口）"].strip()
        ]


def run_all(rows: list[tuple[str, int, int]]) -> tuple[int, int]:
    from kofu.rules.calendar import YearMonth
    from kofu.rules.plans import Windows, compute_plan, review_plan

    base = YearMonth(2021, 12)
    months = passed = 0
    for _, population, issued in rows:
        windows = max(1, math.ceil(population / 20_000))
        plan = compute_plan(
            population=population,
            issued=issued,
            base_month=base,
            windows=Windows(per_window_daily=80, windows=windows),
            weekend_days=4,
        )
        checks = review_plan(plan, office_max_windows=math.ceil(windows * 1.5))
        months += len(plan.months)
        passed += all(c.passed for c in checks)
    return months, passed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = municipalities(args.file)
    print(f"machine: {platform.machine()} {platform.system()}, Python {platform.python_version()}")
    print(f"file: {args.file} ({len(rows):,} municipalities)")
    samples = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        months, passed = run_all(rows)
        samples.append(time.perf_counter() - started)
    print(
        f"plans sized and reviewed: {len(rows):,} ({months:,} plan months), all four checks passed: {passed:,}"
    )
    print(
        f"in-process, all municipalities: median {statistics.median(samples):.3f} s, "
        f"min {min(samples):.3f} s, max {max(samples):.3f} s"
    )
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kofu.cli",
            "plan",
            "compute",
            "--population",
            "160000",
            "--issued",
            "60000",
            "--base-month",
            "2021-12",
            "--deadline",
            "2023-03",
            "--per-window-daily",
            "80",
            "--windows",
            "8",
            "--format",
            "csv",
        ],
        check=True,
        capture_output=True,
    )
    print(f"CLI kofu plan compute (one municipality, whole process): {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    main()
