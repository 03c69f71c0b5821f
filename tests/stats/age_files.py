"""Age × sex tables for the tests: demographics.csv read in place, and the ministry's workbook table
(two heading rows: 人口（R4.1.1時点） / 保有枚数（R4.9末時点） / 率 over 男・女・計) written from it."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

SEXES = (("male", "男"), ("female", "女"), ("total", "計"))


def demographics(shared_dir: Path, folder: str) -> Path:
    return shared_dir / "data" / "issuance" / folder / "demographics.csv"


def read_ages(path: Path) -> list[tuple[str, dict[str, tuple[int, int]]]]:
    """(age as printed, {sex: (population, count)}) in file order."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            (row["年齢"], {sex: (int(row[f"人口({c})"]), int(row[f"交付件数({c})"])) for sex, c in SEXES})
            for row in csv.DictReader(handle)
        ]


def write_age_workbook(
    path: Path, ages: list[tuple[str, dict[str, tuple[int, int]]]], count: str = "保有枚数"
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "公表用"
    sheet.append([f"男女・年齢別の{count}"])
    sheet.append([])
    top = [
        "年齢",
        "人口（R4.1.1時点）",
        None,
        None,
        f"{count}（R4.9末時点）",
        None,
        None,
        f"人口に対する{count}率",
    ]
    sheet.append([*top, None, None])
    sheet.append([None, *["男", "女", "計"] * 3])
    for age, figures in ages:
        populations = [figures[s][0] for s, _ in SEXES]
        counts = [figures[s][1] for s, _ in SEXES]
        sheet.append([age, *populations, *counts, *(c / p for c, p in zip(counts, populations, strict=True))])
        for column in (8, 9, 10):
            sheet.cell(sheet.max_row, column).number_format = "0.0%"
    sheet.append(["※ 保有枚数は交付枚数から廃止されたカードを除いた枚数"])
    book.save(path)
    return path
