"""Finding a file's heading row and its columns: the layouts an importer knows, matched by heading.

Headings are compared after NFKC with spaces removed, so 総数（人口） and 総数(人口) are the same;
a date note in a heading (``人口 (R4.1.1時点)``) is kept as a hint (``HeaderMatch.notes``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kofu.core.tabular.cells import header_key
from kofu.core.tabular.problems import ImportRefused
from kofu.core.tabular.rows import Row
from kofu.core.tabular.table import Table

#: Headings are looked for in this many first rows (title rows above them are allowed).
HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class ColumnSpec:
    field: str
    label: str  # the heading to name when the column is missing
    aliases: tuple[str, ...]  # normalised headings (NFKC, no spaces)
    required: bool = False


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    columns: tuple[ColumnSpec, ...]
    #: Headings whose presence rules this layout out (a municipality file is not a prefecture file).
    excludes: tuple[str, ...] = ()

    @property
    def required(self) -> tuple[ColumnSpec, ...]:
        return tuple(column for column in self.columns if column.required)


@dataclass(frozen=True)
class HeaderMatch:
    layout: Layout
    index: int  # position of the heading row in ``Table.rows``
    row: Row
    columns: dict[str, int]  # field → cell position
    headings: dict[str, str]  # field → heading as printed (for messages)
    notes: dict[str, str] = field(default_factory=dict)  # field → date note in its heading

    def width(self) -> int:
        return max(i for i, cell in enumerate(self.row.cells) if cell.strip()) + 1


def column(field_name: str, label: str, *aliases: str, required: bool = False) -> ColumnSpec:
    """A column known by ``label`` and its other printed headings."""
    return ColumnSpec(field_name, label, (label, *aliases), required)


def _match_row(layout: Layout, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for spec in layout.columns:
        for position, key in enumerate(keys):
            if key in spec.aliases:
                found[spec.field] = position
                break
    return found


def _fits(layout: Layout, keys: list[str], found: dict[str, int]) -> bool:
    return all(c.field in found for c in layout.required) and not any(k in layout.excludes for k in keys)


def match_heading(layout: Layout, row: Row, index: int) -> HeaderMatch | None:
    """``row`` (at ``index`` in the table) as the heading row of ``layout``, or None when it is not."""
    parsed = [header_key(cell) for cell in row.cells]
    keys = [key for key, _ in parsed]
    found = _match_row(layout, keys)
    if not _fits(layout, keys, found):
        return None
    return _header_match(layout, index, row, found, parsed)


def _header_match(
    layout: Layout, index: int, row: Row, found: dict[str, int], parsed: list[tuple[str, str | None]]
) -> HeaderMatch:
    return HeaderMatch(
        layout=layout,
        index=index,
        row=row,
        columns=found,
        headings={f: row.cells[i].strip() for f, i in found.items()},
        notes={f: note for f, i in found.items() if (note := parsed[i][1])},
    )


def detect_layout(
    table: Table, layouts: tuple[Layout, ...], *, unsupported: Mapping[str, str] | None = None
) -> HeaderMatch:
    """The first heading row (within the first 20 rows) that fits one of ``layouts``, in order.

    ``unsupported``: heading → message, for known files the importer deliberately refuses.
    """
    best: tuple[int, Layout, Row, dict[str, int]] | None = None
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        parsed = [header_key(cell) for cell in row.cells]
        keys = [key for key, _ in parsed]
        for key, text in (unsupported or {}).items():
            if key in keys:
                raise ImportRefused.single(table.file, text, row=row.label)
        for layout in layouts:
            found = _match_row(layout, keys)
            if _fits(layout, keys, found):
                return _header_match(layout, index, row, found, parsed)
            matched = sum(1 for c in layout.required if c.field in found)
            score = 2 * matched - len(layout.required)  # matched minus missing
            if matched >= 2 and (best is None or score > best[0]):
                best = (score, layout, row, found)
    if best is None:
        names = "・".join(layout.title for layout in layouts)
        wanted = "」「".join(c.label for c in layouts[0].required)
        raise ImportRefused.single(
            table.file,
            f"見出し行が見つかりません（最初の{HEADER_SEARCH_ROWS}行に「{wanted}」などの列見出しがありません。"
            f"対応する形式: {names}）",
        )
    _, layout, row, found = best
    missing = "」「".join(c.label for c in layout.required if c.field not in found)
    raise ImportRefused.single(
        table.file, f"{layout.title}の見出し行に必要な列がありません: 「{missing}」", row=row.label
    )
