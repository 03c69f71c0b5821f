"""Benchmark: issuance statistics — import, tables, dashboard, charts, CLI — beside a raw baseline.

Usage (from the repository root, after ``pip install -e .``)::

    python bench/bench_stats.py [--file ../shared/data/issuance/20220101/all_localgovs.csv] [--repeat 5]

To measure the code before a change in the same conditions, put its ``src`` first on the path:
``PYTHONPATH=../main/src python bench/bench_stats.py`` (commands it lacks are timed as failures).

Runs against a fresh SQLite database in a temporary KOFU_DATA_DIR (or the database DATABASE_URL
names, used as is). Every figure is the median of ``--repeat`` runs, printed beside the raw
baseline measured in the same run:

- raw: a bare ``csv`` parse of the file and an aggregate of it (sums by prefecture and
  nationally, half-up rates, a ranking by ratio) — what any script would do, no database;
- import + the seven dashboard tables in process (``snapshot_import_file`` then ``build_table``
  for each table, as CSV), and each part alone; tables again with the per-snapshot cache warm;
- the dashboard page (Django test client) with one month imported and with every month of
  ``../shared/data/issuance`` imported (43), cold and warm;
- the prefecture ranking chart (PNG), first drawing and cached;
- whole CLI runs (process start included) of each data command used here.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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
ISSUANCE = ROOT.parent / "shared" / "data" / "issuance"
DEFAULT_FILE = ISSUANCE / "20220101" / "all_localgovs.csv"


CPU: dict[str, float] = {}


def median_of(repeat: int, work: Callable[[], object], before: Callable[[], object] | None = None) -> float:
    """Median wall-clock seconds of ``work``; the median CPU seconds go to ``CPU['last']``.

    CPU time (this process) is printed beside the wall clock because the machine is shared:
    when other jobs queue for the cores, wall time grows and CPU time does not.
    """
    samples = []
    cpu = []
    for _ in range(repeat):
        if before is not None:
            before()
        started, started_cpu = time.perf_counter(), time.process_time()
        work()
        samples.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    CPU["last"] = statistics.median(cpu)
    return statistics.median(samples)


def cpu_ms() -> str:
    return f"cpu {CPU['last'] * 1000:7.1f} ms"


class NoCache:
    @staticmethod
    def clear() -> None:
        return None


def raw_aggregate(path: Path) -> int:
    """The baseline: parse the CSV and aggregate it with plain Python (integers, half-up, ranked)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_prefecture: dict[str, list[int]] = {}
    for row in rows:
        sums = by_prefecture.setdefault(row["都道府県名"], [0, 0])
        sums[0] += int(row["総数（人口）"])
        sums[1] += int(row["交付枚数"])
    national = [sum(s[0] for s in by_prefecture.values()), sum(s[1] for s in by_prefecture.values())]
    ranked = sorted(by_prefecture.items(), key=lambda item: item[1][1] / item[1][0], reverse=True)
    rates = [(issued * 2000 // population + 1) // 2 for _, (population, issued) in ranked]
    municipal = sorted(rows, key=lambda r: int(r["交付枚数"]) / int(r["総数（人口）"]), reverse=True)
    return len(rates) + len(municipal) + national[0] % 7


def kofu(env: dict[str, str], *args: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one whole ``kofu`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kofu.cli", *args], env=env, check=False, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def in_process(path: Path, as_of: str, repeat: int) -> None:
    import datetime as dt

    from django.test import Client

    try:
        from kofu.stats import cache
    except ImportError:  # measuring the code before issue 14 (PYTHONPATH=../main/src): nothing cached
        cache = NoCache()
    from kofu.stats.importing.services import snapshot_import_file
    from kofu.stats.tables import build_table
    from kofu.stats.tables.output import csv_text

    date = dt.date.fromisoformat(as_of)

    def tables() -> None:
        for table in TABLES:
            csv_text(build_table(table, as_of=date))

    def import_and_tables() -> None:
        snapshot_import_file(path=path, replace=True)
        tables()

    raw = median_of(repeat, lambda: raw_aggregate(path))
    raw_cpu = CPU["last"]
    print(f"raw csv parse + aggregate            : {raw * 1000:8.1f} ms   {cpu_ms()}")
    both = median_of(repeat, import_and_tables, cache.clear)
    print(
        f"import + 7 tables (in process)       : {both * 1000:8.1f} ms   {cpu_ms()}  ({CPU['last'] / raw_cpu:5.1f}× raw cpu)"
    )
    alone = median_of(repeat, lambda: snapshot_import_file(path=path, replace=True))
    print(
        f"  import alone                       : {alone * 1000:8.1f} ms   {cpu_ms()}  ({CPU['last'] / raw_cpu:5.1f}× raw cpu)"
    )
    cold = median_of(repeat, tables, cache.clear)
    print(
        f"  7 tables, first build              : {cold * 1000:8.1f} ms   {cpu_ms()}  ({CPU['last'] / raw_cpu:5.1f}× raw cpu)"
    )
    warm = median_of(repeat, tables)
    print(f"  7 tables, cached                   : {warm * 1000:8.1f} ms   {cpu_ms()}")

    client = Client()
    page = f"/stats/?as_of={as_of}"
    client.get(page)
    one_cold = median_of(repeat, lambda: client.get(page), cache.clear)
    one_warm = median_of(repeat, lambda: client.get(page))
    one_cpu = CPU["last"]
    chart = f"/stats/charts/prefectures.png?as_of={as_of}"
    client.get(chart)
    chart_cold = median_of(repeat, lambda: client.get(chart), cache.clear)
    chart_cpu = CPU["last"]
    chart_warm = median_of(repeat, lambda: client.get(chart))
    months = sorted(p for p in ISSUANCE.iterdir() if p.is_dir() and p.name != path.parent.name)
    for month in months:
        snapshot_import_file(path=month / "all_localgovs.csv", replace=True)
    client.get(page)
    all_cold = median_of(repeat, lambda: client.get(page), cache.clear)
    all_warm = median_of(repeat, lambda: client.get(page))
    size = len(client.get(page).content)
    print(
        f"dashboard, 1 month, first / cached   : {one_cold * 1000:8.1f} / {one_warm * 1000:.1f} ms (cached cpu {one_cpu * 1000:.1f} ms)"
    )
    print(
        f"dashboard, {len(months) + 1} months, first / cached : {all_cold * 1000:8.1f} / {all_warm * 1000:.1f} ms "
        f"(cached {cpu_ms()}, {size / 1024:.0f} KiB)"
    )
    print(
        f"prefecture chart PNG, first / cached : {chart_cold * 1000:8.1f} / {chart_warm * 1000:.1f} ms "
        f"(first cpu {chart_cpu * 1000:.0f} ms)"
    )


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
        print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"database: {env.get('DATABASE_URL', 'SQLite in a temporary KOFU_DATA_DIR')}")
        print(f"file: {args.file}")
        print(f"kofu init (first run, migrations + registry): {kofu(env, 'init')[0]:.3f} s")
        kofu(env, "stats", "import", str(args.file))
        commands = [
            ("stats import --replace FILE", ["stats", "import", "--replace", str(args.file)]),
            ("stats table prefectures", ["stats", "table", "prefectures", "--as-of", args.as_of]),
            ("stats table municipalities", ["stats", "table", "municipalities", "--as-of", args.as_of]),
            ("stats series --national", ["stats", "series", "--national"]),
            ("stats snapshots", ["stats", "snapshots"]),
        ]
        for label, command in commands:
            runs = [kofu(env, *command) for _ in range(args.repeat)]
            wall = statistics.median(w for w, _ in runs)
            cpu = statistics.median(c for _, c in runs)
            print(f"CLI kofu {label:<28} (whole process): median {wall:.3f} s, cpu {cpu:.3f} s")
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kofu.settings")
        os.environ["KOFU_ALLOWED_HOSTS"] = "testserver"
        import django

        django.setup()
        in_process(args.file, args.as_of, args.repeat)
        print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
