"""Helpers of the staff workbook tests."""

from __future__ import annotations

from openpyxl import load_workbook


def fill(path, rows: dict[int, list[object]]):
    """Write figures into the template's rows (row number → values from 職員数 on)."""
    book = load_workbook(path)
    sheet = book.active
    for number, values in rows.items():
        for offset, value in enumerate(values):
            sheet.cell(row=number, column=7 + offset, value=value)
    book.save(path)
    return path
