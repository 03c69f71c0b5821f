"""CSV rows of the card imports: columns, parsing, validation, errors naming file/row/column."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from kofu.core.validators import MY_NUMBER_REFUSED
from kofu.rules import cards as rules
from kofu.rules.codes import contains_my_number, contains_my_number_in_any

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
MAX_ERRORS = 20

Progress = Callable[[int], None]


class CardImportError(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    batches: list[str] = field(default_factory=list)
    skipped_batches: list[str] = field(default_factory=list)


class _CountingReader(io.RawIOBase):
    """Counts the bytes read, for a progress bar over a streamed file."""

    def __init__(self, raw: IO[bytes], progress: Progress | None) -> None:
        self.raw = raw
        self.progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        if self.progress:
            self.progress(len(data))
        return len(data)


class _Rows:
    """Parse and validate rows; collect errors naming file, row and column."""

    def __init__(self, name: str, columns: tuple[str, ...], required: set[str]) -> None:
        self.name = name
        self.columns = columns
        self.required = required
        self.errors: list[str] = []

    def error(self, line: int, column: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(f"{self.name} {line}行目「{column}」列: {message}")

    def read(self, stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any]]]:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        header = next(reader, None)
        if header is None:
            raise CardImportError([f"{self.name}: ファイルが空です"])
        header = [h.strip() for h in header]
        missing = [c for c in self.required if c not in header]
        if missing:
            raise CardImportError(
                [f"{self.name} 1行目（見出し）: 列がありません: {', '.join(sorted(missing))}"]
            )
        # What to check in each column, worked out once: (column, position, required, date, max length).
        specs = [
            (c, header.index(c), c in self.required, c in DATE_COLUMNS, MAX_LENGTHS.get(c, 0))
            for c in self.columns
            if c in header
        ]
        width = max(position for _c, position, *_rest in specs) + 1
        for line, raw in enumerate(reader, start=2):
            if not raw or (not raw[0].strip() and all(not cell.strip() for cell in raw)):
                continue
            row: dict[str, Any] = {}
            ok = True
            refused: set[int] = set()
            if contains_my_number_in_any(raw):  # cells are named only when one holds a number
                refused = self._refuse_my_numbers(line, raw, header)
                ok = not refused
            complete = len(raw) >= width
            for column, position, required, is_date, limit in specs:
                if refused and position in refused:  # never echo a refused value in another message
                    continue
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
            if ok:
                yield line, row
            elif len(self.errors) >= MAX_ERRORS:
                raise CardImportError(self.errors)

    def _refuse_my_numbers(self, line: int, raw: list[str], header: list[str]) -> set[int]:
        """Name every cell holding a My Number; return their positions."""
        refused: set[int] = set()
        for position, cell in enumerate(raw):
            if contains_my_number(cell):
                refused.add(position)
                column = header[position] if position < len(header) else f"{position + 1}列目"
                self.error(line, column, MY_NUMBER_REFUSED)
        return refused
