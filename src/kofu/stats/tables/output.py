"""Table output: CSV (the stable CLI contract) and XLSX laid out like the publication."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kofu.core import spreadsheet
from kofu.stats.tables.builder import Table
from kofu.stats.tables.changes import RowChange

if TYPE_CHECKING:
    from openpyxl import Workbook

CSV_HEADER = ["rank", "name", "population", "issued", "rate"]
CHANGE_HEADER = ["previous_rate", "points", "previous_rank", "rank_move"]


def wareki(date) -> str:  # type: ignore[no-untyped-def]
    """``2022-01-01`` → ``令和4年1月1日`` (Reiwa era; earlier dates in Heisei)."""
    if date.year > 2019 or (date.year == 2019 and date.month >= 5):
        era, year = "令和", date.year - 2018
    else:
        era, year = "平成", date.year - 1988
    return f"{era}{'元' if year == 1 else year}年{date.month}月{date.day}日"


def write_csv(table: Table, out: IO[str], changes: list[RowChange] | None = None) -> None:
    writer = spreadsheet.csv_writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER + (CHANGE_HEADER if changes is not None else []))
    for index, row in enumerate(table.rows):
        cells: list[object] = [
            "" if row.rank is None else row.rank,
            row.name,
            row.population,
            row.issued,
            row.rate,
        ]
        if changes is not None:
            change = changes[index]
            previous = change.previous
            cells += [
                "" if previous is None else previous.rate,
                "" if change.points is None else change.points,
                "" if previous is None or previous.rank is None else previous.rank,
                "" if change.rank_move is None else change.rank_move,
            ]
        writer.writerow(cells)


def csv_text(table: Table) -> str:
    buffer = io.StringIO()
    write_csv(table, buffer)
    return buffer.getvalue()


def workbook(table: Table) -> Workbook:
    """One sheet: title, both dates, Japanese headers, the rows; rates as printed with %."""
    # openpyxl is imported here, not at module load, to keep every kofu command's start-up fast.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = table.title[:31]
    sheet["A1"] = f"マイナンバーカードの交付状況（{wareki(table.as_of)}現在）　{table.title}"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = f"交付枚数基準日: {table.as_of:%Y-%m-%d}　人口算出基準日: {table.population_base:%Y-%m-%d}"
    headers = [
        "順位",
        "団体名",
        f"人口（{wareki(table.population_base)}時点）",
        "交付枚数",
        "人口に対する交付枚数率",
    ]
    if not table.ranked:
        headers = headers[1:]
    sheet.append([])
    sheet.append(headers)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for row in table.rows:
        values: list[object] = [row.name, row.population, row.issued, float(row.rate) / 100]
        if table.ranked:
            values.insert(0, row.rank)
        sheet.append(values)
        current = sheet.max_row
        offset = 1 if table.ranked else 0
        sheet.cell(current, 2 + offset).number_format = "#,##0"
        sheet.cell(current, 3 + offset).number_format = "#,##0"
        sheet.cell(current, 4 + offset).number_format = "0.0%"
    if table.national is not None and table.key != "categories":
        sheet.append([])
        sheet.append([f"全国平均 {table.national.rate}%（下線なし：全国平均以上／※：全国平均未満）"])
        for row_index, row in enumerate(table.rows, start=5):
            if row.below_average:
                name_cell = sheet.cell(row_index, 2 if table.ranked else 1)
                name_cell.value = f"{name_cell.value} ※"
    widths = [8, 22, 20, 14, 14] if table.ranked else [22, 20, 14, 14]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return spreadsheet.neutralise_workbook(book)


def write_xlsx(table: Table, path: Path | IO[bytes]) -> None:
    workbook(table).save(path)
