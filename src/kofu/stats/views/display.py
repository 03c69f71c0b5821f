"""How a table is shown: columns, sort links, rows with their links and changes.

Sorting works without JavaScript: ``?sort=<table>.<column>&dir=asc|desc`` (one table at a time);
``sort.js`` reorders the same rows in place when scripts run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.http import HttpRequest

from kofu.rules.measures import labels
from kofu.rules.wareki import wareki
from kofu.stats.selectors import TableResult
from kofu.stats.tables import Table, TableRow
from kofu.stats.tables.changes import RowChange

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

SORT_KEYS: dict[str, Callable[[int, TableRow], SupportsRichComparison]] = {
    "rank": lambda position, row: position,
    "name": lambda position, row: (row.code or "~", row.name),
    "population": lambda position, row: row.population,
    "issued": lambda position, row: row.issued,
    # Display order only: equal ratios give equal floats, distinct ones distinct floats at these sizes.
    "rate": lambda position, row: row.issued / row.population,
}
#: The direction of a first click: names and ranks ascending, figures highest first.
FIRST_DIRECTION = {"rank": "asc", "name": "asc", "population": "desc", "issued": "desc", "rate": "desc"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool
    href: str = ""
    aria_sort: str = ""

    @property
    def indicator(self) -> str:
        return {"ascending": "▲", "descending": "▼"}.get(self.aria_sort, "")


@dataclass(frozen=True)
class DisplayRow:
    row: TableRow
    position: int
    href: str
    change: RowChange | None
    highlight: bool = False

    @property
    def rate_sort(self) -> str:
        return f"{self.row.issued / self.row.population:.10f}"


@dataclass(frozen=True)
class Download:
    label: str
    href: str
    description: str


@dataclass(frozen=True)
class DisplayTable:
    key: str
    anchor: str
    title: str
    result: TableResult
    columns: list[Column] = field(default_factory=list)
    rows: list[DisplayRow] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)
    sortable: bool = True

    @property
    def table(self) -> Table | None:
        return self.result.table

    @property
    def ranked(self) -> bool:
        return self.result.table is not None and self.result.table.ranked

    @property
    def has_changes(self) -> bool:
        return self.result.changes is not None

    @property
    def marks_average(self) -> bool:
        return any(item.row.at_or_below_average for item in self.rows)

    @property
    def measure(self) -> str:
        return labels(self.table.measure).count if self.table is not None else ""


def _parse_sort(request: HttpRequest, key: str) -> tuple[str, str] | None:
    raw = request.GET.get("sort", "")
    table, _, column = raw.partition(".")
    if table != key or column not in SORT_KEYS:
        return None
    direction = request.GET.get("dir", FIRST_DIRECTION[column])
    return column, "desc" if direction == "desc" else "asc"


def _sort_href(request: HttpRequest, key: str, column: str, direction: str, anchor: str) -> str:
    params = request.GET.copy()
    params["sort"] = f"{key}.{column}"
    params["dir"] = direction
    return f"?{params.urlencode()}#{anchor}"


def display_table(
    result: TableResult,
    *,
    request: HttpRequest,
    title: str,
    row_href: Callable[[TableRow], str] | None = None,
    downloads: list[Download] | None = None,
    sortable: bool = True,
    highlight: str = "",
) -> DisplayTable:
    """Prepare ``result`` for the ``stats/_table.html`` include."""
    anchor = f"t-{result.key}"
    table = result.table
    if table is None:
        return DisplayTable(result.key, anchor, title, result, downloads=[], sortable=False)
    current = _parse_sort(request, result.key) if sortable else None
    names = labels(table.measure)
    headings = [
        ("rank", "順位", True),
        ("name", "団体名", False),
        ("population", f"人口（{wareki(table.population_base)}）", True),
        ("issued", names.count, True),
        ("rate", f"{names.short_rate}（%）", True),
    ]
    if not table.ranked:
        headings = headings[1:]
    columns = []
    for column, label, numeric in headings:
        if not sortable:
            columns.append(Column(column, label, numeric))
            continue
        aria_sort = ""
        direction = FIRST_DIRECTION[column]
        if current is not None and current[0] == column:
            aria_sort = "ascending" if current[1] == "asc" else "descending"
            direction = "desc" if current[1] == "asc" else "asc"
        columns.append(
            Column(
                column, label, numeric, _sort_href(request, result.key, column, direction, anchor), aria_sort
            )
        )
    changes: Sequence[RowChange | None] = result.changes or [None] * len(table.rows)
    rows = [
        DisplayRow(
            row=row,
            position=position,
            href=row_href(row) if row_href is not None and row.code else "",
            change=change,
            highlight=bool(highlight) and row.code == highlight,
        )
        for position, (row, change) in enumerate(zip(table.rows, changes, strict=True), start=1)
    ]
    if current is not None:
        column, direction = current
        rows.sort(key=lambda item: SORT_KEYS[column](item.position, item.row), reverse=direction == "desc")
    return DisplayTable(
        result.key, anchor, title, result, columns, rows, downloads=downloads or [], sortable=sortable
    )
