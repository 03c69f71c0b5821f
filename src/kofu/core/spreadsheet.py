"""Exports Excel cannot execute: every CSV and XLSX kofu writes goes through this module.

OWASP's rule for CSV injection: a text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is written with a leading ``'``, so a spreadsheet shows it as text instead of
running it as a formula (``=HYPERLINK(…)``, ``=cmd|…``, ``@SUM(…)``). Only text is touched:
numbers kept as numbers (``int``, ``float``, ``Decimal``; a negative figure too), dates and empty
cells are written as they are, so a column of figures stays a column of figures. A text that
happens to look like a number (``"-5"``) is neutralised all the same, since kofu writes its figures
as numbers. kofu writes no formula of its own into any export.

* CSV: ``csv_writer(stream, …)`` instead of ``csv.writer`` (same arguments; ``writerow`` and
  ``writerows`` neutralise each cell, and a cell holding a CR or LF anywhere is always quoted).
* XLSX: build the workbook with openpyxl as usual and call ``neutralise_workbook(book)`` before
  saving; it neutralises every text cell (and turns any formula openpyxl made of a text starting
  with ``=`` back into text).

``tests/security/test_export_cells.py`` runs every export with hostile names and addresses and
fails on a cell that would execute; ``tests/security/test_export_cells.py`` also fails on a
``csv.writer`` or ``Workbook`` used outside this module without it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from openpyxl import Workbook

#: The first characters a spreadsheet reads as the start of a formula (OWASP: CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """``value`` as a cell no spreadsheet runs: text starting with a trigger gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_row(values: Iterable[Any]) -> list[Any]:
    return [neutralise(value) for value in values]


class TextSink(Protocol):
    """Where a CSV goes: anything with ``write(str)`` (a text file, ``StringIO``, an ``HttpResponse``,
    a command's ``stdout``)."""

    def write(self, text: str, /) -> object: ...


class SafeWriter:
    """``csv.writer`` whose rows are neutralised cell by cell, and whose cells holding a line break
    (CR or LF, anywhere) are always quoted: Python's writer quotes only the characters of its own
    line terminator, and a bare CR would start a new row in a spreadsheet — and so a new cell that
    could begin with ``=``."""

    def __init__(self, stream: TextSink, *, lineterminator: str = "\r\n", **kwargs: Any) -> None:
        self._stream = stream
        self._ending = lineterminator
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n", **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(neutralise_row(row))
        line = self._buffer.getvalue()[:-2] + self._ending
        return self._stream.write(line)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: TextSink, **kwargs: Any) -> SafeWriter:
    """A CSV writer for exports (``csv.writer``'s arguments)."""
    return SafeWriter(stream, **kwargs)


def neutralise_workbook(book: Workbook) -> Workbook:
    """Neutralise every text cell of an openpyxl workbook in place; returns the workbook."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
                    cell.value = "'" + value
                    cell.data_type = "s"  # openpyxl makes a formula of any text starting with "="
    return book
