"""A whole file in memory (the statistics and registry files are small): :func:`read_table`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from kofu.core.tabular.limits import Limits
from kofu.core.tabular.problems import Problems
from kofu.core.tabular.rows import Row, iter_rows
from kofu.core.tabular.source import Kind, Source, open_source


@dataclass
class Table:
    file: str
    kind: str  # "CSV (UTF-8)", "CSV (Shift_JIS)", "XLSX", "PDF"
    rows: list[Row]
    #: Free text outside the table (titles), searched for dates such as 令和4年1月1日現在.
    text_lines: list[str] = field(default_factory=list)
    #: Titles and notes may stand in rows of their own (XLSX, PDF): rows with one filled cell.
    notes_allowed: bool = False


def read_table(
    source: Path | str | BinaryIO,
    *,
    name: str | None = None,
    accept: tuple[Kind, ...] = (Kind.CSV, Kind.XLSX),
    limits: Limits | None = None,
    problems: Problems | None = None,
    sheet: str | Sequence[str] | None = None,
) -> Table:
    """Every row of a CSV or XLSX file. Without ``problems``, refused cells refuse the file here;
    with it, they are added to it and the importer raises after its own checks."""
    with open_source(source, name=name, accept=accept, limits=limits) as opened:
        collected = problems if problems is not None else Problems(file=opened.name)
        table = table_of(opened, list(iter_rows(opened, collected, sheet=sheet)))
    if problems is None:
        collected.raise_if_errors()
    return table


def table_of(source: Source, rows: list[Row]) -> Table:
    if source.kind is Kind.CSV:
        return Table(file=source.name, kind=source.label, rows=rows)
    while rows and rows[-1].is_blank():  # read-only sheets yield empty rows too
        rows.pop()
    lines = [" ".join(cell for cell in row.cells if cell) for row in rows[:20]]
    return Table(file=source.name, kind=source.label, rows=rows, text_lines=lines, notes_allowed=True)
