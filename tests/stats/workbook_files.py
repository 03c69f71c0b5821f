"""The ministry's 公表用 workbook, written from a month of ../shared/data/issuance for the tests.

The layout as published since 2023 (sheet 「公表用」 after an explanation sheet, title rows, a heading
row whose two dates are inside the headings, the national row, the 47 prefecture rows with an empty
市区町村名, then one row per municipality, names only; the rate a fraction formatted as a percent).
``split`` puts the municipalities under a second heading row (a second block); ``offset`` adds title
rows, so no test depends on row numbers.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import openpyxl


@dataclass(frozen=True)
class Month:
    rows: list[tuple[str, str, int, int]]  # prefecture, municipality, population, count

    def prefectures(self) -> dict[str, tuple[int, int]]:
        sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for prefecture, _name, population, count in self.rows:
            sums[prefecture][0] += population
            sums[prefecture][1] += count
        return {name: (p, c) for name, (p, c) in sums.items()}

    def national(self) -> tuple[int, int]:
        return sum(r[2] for r in self.rows), sum(r[3] for r in self.rows)


def read_month(shared_dir: Path, folder: str, prefectures: set[str] | None = None) -> Month:
    path = shared_dir / "data" / "issuance" / folder / "all_localgovs.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [
            (row["都道府県名"], row["市区町村名"], int(row["総数（人口）"]), int(row["交付枚数"]))
            for row in csv.DictReader(handle)
        ]
    return Month([r for r in rows if prefectures is None or r[0] in prefectures])


def headings(count: str, population_date: str, count_date: str, rate: str) -> list[str]:
    return [
        "都道府県名",
        "市区町村名",
        f"人口（{population_date}時点）",
        f"{count}（{count_date}時点）",
        rate,
    ]


def write_workbook(
    path: Path,
    month: Month,
    *,
    count: str = "保有枚数",
    population_date: str = "R4.1.1",
    count_date: str = "R4.9末",
    offset: int = 0,
    split: bool = False,
    national_label: str = "合計",
    applications: int | None = None,
) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "説明"
    book.active["A1"] = "この資料は市区町村別の数値です。数値は公表用シートにあります。"
    sheet = book.create_sheet("公表用")
    sheet.append([f"マイナンバーカードの市区町村別{count}"])
    for _ in range(offset):
        sheet.append([])
    rate = f"人口に対する{count}率"
    heading = headings(count, population_date, count_date, rate)
    if applications is not None:
        heading.append("申請件数")
    sheet.append(heading)
    population, counted = month.national()
    national = [national_label, None, population, counted, counted / population]
    sheet.append(national + ([applications] if applications is not None else []))
    for prefecture, (p, c) in month.prefectures().items():
        sheet.append([prefecture, None, p, c, c / p])
    if split:
        sheet.append([])
        sheet.append(["【市区町村別】"])
        sheet.append(heading)
    for prefecture, name, p, c in month.rows:
        sheet.append([prefecture, name, p, c, c / p])
    sheet.append([])
    sheet.append(["※ 保有枚数は交付枚数から死亡・有効期限切れ・返納により廃止されたカードを除いた枚数"])
    for cells in sheet.iter_rows(min_col=5, max_col=5):
        if isinstance(cells[0].value, float):
            cells[0].number_format = "0.0%"
    book.save(path)
    return path
