"""CSV and XLSX of the participation table: ``name,participating,municipalities,rate``."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO

from kofu.core import spreadsheet
from kofu.rules.wareki import wareki
from kofu.stats.convenience.tables import ParticipationTable

HEADER = ["name", "participating", "municipalities", "rate"]


def write_csv(table: ParticipationTable, out: IO[str]) -> None:
    writer = spreadsheet.csv_writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in [*table.rows, table.national]:
        writer.writerow([spreadsheet.neutralise(row.name), row.participating, row.municipalities, row.rate])


def csv_text(table: ParticipationTable) -> str:
    buffer = io.StringIO()
    write_csv(table, buffer)
    return buffer.getvalue()


def write_xlsx(table: ParticipationTable, path: Path | IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's one sheet
    sheet.title = "コンビニ交付の参加状況"
    sheet["A1"] = f"コンビニ交付　市区町村の参加状況（{wareki(table.as_of)}現在）"
    sheet["A1"].font = Font(bold=True, size=13)
    target = table.target
    if target is not None:
        sheet["A2"] = (
            f"対象人口 {target.in_man:,}万人（{target.population:,}人、交付状況 {target.snapshot_as_of:%Y-%m-%d} 時点の"
            f"人口（人口算出基準日 {target.population_base:%Y-%m-%d}））"
        )
    sheet["A3"] = spreadsheet.neutralise("出典: " + (" / ".join(table.sources) or "取込ファイル"))
    sheet.append(["都道府県", "参加団体数", "総団体数", "参加率（%）"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in [*table.rows, table.national]:
        sheet.append([spreadsheet.neutralise(row.name), row.participating, row.municipalities, row.rate])
    spreadsheet.neutralise_workbook(book).save(path)
