"""Messages about an imported file, each naming the file, the row and the column.

``all_localgovs.csv 12行目「交付枚数」: 数値ではありません: '12a4'``
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: A refused file lists at most this many problems (then a count of the rest).
MAX_MESSAGES = 50
_ROW_LABEL = re.compile(r"(?:(\d+)ページ )?(\d+)行目")


@dataclass(frozen=True)
class Message:
    file: str
    text: str
    row: str | None = None  # "12行目", "3ページ 12行目"
    column: str | None = None  # the column heading as printed in the file

    def __str__(self) -> str:
        where = self.file
        if self.row:
            where += f" {self.row}"
        if self.column:
            where += f"「{self.column}」"
        return f"{where}: {self.text}"

    def position(self) -> tuple[int, int]:
        """(page, row) for ordering; messages about the whole file come first."""
        found = _ROW_LABEL.match(self.row or "")
        return (int(found.group(1) or 0), int(found.group(2))) if found else (0, 0)


class ImportRefused(Exception):
    """The file was refused; nothing was written. ``messages`` lists every problem found."""

    def __init__(self, messages: list[Message]) -> None:
        self.messages = list(messages)
        super().__init__("\n".join(str(m) for m in self.messages))

    @classmethod
    def single(cls, file: str, text: str, row: str | None = None, column: str | None = None) -> ImportRefused:
        return cls([Message(file=file, text=text, row=row, column=column)])


@dataclass
class Problems:
    """Collects errors (which refuse the file) and warnings (which do not) for one file."""

    file: str
    errors: list[Message] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    error_count: int = 0

    def error(self, text: str, row: str | None = None, column: str | None = None) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_MESSAGES:
            self.errors.append(Message(file=self.file, text=text, row=row, column=column))

    def warning(self, text: str, row: str | None = None, column: str | None = None) -> None:
        self.warnings.append(Message(file=self.file, text=text, row=row, column=column))

    def raise_if_errors(self) -> None:
        if not self.error_count:
            return
        messages = sorted(self.errors, key=Message.position)
        rest = self.error_count - len(messages)
        if rest > 0:
            messages.append(
                Message(
                    file=self.file, text=f"ほか {rest} 件の誤りがあります（最初の {MAX_MESSAGES} 件を表示）"
                )
            )
        raise ImportRefused(messages)
