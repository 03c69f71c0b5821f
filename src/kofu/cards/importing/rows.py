"""Rows of the card imports: columns, parsing, validation, problems naming file/row/column.

Files are read by :mod:`kofu.core.tabular` (CSV in UTF-8 or Shift_JIS, size limits, the My Number
guard on every cell); this module checks what a card row needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kofu.core.tabular import ImportRefused, Problems, Progress, Source, iter_rows, row_label
from kofu.rules import cards as rules

DELIVERY_COLUMNS = (
    "application_id",
    "batch_number",
    "delivered_on",
    "channel",
    "received_on",
    "name",
    "name_kana",
    "birth_date",
    "address",
    "phone",
)
APPLICATION_COLUMNS = (
    "application_id",
    "channel",
    "received_on",
    "name",
    "name_kana",
    "birth_date",
    "address",
    "phone",
    "outreach_venue",
    "outreach_date",
)
REQUIRED = {
    "application_id",
    "batch_number",
    "delivered_on",
    "channel",
    "received_on",
    "name",
    "birth_date",
    "address",
}
MAX_LENGTHS = {
    "application_id": 32,
    "batch_number": 32,
    "name": 100,
    "name_kana": 100,
    "address": 200,
    "phone": 20,
    "outreach_venue": 100,
}
DATE_COLUMNS = {"delivered_on", "received_on", "birth_date", "outreach_date"}
CHUNK = 5000

#: A card import refused for any reason raises this (the core's one problem type).
CardImportError = ImportRefused


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    batches: list[str] = field(default_factory=list)
    skipped_batches: list[str] = field(default_factory=list)


class _Rows:
    """Parse and validate rows; collect problems naming file, row and column."""

    def __init__(self, name: str, columns: tuple[str, ...], required: set[str]) -> None:
        self.columns = columns
        self.required = required
        self.problems = Problems(file=name)

    @property
    def failed(self) -> bool:
        return self.problems.error_count > 0

    def error(self, line: int, column: str, message: str) -> None:
        self.problems.error(message, row_label(line), column)

    def raise_if_errors(self) -> None:
        self.problems.raise_if_errors()

    def _specs(self, header: list[str]) -> list[tuple[str, int, bool, bool, int]]:
        """What to check in each column, worked out once: (column, position, required, date, max length)."""
        missing = [c for c in self.required if c not in header]
        if missing:
            self.problems.refuse(f"見出しに列がありません: {', '.join(sorted(missing))}", row_label(1))
        return [
            (c, header.index(c), c in self.required, c in DATE_COLUMNS, MAX_LENGTHS.get(c, 0))
            for c in self.columns
            if c in header
        ]

    def read(self, source: Source, progress: Progress | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
        rows = iter_rows(source, self.problems, header_row=1, progress=progress)
        first = next(rows, None)
        if first is None or first.number != 1:  # nothing, or a heading refused by the cell checks
            self.problems.refuse(
                "1行目に見出しがありません（ファイルの形式は利用者ガイドを参照）", row_label(1)
            )
        specs = self._specs([h.strip() for h in first.cells])
        width = max(position for _c, position, *_rest in specs) + 1
        count = 0
        for line, raw, _page in rows:
            if not raw or (not raw[0].strip() and all(not cell.strip() for cell in raw)):
                continue
            count += 1
            row = self._parse(line, raw, specs, width)
            if row is not None:
                yield line, row
            elif self.problems.full:
                self.problems.refuse("誤りが多いため、ここで確認をやめました（以降の行は確認していません）")
        if not count and not self.failed:
            self.problems.refuse("データ行がありません（見出し行だけのファイルです）")

    def _parse(
        self, line: int, raw: Any, specs: list[tuple[str, int, bool, bool, int]], width: int
    ) -> dict[str, Any] | None:
        row: dict[str, Any] = {}
        ok = True
        complete = len(raw) >= width
        for column, position, required, is_date, limit in specs:
            value = raw[position].strip() if complete or position < len(raw) else ""
            if not value:
                if required:
                    self.error(line, column, "値がありません")
                    ok = False
                row[column] = None if is_date else ""
            elif is_date:
                try:
                    row[column] = dt.date.fromisoformat(value.replace("/", "-"))
                except ValueError:
                    self.error(line, column, f"日付は YYYY-MM-DD で書いてください: {value!r}")
                    ok = False
            else:
                if limit and len(value) > limit:
                    self.error(line, column, f"{limit}文字以内にしてください")
                    ok = False
                row[column] = value
        if ok and row.get("channel") not in rules.CHANNEL_LABELS:
            self.error(
                line,
                "channel",
                f"申請方式が不明です: {row.get('channel')!r}（{', '.join(rules.CHANNEL_LABELS)}）",
            )
            ok = False
        if ok and row["birth_date"] > row["received_on"]:
            self.error(line, "birth_date", "生年月日が申請受付日より後です")
            ok = False
        return row if ok else None
