"""The one problem type of every import: a Japanese message naming the file, the row and the column.

``all_localgovs.csv 12行目「交付枚数」: 数値ではありません: '12a4'``

Importers collect problems in :class:`Problems` (so a whole file is checked and reported at once)
and raise :class:`ImportRefused` before writing anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NoReturn

#: A refused file lists at most this many problems (then a count of the rest).
MAX_MESSAGES = 50
_ROW_LABEL = re.compile(r"(?:(\d+)ページ )?(\d+)行目")


def row_label(number: int, page: int | None = None) -> str:
    """``12行目`` (CSV record or sheet row, 1-based) or ``3ページ 12行目`` (a table row on a PDF page)."""
    return f"{page}ページ {number}行目" if page else f"{number}行目"


@dataclass(frozen=True)
class Problem:
    """One problem with an imported file. ``str()`` gives ``file row「column」: text``."""

    file: str
    text: str
    row: str | None = None  # "12行目", "3ページ 12行目" (see row_label)
    column: str | None = None  # the column's heading as printed, or "3列目" / "C列"

    def __str__(self) -> str:
        where = self.file
        if self.row:
            where += f" {self.row}"
        if self.column:
            where += f"「{self.column}」"
        return f"{where}: {self.text}"

    def position(self) -> tuple[int, int]:
        """(page, row) for ordering; problems about the whole file come first."""
        found = _ROW_LABEL.match(self.row or "")
        return (int(found.group(1) or 0), int(found.group(2))) if found else (0, 0)


class ImportRefused(Exception):
    """The file was refused and nothing was written; ``problems`` lists what was found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def messages(self) -> list[Problem]:
        """The same list as ``problems`` (the name the stats importer used first)."""
        return self.problems

    def lines(self) -> list[str]:
        """The problems as text, one line each (for a page or a command's error output)."""
        return [str(p) for p in self.problems]

    @classmethod
    def single(cls, file: str, text: str, row: str | None = None, column: str | None = None) -> ImportRefused:
        return cls([Problem(file=file, text=text, row=row, column=column)])


@dataclass
class Problems:
    """Collects errors (which refuse the file) and warnings (which do not) for one file."""

    file: str
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    error_count: int = 0

    def error(self, text: str, row: str | None = None, column: str | None = None) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_MESSAGES:
            self.errors.append(Problem(file=self.file, text=text, row=row, column=column))

    def warning(self, text: str, row: str | None = None, column: str | None = None) -> None:
        self.warnings.append(Problem(file=self.file, text=text, row=row, column=column))

    @property
    def full(self) -> bool:
        """As many errors as a report lists: a streaming importer may stop reading here."""
        return self.error_count >= MAX_MESSAGES

    def refuse(self, text: str, row: str | None = None, column: str | None = None) -> NoReturn:
        """Stop now: raise with the errors found so far and this one (always listed)."""
        self.error_count += 1
        self.errors.append(Problem(file=self.file, text=text, row=row, column=column))
        self.raise_if_errors()
        raise AssertionError("unreachable")  # pragma: no cover

    def refuse_with(self, refused: ImportRefused) -> NoReturn:
        """Stop now: raise with the errors found so far and those of ``refused``."""
        for problem in refused.problems:
            self.error_count += 1
            self.errors.append(problem)
        self.raise_if_errors()
        raise AssertionError("unreachable")  # pragma: no cover

    def raise_if_errors(self) -> None:
        if not self.error_count:
            return
        problems = sorted(self.errors, key=Problem.position)
        rest = self.error_count - len(problems)
        if rest > 0:
            problems.append(
                Problem(
                    file=self.file, text=f"ほか {rest} 件の誤りがあります（最初の {MAX_MESSAGES} 件を表示）"
                )
            )
        raise ImportRefused(problems)
