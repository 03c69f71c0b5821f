"""Benchmark and false-positive count of the My Number guard (kofu.rules.codes.contains_my_number).

Usage (from the repository root)::

    python bench/bench_my_number_guard.py [--rows 100000] [--repeat 5] [--samples 100000]
        [--baseline REV]

1. Speed: the cells of a synthetic city's J-LIS delivery file (bench/synthetic_city.py: IDs, dates,
   names, kana, addresses, phone numbers), checked the way the card import checks them
   (``contains_my_number_in_any`` per row), and per cell; beside the guard of git revision REV
   (default ``main``; its row check was one call on the cells joined by ``\\x1f``), in the same
   process. Median CPU seconds of ``--repeat`` runs, with the load average and the machine.
2. False positives: ``--samples`` random values of each kind (phone numbers, postcodes, notice
   numbers, dates, amounts, and values written side by side) and how many the guard refuses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from kofu.rules import codes  # noqa: E402


def baseline_module(revision: str):  # type: ignore[no-untyped-def]
    source = subprocess.run(
        ["git", "show", f"{revision}:src/kofu/rules/codes.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "codes_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("codes_baseline", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(function: Callable[[], object], repeat: int) -> float:
    """Median CPU seconds of the process (less disturbed than wall time on a shared machine)."""
    runs = []
    for _ in range(repeat):
        started = time.process_time()
        function()
        runs.append(time.process_time() - started)
    return statistics.median(runs)


def speed(rows_count: int, repeat: int, revision: str) -> None:
    from synthetic_city import rows

    table = [list(map(str, row)) for row in rows(rows_count)]
    cells = [cell for row in table for cell in row]
    old = baseline_module(revision)
    print(f"cells: {len(cells):,} in {len(table):,} rows (synthetic city)")
    results = {
        f"{revision}: row check (cells joined by \\x1f)": lambda: [
            old.contains_my_number("\x1f".join(row)) for row in table
        ],
        f"{revision}: per cell": lambda: [old.contains_my_number(cell) for cell in cells],
        "this branch: row check (contains_my_number_in_any)": lambda: [
            codes.contains_my_number_in_any(row) for row in table
        ],
        "this branch: per cell": lambda: [codes.contains_my_number(cell) for cell in cells],
    }
    for name, function in results.items():
        seconds = timed(function, repeat)
        print(f"  {name:58s} {seconds:7.3f} s CPU  {seconds / len(cells) * 1e9:6.0f} ns/cell")


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _date(rng: random.Random) -> dt.date:
    return dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(365 * 100))


KINDS: dict[str, Callable[[random.Random], str]] = {
    "固定電話 0986-23-1111（10桁）": lambda r: f"0{_digits(r, 3)}-{_digits(r, 2)}-{_digits(r, 4)}",
    "携帯電話 090-1234-5678（11桁）": lambda r: f"0{r.choice('789')}0-{_digits(r, 4)}-{_digits(r, 4)}",
    "携帯電話 +81 90-1234-5678": lambda r: f"+81 {r.choice('789')}0-{_digits(r, 4)}-{_digits(r, 4)}",
    "郵便番号 〒885-0000": lambda r: f"〒{_digits(r, 3)}-{_digits(r, 4)}",
    "交付通知書番号 ABC-123456": lambda r: f"{r.choice('ABCDEFGH')}{_digits(r, 2)}-{_digits(r, 6)}",
    "交付通知書番号 ABCDE-23456（kofu）": lambda r: f"{_digits(r, 5)}-{_digits(r, 5)}",
    "日付 2025-04-01": lambda r: _date(r).isoformat(),
    "日付 2025/4/1": lambda r: f"{_date(r):%Y/%-m/%-d}",
    "金額 99,999,999,999円まで": lambda r: f"{r.randrange(100_000_000_000):,}円",
    "住所 都城市姫城町6-21-1101": lambda r: (
        f"都城市姫城町{r.randrange(1, 30)}-{r.randrange(1, 40)}-{r.randrange(100, 2000)}"
    ),
    "法人番号 13桁（続けて）": lambda r: _digits(r, 13),
    "並べた値: 日付と時刻 2025-04-01 10:30": lambda r: (
        f"{_date(r).isoformat()} {r.randrange(24):02d}:{r.randrange(60):02d}"
    ),
    "並べた値: 予約メールの日時 2025-04-01 08:30+09:00 〜 …": lambda r: (
        f"{_date(r).isoformat()} {r.randrange(24):02d}:{r.randrange(60):02d}+09:00 〜 {_date(r).isoformat()} {r.randrange(24):02d}:{r.randrange(60):02d}+09:00"
    ),
    "並べた値: 期間 2025-04-01〜2025-04-30": lambda r: f"{_date(r).isoformat()}〜{_date(r).isoformat()}",
    "並べた値: 続けた日付と時刻 20250401 1030": lambda r: (
        f"{_date(r):%Y%m%d} {r.randrange(24):02d}{r.randrange(60):02d}"
    ),
    "並べた値: 電話2つ 0986-23-1111、0986-23-2222": lambda r: (
        f"0986-{_digits(r, 2)}-{_digits(r, 4)}、0986-{_digits(r, 2)}-{_digits(r, 4)}"
    ),
    "並べた値: 電話2つ（間に文字）TEL … FAX …": lambda r: (
        f"TEL 0986-{_digits(r, 2)}-{_digits(r, 4)} FAX 0986-{_digits(r, 2)}-{_digits(r, 4)}"
    ),
    "並べた値: 携帯と内線1桁 090-1234-5678 (1)": lambda r: (
        f"090-{_digits(r, 4)}-{_digits(r, 4)} ({r.randrange(10)})"
    ),
    "並べた値: 郵便番号と電話 〒885-0000 0986-23-1111": lambda r: (
        f"〒{_digits(r, 3)}-{_digits(r, 4)} 0986-{_digits(r, 2)}-{_digits(r, 4)}"
    ),
    "任意の12桁（4-4-4）": lambda r: f"{_digits(r, 4)} {_digits(r, 4)} {_digits(r, 4)}",
}


def false_positives(samples: int) -> None:
    rng = random.Random(13)
    print(f"\nfalse positives ({samples:,} random values of each kind):")
    for name, make in KINDS.items():
        refused = sum(codes.contains_my_number(make(rng)) for _ in range(samples))
        print(f"  {name:44s} {refused:7,d}  {refused / samples:7.2%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--baseline", default="main")
    args = parser.parse_args()
    print(f"{platform.node()} {platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"load average before: {os.getloadavg()}")
    speed(args.rows, args.repeat, args.baseline)
    print(f"load average after: {os.getloadavg()}")
    false_positives(args.samples)


if __name__ == "__main__":
    main()
