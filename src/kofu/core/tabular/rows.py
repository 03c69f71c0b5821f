"""Rows of a checked file (:class:`Source`): CSV streamed, XLSX read by openpyxl in read-only mode.

Every row passes :func:`check_cells` (the My Number guard, control characters, formulas) before an
importer sees it; a row with a refused cell is not yielded and each such cell is a problem naming
the row and the column. Problems that make the rest unreadable (a broken quote, an undecodable
byte, a field over the limit, too many rows) stop the reading with :class:`ImportRefused`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any, NamedTuple

from kofu.core.tabular.problems import ImportRefused, Problems, row_label
from kofu.core.tabular.source import Kind, Source
from kofu.core.validators import MY_NUMBER_REFUSED
from kofu.rules.codes import contains_my_number, contains_my_number_in_cells

Progress = Callable[[int], None]

#: Cells are joined by this for the one check per row: the letter stops a digit run from going on
#: into the next cell.
_JOIN = " x "
#: Rows of a CSV checked together (:func:`_checked_batch`).
_BATCH = 512
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x19\x1b-\x1f\x7f]")
CONTROL_REFUSED = "制御文字（NUL など）が含まれています。テキストの値だけにしてください"
FORMULA_REFUSED = "数式（= で始まる値）は取り込めません。値で保存してください"


class Row(NamedTuple):
    number: int  # 1-based: CSV record, sheet row, or row of the tables on a PDF page
    cells: Sequence[str]
    page: int | None = None

    @property
    def label(self) -> str:
        return row_label(self.number, self.page)

    def is_blank(self) -> bool:
        return not "".join(self.cells).strip()  # = no cell but spaces (one C call, not one a cell)


ColumnName = Callable[[int], str]


def position_name(index: int) -> str:
    return f"{index + 1}列目"


def check_cells(
    row: Row, problems: Problems, column: ColumnName = position_name, *, controls: bool = True
) -> bool:
    """True when every cell may be imported; otherwise each refused cell is a problem (value not echoed).

    One cheap check of the whole row first (most rows pass it); cells are looked at one by one only
    when it finds something. ``controls=False`` skips the search for control characters when the
    file's bytes are known to hold none (:attr:`Source.has_control`)."""
    joined = _JOIN.join(row.cells)
    if "=" not in joined and not (controls and _CONTROL.search(joined)) and not contains_my_number(joined):
        return True
    ok = True
    for index, cell in enumerate(row.cells):
        text = _cell_problem(cell)
        if text:
            problems.error(text, row.label, column(index))
            ok = False
    return ok


def _cell_problem(cell: str) -> str | None:
    if not cell:
        return None
    if contains_my_number(cell):
        return MY_NUMBER_REFUSED
    if _CONTROL.search(cell):
        return CONTROL_REFUSED
    if cell.lstrip().startswith("="):
        return FORMULA_REFUSED
    return None


def iter_rows(
    source: Source,
    problems: Problems,
    *,
    header_row: int | None = None,
    sheet: str | Sequence[str] | None = None,
    progress: Progress | None = None,
) -> Iterator[Row]:
    """The rows of ``source`` that pass :func:`check_cells`, in order, with their numbers.

    ``header_row``: the number of the heading row, whose cells then name the columns in problems
    (otherwise ``3列目`` in CSV, ``C列`` in XLSX). ``sheet``: the sheet to read, or sheet names in
    order of preference (default, and when none is there: the first). ``progress`` is called with the number of bytes read (CSV).
    """
    if source.kind is Kind.CSV:
        return _csv_rows(source, _Checker(problems, header_row, position_name, source.has_control), progress)
    if source.kind is Kind.XLSX:
        return _xlsx_rows(source, _Checker(problems, header_row, _letter_name, True), sheet)
    raise ValueError(f"iter_rows reads CSV and XLSX, not {source.kind.value}")  # PDF: stats' own reader


class _Checker:
    """:func:`check_cells` for one file, naming columns by its heading row once that is read."""

    def __init__(self, problems: Problems, header_row: int | None, fallback: ColumnName, controls: bool):
        self.problems = problems
        self.header_row = header_row
        self.fallback = fallback
        self.controls = controls  # False: the file's bytes hold no control character
        self.headings: Sequence[str] = ()

    def column(self, index: int) -> str:
        heading = self.headings[index].strip() if index < len(self.headings) else ""
        return heading or self.fallback(index)

    def passes(self, row: Row) -> bool:
        if not check_cells(row, self.problems, self.column, controls=self.controls):
            return False
        if row.number == self.header_row:
            self.headings = row.cells
        return True


# --- CSV ------------------------------------------------------------------------------------


class _CountingReader(io.RawIOBase):
    """Reads the source's stream, counting the bytes for a progress bar (when there is one)."""

    def __init__(self, raw: IO[bytes], progress: Progress | None) -> None:
        self.raw = raw
        self.progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        if self.progress is not None:
            self.progress(len(data))
        return len(data)


def _delimiter(head: bytes) -> str:
    first_line = head.lstrip().split(b"\n", 1)[0]
    return "\t" if b"\t" in first_line and b"," not in first_line else ","


def _csv_rows(source: Source, checker: _Checker, progress: Progress | None) -> Iterator[Row]:
    """The checked rows of a CSV, checked a batch at a time (:func:`_checked_batch`): the per-row
    cost of a multi-million-row delivery file."""
    limits, problems = source.limits, checker.problems
    csv.field_size_limit(limits.max_field_chars)
    source.stream.seek(0)
    binary = io.BufferedReader(_CountingReader(source.stream, progress), buffer_size=1 << 20)
    text = io.TextIOWrapper(binary, encoding=source.encoding, newline="")
    number = 0
    batch: list[list[str]] = []
    # A streaming import that reports its progress (a J-LIS delivery file, committed batch by batch
    # and resumable) hands each row on as soon as it is read, so that what was read before a break is
    # what was processed; a whole-file import checks 512 rows at a time.
    size = 1 if progress is not None else _BATCH
    try:
        for number, cells in enumerate(csv.reader(text, delimiter=_delimiter(source.head), strict=True), 1):
            if number > limits.max_rows:
                problems.refuse(
                    f"行数が多すぎます（{limits.max_rows:,} 行まで: KOFU_IMPORT_MAX_ROWS）", row_label(number)
                )
            batch.append(cells)
            if len(batch) == size:
                yield from _checked_batch(batch, number - len(batch) + 1, checker)
                batch = []
        yield from _checked_batch(batch, number - len(batch) + 1, checker)
    except csv.Error as exc:
        if "field limit" in str(exc):
            problems.refuse(
                f"値が長すぎる項目があります（1項目 {limits.max_field_chars:,} 文字まで: KOFU_IMPORT_MAX_FIELD_CHARS）",
                row_label(number + 1),
            )
        detail = "引用符が閉じていません" if "end of data" in str(exc) else "引用符の使い方が正しくありません"
        problems.refuse(
            f"CSV の形式が壊れています（{detail}）。ファイルが途中で切れている可能性があります",
            row_label(number + 1),
        )
    except UnicodeDecodeError:
        problems.refuse(
            f"{source.encoding_name} として読めないバイトがあります（ファイルの破損か、途中で切れている可能性があります）",
            row_label(number + 1),
        )
    finally:
        text.detach()  # the stream belongs to the source (an upload stays open for its owner)


def _checked_batch(batch: list[list[str]], first: int, checker: _Checker) -> list[Row]:
    """The rows of ``batch`` (numbered from ``first``) that pass :func:`check_cells`.

    One check of the whole batch first (``contains_my_number_in_cells``: the cells joined by a
    letter, cut at it, only the pieces that could hold twelve digits scanned): when it finds no
    ``=``, no control character and no My Number, no cell holds one (the heading row is still handed
    to the checker, whose problems it names). Otherwise row by row as before (each refused cell is a
    problem naming its row and column). A list, not a generator: one frame less per row."""
    rows = list(map(Row, range(first, first + len(batch)), batch))
    cells = list(itertools.chain.from_iterable(batch))
    joined = "".join(cells)
    if not (
        "=" in joined or (checker.controls and _CONTROL.search(joined)) or contains_my_number_in_cells(cells)
    ):
        header = checker.header_row
        if header is not None and first <= header < first + len(batch):
            checker.passes(rows[header - first])  # clean: it passes, and its cells name the columns now
        return rows
    return [row for row in rows if checker.passes(row)]


# --- XLSX -----------------------------------------------------------------------------------


def _letter_name(index: int) -> str:
    from openpyxl.utils import get_column_letter  # XLSX only: see _xlsx_rows

    return f"{get_column_letter(index + 1)}列"


#: Significant digits kept of a non-integral number cell: a float's 15–17 digits past these are
#: noise of the division that made it (a 保有枚数率 cell is =保有枚数/人口), not data, and a run
#: of 12 digits would read as a My Number.
_FLOAT_DIGITS = 10


def _without_float_noise(number: Decimal) -> Decimal:
    if number == number.to_integral_value() or len(number.as_tuple().digits) <= _FLOAT_DIGITS:
        return number
    return number.quantize(Decimal(1).scaleb(number.adjusted() - _FLOAT_DIGITS + 1))


def xlsx_text(value: Any, number_format: str | None = None) -> str:
    """A cell's value as the text a CSV of the sheet would hold (dates ISO, numbers exact)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            return str(value)
        percent = bool(number_format and "%" in number_format)
        if percent:
            number *= 100
        if isinstance(value, float):  # a computed ratio: past 10 significant digits, float noise
            number = _without_float_noise(number)
        if percent:
            return f"{number.normalize():f}%"
        if number == number.to_integral_value():
            return str(int(number))
        return f"{number.normalize():f}"
    return str(value).replace("\r", "").replace("\n", "")


def _xlsx_rows(source: Source, checker: _Checker, sheet_name: str | Sequence[str] | None) -> Iterator[Row]:
    # openpyxl is imported here, not at the top: it costs about 0.17 s of CPU, which every CSV
    # import (and every ``kofu`` command importing the import core) would otherwise pay.
    import openpyxl

    limits, problems = source.limits, checker.problems
    source.stream.seek(0)
    try:
        workbook = openpyxl.load_workbook(source.stream, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        problems.refuse("XLSX ファイルとして読めません（破損している可能性があります）")
    number = 0
    try:
        if not workbook.worksheets:
            problems.refuse("XLSX ファイルにシートがありません")
        wanted = [sheet_name] if isinstance(sheet_name, str) else list(sheet_name or ())
        chosen = next((name for name in wanted if name in workbook.sheetnames), None)
        sheet = workbook[chosen] if chosen else workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number > limits.max_rows:
                problems.refuse(
                    f"行数が多すぎます（{limits.max_rows:,} 行まで: KOFU_IMPORT_MAX_ROWS）", row_label(number)
                )
            texts = tuple(xlsx_text(cell.value, getattr(cell, "number_format", None)) for cell in cells)
            if _fields_fit(number, texts, problems, limits.max_field_chars) and checker.passes(
                Row(number, texts)
            ):
                yield Row(number, texts)
    except ImportRefused:
        raise
    except Exception:  # noqa: BLE001 - damaged sheet XML surfaces as assorted errors
        problems.refuse("XLSX のシートを読めません（破損している可能性があります）", row_label(number + 1))
    finally:
        workbook.close()


def _fields_fit(number: int, texts: tuple[str, ...], problems: Problems, limit: int) -> bool:
    ok = True
    for index, text in enumerate(texts):
        if len(text) > limit:
            problems.error(
                f"値が長すぎます（1項目 {limit:,} 文字まで: KOFU_IMPORT_MAX_FIELD_CHARS）",
                row_label(number),
                _letter_name(index),
            )
            ok = False
    return ok
