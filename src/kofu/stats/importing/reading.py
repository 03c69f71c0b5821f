"""The statistics files: CSV and XLSX through :mod:`kofu.core.tabular`, PDF through pdfplumber.

The PDF reader is the statistics importer's own (the ministry publishes some tables only as PDF);
it goes through the same checks before parsing (size, type) and the same cell checks after.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from kofu.core.tabular import (
    ImportRefused,
    Kind,
    Limits,
    Problems,
    Row,
    Table,
    check_cells,
    iter_rows,
    open_source,
)
from kofu.core.tabular.table import table_of

#: Longest statistics file read (the ministry's largest files are a few MB; held in memory).
MAX_BYTES = 50 * 1024 * 1024
#: The sheet read from a workbook holding several (the ministry's own: 「公表用」); else the first.
WORKBOOK_SHEETS = ("公表用",)
#: Longest PDF read (the ministry's PDF tables have a few pages).
MAX_PDF_PAGES = 200


def read_stats_table(path: Path, problems: Problems) -> Table:
    """Every row of a CSV, XLSX or PDF file; refused cells are added to ``problems``."""
    limits = Limits.from_settings().at_most(max_bytes=MAX_BYTES)
    with open_source(
        path, name=problems.file, accept=(Kind.CSV, Kind.XLSX, Kind.PDF), limits=limits
    ) as source:
        if source.kind is not Kind.PDF:
            return table_of(source, list(iter_rows(source, problems, sheet=WORKBOOK_SHEETS)))
        table = _read_pdf(source.read_bytes(), problems)
    table.rows = [row for row in table.rows if check_cells(row, problems)]
    return table


def _split_text_line(line: str) -> tuple[str, ...]:
    """A line of a table without ruling: cells are separated by spaces; ``(…)`` joins the cell before."""
    cells: list[str] = []
    for token in line.split():
        if cells and token[:1] in "(（":
            cells[-1] += " " + token
        else:
            cells.append(token)
    return tuple(cells)


def _pdf_cell(value: str | None) -> str:
    return (value or "").replace("\n", "").strip()


def _read_pdf(data: bytes, problems: Problems) -> Table:
    import pdfplumber

    rows: list[Row] = []
    lines: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                problems.refuse(
                    f"PDF のページが多すぎます（{len(pdf.pages):,} ページ、上限 {MAX_PDF_PAGES}）"
                )
            for page_number, page in enumerate(pdf.pages, start=1):
                text = page.extract_text() or ""
                lines.extend(text.splitlines())
                rows.extend(_pdf_page_rows(page, text, page_number))
    except ImportRefused:
        raise
    except Exception:  # noqa: BLE001 - pdfminer raises many kinds on damaged files
        problems.refuse("PDF ファイルとして読めません（破損している可能性があります）")
    if not rows:
        problems.refuse("PDF から文字を読み取れません（画像だけの PDF かもしれません）")
    return Table(file=problems.file, kind="PDF", rows=rows, text_lines=lines, notes_allowed=True)


def _pdf_page_rows(page: Any, text: str, page_number: int) -> list[Row]:
    tables = page.extract_tables()
    if tables:
        cells = [tuple(_pdf_cell(cell) for cell in row) for table in tables for row in table]
    else:
        cells = [_split_text_line(line) for line in text.splitlines()]
    return [Row(index, row, page_number) for index, row in enumerate(cells, start=1) if row]
