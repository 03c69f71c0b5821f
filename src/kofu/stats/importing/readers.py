"""Files → rows of text cells with their row numbers: CSV (UTF-8 or Shift_JIS), XLSX, PDF.

Every failure to read becomes :class:`ImportRefused` with a message naming the file and, where
it can be known, the row.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from kofu.stats.importing.messages import ImportRefused

#: Longest file read (the ministry's largest files are a few MB).
MAX_BYTES = 50 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x19\x1b-\x1f\x7f]")


@dataclass(frozen=True)
class Row:
    number: int  # 1-based: CSV record, Excel row, or row of the tables on a PDF page
    cells: tuple[str, ...]
    page: int | None = None

    @property
    def label(self) -> str:
        return f"{self.page}ページ {self.number}行目" if self.page else f"{self.number}行目"

    def is_blank(self) -> bool:
        return not any(cell.strip() for cell in self.cells)


@dataclass
class Table:
    file: str
    kind: str  # "CSV (UTF-8)", "XLSX", "PDF" …
    rows: list[Row]
    #: Free text outside the table (titles), searched for dates such as 令和4年1月1日現在.
    text_lines: list[str] = field(default_factory=list)
    #: Titles and notes may stand in rows of their own (XLSX, PDF): rows with one filled cell.
    notes_allowed: bool = False


def read_table(path: Path) -> Table:
    """Read ``path``; refuse it if any cell holds what looks like a My Number (every importer)."""
    table = _read_any(path)
    _refuse_my_numbers(table)
    return table


def _refuse_my_numbers(table: Table) -> None:
    from kofu.core.validators import MY_NUMBER_REFUSED
    from kofu.rules.codes import contains_my_number, contains_my_number_in_any

    for row in table.rows:
        if not contains_my_number_in_any(row.cells):
            continue
        for index, cell in enumerate(row.cells, start=1):
            if cell and contains_my_number(cell):
                raise ImportRefused.single(
                    table.file, MY_NUMBER_REFUSED, row=row.label, column=f"{index}列目"
                )


def _read_any(path: Path) -> Table:
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportRefused.single(name, f"ファイルが大きすぎます（{size:,} バイト、上限 {MAX_BYTES:,}）")
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRefused.single(name, f"ファイルを読めません: {_os_reason(exc)}") from exc
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportRefused.single(name, "ファイルが空です")
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return _read_pdf(data, name)
    if data.startswith(b"PK\x03\x04") or suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(data, name)
    if data.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".xls":
        raise ImportRefused.single(
            name, "旧形式の Excel ファイル（.xls）は読めません。XLSX か CSV で保存し直してください"
        )
    return _read_csv(data, name)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "ファイルがありません"
    if isinstance(exc, IsADirectoryError):
        return "ディレクトリです"
    if isinstance(exc, PermissionError):
        return "読み取りの権限がありません"
    return str(exc.strerror or exc)


# --- CSV ------------------------------------------------------------------------------------


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode as UTF-8 (with or without BOM) or Shift_JIS (CP932); return (text, encoding name)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        raise ImportRefused.single(
            name, "UTF-16 またはバイナリのファイルは読めません。UTF-8 か Shift_JIS の CSV で保存してください"
        )
    has_bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if has_bom else data
    try:
        return body.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        if has_bom or not body[: exc.start].isascii():
            raise ImportRefused.single(
                name,
                "UTF-8 として読めないバイトがあります（ファイルの破損か、途中で切れている可能性があります）",
                row=f"{_line_of(body, exc.start)}行目",
            ) from exc
    try:
        return body.decode("cp932"), "Shift_JIS"
    except UnicodeDecodeError as exc:
        raise ImportRefused.single(
            name,
            "文字コードを判定できません（UTF-8 でも Shift_JIS でもありません）",
            row=f"{_line_of(body, exc.start)}行目",
        ) from exc


def _read_csv(data: bytes, name: str) -> Table:
    text, encoding = decode_text(data, name)
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise ImportRefused.single(
            name, "制御文字が含まれています（テキストの CSV ではないようです）", row=f"{line}行目"
        )
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[Row] = []
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append(Row(number=number, cells=tuple(cells)))
    except csv.Error as exc:
        detail = "引用符が閉じていません" if "end of data" in str(exc) else str(exc)
        raise ImportRefused.single(
            name,
            f"CSV の形式が壊れています（{detail}）。ファイルが途中で切れている可能性があります",
            row=f"{len(rows) + 1}行目",
        ) from exc
    return Table(file=name, kind=f"CSV ({encoding})", rows=rows)


# --- XLSX -----------------------------------------------------------------------------------


def _xlsx_text(value: Any, number_format: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number_format and "%" in number_format:
            return f"{(number * 100).normalize():f}%"
        if number == number.to_integral_value():
            return str(int(number))
        return f"{number.normalize():f}"
    return str(value).replace("\r", "").replace("\n", "")


def _read_xlsx(data: bytes, name: str) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files  # noqa: BLE001
        raise ImportRefused.single(
            name, f"XLSX ファイルとして読めません（破損している可能性があります）: {exc}"
        ) from exc
    try:
        rows = _xlsx_rows(workbook, name)
    finally:
        workbook.close()
    lines = [" ".join(cell for cell in row.cells if cell) for row in rows[:20]]
    return Table(file=name, kind="XLSX", rows=rows, text_lines=lines, notes_allowed=True)


def _xlsx_rows(workbook: Any, name: str) -> list[Row]:
    if not workbook.worksheets:
        raise ImportRefused.single(name, "XLSX ファイルにシートがありません")
    sheet = workbook.worksheets[0]
    rows: list[Row] = []
    try:
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            texts = tuple(_xlsx_text(cell.value, getattr(cell, "number_format", None)) for cell in cells)
            rows.append(Row(number=number, cells=texts))  # read-only sheets yield empty rows too
    except Exception as exc:  # noqa: BLE001 - damaged sheet XML surfaces as assorted errors
        raise ImportRefused.single(
            name,
            f"XLSX のシートを読めません（破損している可能性があります）: {exc}",
            row=f"{len(rows) + 1}行目",
        ) from exc
    while rows and rows[-1].is_blank():
        rows.pop()
    return rows


# --- PDF ------------------------------------------------------------------------------------


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


def _read_pdf(data: bytes, name: str) -> Table:
    import pdfplumber

    rows: list[Row] = []
    lines: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page_number, page in enumerate(pdf.pages, start=1):
                text = page.extract_text() or ""
                lines.extend(text.splitlines())
                rows.extend(_pdf_page_rows(page, text, page_number))
    except ImportRefused:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged files  # noqa: BLE001
        raise ImportRefused.single(
            name, f"PDF ファイルとして読めません（破損している可能性があります）: {exc}"
        ) from exc
    if not rows:
        raise ImportRefused.single(name, "PDF から文字を読み取れません（画像だけの PDF かもしれません）")
    return Table(file=name, kind="PDF", rows=rows, text_lines=lines, notes_allowed=True)


def _pdf_page_rows(page: Any, text: str, page_number: int) -> list[Row]:
    tables = page.extract_tables()
    if tables:
        cells = [tuple(_pdf_cell(cell) for cell in row) for table in tables for row in table]
    else:
        cells = [_split_text_line(line) for line in text.splitlines()]
    return [Row(number=index, cells=row, page=page_number) for index, row in enumerate(cells, start=1) if row]
