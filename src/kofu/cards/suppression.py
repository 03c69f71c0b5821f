"""Small-cell suppression of the card aggregates shown to ministry staff (SECURITY.md 14).

Municipality and prefecture staff see exact numbers. For the ministry every count of a
municipality below ``KOFU_SUPPRESSION_K`` — zero included — reads ``"<k"``, and the days that
describe a hidden group (oldest, median, longest) are not shown (:mod:`kofu.rules.privacy`).

The prefecture overview shows totals (per municipality, per stage, the prefecture's), so it gets
complementary suppression: counts of k or more read ``"X"`` where a ``"<k"`` could otherwise be
worked out. A municipality's dashboard shows the same stage counts as its row of that overview, so
for the ministry it shows them as that row does (:func:`stages`): the two pages cannot be combined
to undo each other. Totals are summed from the raw counts, so every total shown is exact.
"""

from __future__ import annotations

from dataclasses import dataclass

from kofu.accounts.roles import Actor, Role
from kofu.cards import selectors
from kofu.cards.selectors import Counters, NoticeDelay, StageRow
from kofu.core.privacy import protect_counts_table, suppress_count, suppression_k
from kofu.registry.models import Municipality

Cell = int | str


def suppresses(viewer: Actor) -> bool:
    return viewer.role is Role.MINISTRY and suppression_k() > 1


def cell(count: int, on: bool) -> Cell:
    return suppress_count(count) if on else count


def _small(count: int, on: bool) -> bool:
    return on and is_hidden(suppress_count(count))


@dataclass(frozen=True)
class ShownStage:
    state: str
    label: str
    count: Cell
    oldest_days: int | None
    median_days: float | None


def stages(rows: list[StageRow], on: bool, municipality: Municipality | None = None) -> list[ShownStage]:
    """A municipality's stage counts; for the ministry as its row of the prefecture overview shows them."""
    shown: list[Cell] = [cell(row.count, on) for row in rows]
    if on and municipality is not None:
        shown = _overview_row(municipality) or shown
    return [
        ShownStage(
            row.state,
            row.label,
            count,
            None if is_hidden(count) else row.oldest_days,
            None if is_hidden(count) else row.median_days,
        )
        for row, count in zip(rows, shown, strict=True)
    ]


def _overview_row(municipality: Municipality) -> list[Cell] | None:
    table = selectors.prefecture_backlog(municipality.prefecture_id)
    for index, (code, _name, _counts) in enumerate(table):
        if code == municipality.code:
            return protect_counts_table([counts for _code, _name, counts in table]).cells[index]
    return None


@dataclass(frozen=True)
class ShownCounters:
    cumulative: dict[str, Cell]
    per_day: list[tuple[object, dict[str, Cell]]]


def counters(figures: Counters, keys: list[str], on: bool) -> ShownCounters:
    """Cumulative counters and per-day cells (every key of every day: an absent key is a 0)."""
    return ShownCounters(
        {key: cell(value, on) for key, value in figures.cumulative.items()},
        [(day, {key: cell(counts.get(key, 0), on) for key in keys}) for day, counts in figures.per_day],
    )


@dataclass(frozen=True)
class ShownDelay:
    count: Cell
    median_days: float | None
    max_days: int | None
    slow: Cell
    waiting_slow: Cell

    @property
    def slow_flag(self) -> bool:
        """Show the hearing badge only for a count the viewer can see (not for "<k")."""
        return isinstance(self.slow, int) and self.slow > 0

    @property
    def waiting_flag(self) -> bool:
        return isinstance(self.waiting_slow, int) and self.waiting_slow > 0


def delays(delay: NoticeDelay, on: bool) -> ShownDelay:
    small = _small(delay.count, on)
    return ShownDelay(
        cell(delay.count, on),
        None if small else delay.median_days,
        None if small else delay.max_days,
        cell(delay.slow, on),
        cell(delay.waiting_slow, on),
    )


def is_hidden(value: Cell) -> bool:
    return isinstance(value, str)


@dataclass(frozen=True)
class ShownOverviewRow:
    code: str
    name: str
    cells: list[Cell]
    total: Cell


def overview(
    rows: list[tuple[str, str, list[int]]], on: bool
) -> tuple[list[ShownOverviewRow], list[Cell], Cell]:
    """Municipality rows and the prefecture's totals (for the ministry: complementary suppression)."""
    width = len(rows[0][2]) if rows else 0
    if not on or not rows:
        totals = [sum(counts[i] for _code, _name, counts in rows) for i in range(width)]
        shown = [ShownOverviewRow(code, name, list[Cell](counts), sum(counts)) for code, name, counts in rows]
        return shown, list[Cell](totals), sum(totals)
    table = protect_counts_table([counts for _code, _name, counts in rows])
    shown = [
        ShownOverviewRow(code, name, table.cells[i], table.row_totals[i])
        for i, (code, name, _counts) in enumerate(rows)
    ]
    return shown, table.column_totals, table.total
