"""Table output: CSV (the stable CLI contract) and XLSX laid out like the publication.

CSV: ``rank,name,population,issued,rate,mark`` — the fourth column is named after what the
snapshot counts (``issued`` 交付枚数 or ``held`` 保有枚数), ``mark`` is ``※`` for a row at or
below the national average (the seeds' 全国平均以下), empty otherwise.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kofu.core import spreadsheet
from kofu.rules.measures import labels
from kofu.rules.wareki import wareki
from kofu.stats.tables.builder import Table
from kofu.stats.tables.changes import RowChange

if TYPE_CHECKING:
    from openpyxl import Workbook

MARK = "※"
CHANGE_HEADER = ["previous_rate", "points", "previous_rank", "rank_move"]
#: Cells a spreadsheet would run as a formula (names never start so; kept as a guard anyway).


def csv_header(measure: str) -> list[str]:
    return ["rank", "name", "population", measure, "rate", "mark"]


#: The header of a table of cards issued (every snapshot before the 保有枚数 files).
CSV_HEADER = csv_header("issued")


def mark_legend(table: Table) -> str:
    if table.national is None:
        return ""
    return f"※：全国平均（{table.national.rate}%）以下"


def write_csv(table: Table, out: IO[str], changes: list[RowChange] | None = None) -> None:
    writer = spreadsheet.csv_writer(out, lineterminator="\n")
    writer.writerow(csv_header(table.measure) + (CHANGE_HEADER if changes is not None else []))
    for index, row in enumerate(table.rows):
        cells: list[object] = [
            "" if row.rank is None else row.rank,
            spreadsheet.neutralise(row.name),
            row.population,
            row.issued,
            row.rate,
            MARK if row.at_or_below_average else "",
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


def heading_lines(table: Table) -> list[str]:
    """Title, measure, both dates and source: the lines above every exported table."""
    names = labels(table.measure)
    return [
        f"マイナンバーカードの{names.unit_verb}状況（{wareki(table.as_of)}現在）　{table.title}",
        f"{names.count}基準日: {table.as_of:%Y-%m-%d}（{wareki(table.as_of)}）　"
        f"人口算出基準日: {table.population_base:%Y-%m-%d}（{wareki(table.population_base)}）",
        f"出典: {table.source}" if table.source else "",
    ]


def workbook(table: Table) -> Workbook:
    """One sheet: title, measure, both dates, source, Japanese headers, the rows; rates as printed."""
    # openpyxl is imported here, not at module load, to keep every kofu command's start-up fast.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    names = labels(table.measure)
    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's one sheet
    sheet.title = table.title[:31]
    title, dates, source = heading_lines(table)
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = dates
    sheet["A3"] = spreadsheet.neutralise(source)
    headers = [
        "順位",
        "団体名",
        f"人口（{wareki(table.population_base)}時点）",
        names.count,
        names.rate,
        "全国平均以下",
    ]
    if not table.ranked:
        headers = headers[1:]
    sheet.append(headers)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    offset = 1 if table.ranked else 0
    for row in table.rows:
        values: list[object] = [
            spreadsheet.neutralise(row.name),
            row.population,
            row.issued,
            float(row.rate) / 100,
            MARK if row.at_or_below_average else "",
        ]
        if table.ranked:
            values.insert(0, row.rank)
        sheet.append(values)
        current = sheet.max_row
        sheet.cell(current, 2 + offset).number_format = "#,##0"
        sheet.cell(current, 3 + offset).number_format = "#,##0"
        sheet.cell(current, 4 + offset).number_format = "0.0%"
    if table.national is not None and table.key != "categories":
        sheet.append([])
        sheet.append([f"全国平均 {table.national.rate}%（※：全国平均以下）"])
    widths = [8, 22, 20, 14, 14, 12] if table.ranked else [22, 20, 14, 14, 12]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return spreadsheet.neutralise_workbook(book)


def write_xlsx(table: Table, path: Path | IO[bytes]) -> None:
    workbook(table).save(path)
