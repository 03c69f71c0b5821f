"""The shared corpus of hostile files, generated (no committed binaries) from an importer's valid file.

Each importer's tests give a valid file as rows of cells (its native type: CSV or XLSX) and the
cell where a free-text value goes; :func:`corpus` turns it into every hostile variant:
CP932 text, UTF-16, an XLSX renamed ``.csv``, a zip bomb, a truncated XLSX, a huge field, too many
rows, NUL and control bytes, formulas, mixed newlines, a My Number in several spellings, a
BOM-only file, an empty file, a header-only file, a binary and an old ``.xls``.

A variant is *benign* when a careful importer should take it (CP932 and mixed newlines in an
importer that reads CSV): those must import (or be refused by name); every other variant must be
refused with a Japanese message naming the file, and must write nothing.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from kofu.rules.codes import my_number_check_digit

Rows = list[list[Any]]

#: Rows allowed while the corpus runs (the too-many-rows file has a few more); set with
#: ``override_settings(KOFU_IMPORT_MAX_ROWS=…)``.
ROW_LIMIT = 40
#: A field over the default limit of 128 Ki characters.
HUGE_FIELD = "あ" * (200 * 1024)
#: The zip bomb unpacks to this many bytes (issue 13: 800 MB kept the stats import busy for minutes).
BOMB_BYTES = 800 * 1024 * 1024
MY_NUMBER = "12345678901" + str(my_number_check_digit("12345678901"))
#: Spellings the My Number guard refuses (plain, spaced, hyphenated, full-width, in a sentence,
#: with long-vowel marks and minus signs as hyphens).
MY_NUMBER_SPELLINGS = {
    "plain": MY_NUMBER,
    "spaced": f"{MY_NUMBER[:4]} {MY_NUMBER[4:8]} {MY_NUMBER[8:]}",
    "hyphens": f"{MY_NUMBER[:4]}-{MY_NUMBER[4:8]}-{MY_NUMBER[8:]}",
    "full-width": MY_NUMBER.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "in-a-sentence": f"個人番号は{MY_NUMBER}です",
    "minus-signs": f"{MY_NUMBER[:4]}−{MY_NUMBER[4:8]}−{MY_NUMBER[8:]}",
}


@dataclass(frozen=True)
class Base:
    """An importer's valid file: rows (the header first where it has one), the native type, the
    cell (row, column) where text can go, and the number of leading rows a header-only file keeps."""

    rows: Rows
    native: str  # "csv" or "xlsx"
    target: tuple[int, int]
    header_rows: int = 1
    stem: str = "file"


@dataclass(frozen=True)
class Hostile:
    key: str
    name: str  # the file name sent (its suffix is the declared type)
    data: bytes
    kind: str  # what the bytes are: "csv", "xlsx" or "other"
    benign: bool = False  # a careful importer of this kind takes it
    names_a_cell: bool = False  # the refusal names the row and the column

    def readable_by(self, kinds: Sequence[str]) -> bool:
        """Is this a file of a type an importer reading ``kinds`` reads (bytes and name agreeing)?"""
        return self.kind in kinds and self.name.rsplit(".", 1)[-1] in kinds

    def accepted_by(self, kinds: Sequence[str]) -> bool:
        """Should an importer reading ``kinds`` take this file?"""
        return self.benign and self.readable_by(kinds)


def csv_bytes(rows: Rows, *, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(
        [["" if v is None else str(v) for v in r] for r in rows]
    )
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: Rows, *, as_text: set[tuple[int, int]] = frozenset()) -> bytes:  # type: ignore[assignment]
    """A workbook of ``rows``; cells in ``as_text`` are written as text even when they start with ``=``."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "計画"  # the plans importer's sheet; the others read the first sheet
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if (r - 1, c - 1) in as_text:
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@functools.cache
def zip_bomb() -> bytes:
    """A well-formed XLSX whose sheet unpacks to 800 MB (a few hundred kB packed)."""
    base = xlsx_bytes([["見出し"], ["値"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item, source.read(item))
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            chunk = b"<row/>" * (1024 * 1024 // 6)
            for _ in range(BOMB_BYTES // len(chunk)):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _with(rows: Rows, target: tuple[int, int], value: Any) -> Rows:
    copy = [list(row) for row in rows]
    r, c = target
    while len(copy[r]) <= c:
        copy[r].append("")
    copy[r][c] = value
    return copy


def _many_rows(base: Base) -> Rows:
    data = base.rows[base.header_rows :] or base.rows[-1:]
    rows = list(base.rows)
    while len(rows) <= ROW_LIMIT + 5:
        rows.extend(data)
    return rows


def _mixed_newlines(rows: Rows) -> bytes:
    lines = csv_bytes(rows).decode().split("\n")[:-1]
    ends = ["\r\n", "\n", "\r"]
    return "".join(line + ends[i % 3] for i, line in enumerate(lines)).encode()


def corpus(base: Base) -> list[Hostile]:
    """Every hostile variant of ``base``."""
    stem, rows, target = base.stem, base.rows, base.target
    native = csv_bytes if base.native == "csv" else xlsx_bytes
    suffix = base.native
    files = [
        Hostile("cp932", f"{stem}.csv", csv_bytes(rows, encoding="cp932"), "csv", benign=True),
        Hostile("mixed-newlines", f"{stem}.csv", _mixed_newlines(rows), "csv", benign=True),
        Hostile("utf16", f"{stem}.csv", csv_bytes(rows, encoding="utf-16"), "other"),
        Hostile("xlsx-named-csv", f"{stem}.csv", xlsx_bytes(rows), "xlsx"),
        Hostile("csv-named-xlsx", f"{stem}.xlsx", csv_bytes(rows), "csv"),
        Hostile("zip-bomb", f"{stem}.xlsx", zip_bomb(), "xlsx"),
        Hostile("truncated-xlsx", f"{stem}.xlsx", xlsx_bytes(rows)[:700], "xlsx"),
        Hostile(
            "truncated-csv", f"{stem}.csv", csv_bytes(rows) + '"引用符が閉じないまま終わる行,'.encode(), "csv"
        ),
        Hostile("huge-field", f"{stem}.{suffix}", native(_with(rows, target, HUGE_FIELD)), base.native),
        Hostile("too-many-rows", f"{stem}.{suffix}", native(_many_rows(base)), base.native),
        Hostile("nul-bytes", f"{stem}.csv", csv_bytes(_with(rows, target, "山田\x00太郎")), "other"),
        Hostile(
            "control-bytes",
            f"{stem}.csv",
            csv_bytes(_with(rows, target, "山田\x1b[31m太郎")),
            "csv",
            names_a_cell=True,
        ),
        Hostile(
            "formula",
            f"{stem}.{suffix}",
            native(_with(rows, target, '=HYPERLINK("http://evil.example/","x")'))
            if base.native == "csv"
            else xlsx_bytes(_with(rows, target, '=HYPERLINK("http://evil.example/","x")'), as_text={target}),
            base.native,
            names_a_cell=True,
        ),
        Hostile("bom-only", f"{stem}.csv", codecs.BOM_UTF8, "csv"),
        Hostile("empty", f"{stem}.{suffix}", b"", "other"),
        Hostile("header-only", f"{stem}.{suffix}", native(rows[: base.header_rows]), base.native),
        Hostile("binary", f"{stem}.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "other"),
        Hostile("old-xls", f"{stem}.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "other"),
    ]
    for spelling, text in MY_NUMBER_SPELLINGS.items():
        files.append(
            Hostile(
                f"my-number-{spelling}",
                f"{stem}.{suffix}",
                native(_with(rows, target, text)),
                base.native,
                names_a_cell=True,
            )
        )
    if base.native == "xlsx":
        files.append(
            Hostile(
                "my-number-as-a-number",
                f"{stem}.xlsx",
                xlsx_bytes(_with(rows, target, int(MY_NUMBER))),
                "xlsx",
                names_a_cell=True,
            )
        )
    return files


def write(directory: Path, hostile: Hostile) -> Path:
    path = directory / hostile.key / hostile.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(hostile.data)
    return path


Check = Callable[[Hostile], None]
