"""Small-cell suppression of the card aggregates shown to ministry staff (SECURITY.md 14).

Municipality and prefecture staff see exact numbers. For the ministry every count of a
municipality below ``KOFU_SUPPRESSION_K`` reads ``"<k"``, and the days that describe such a small
group (oldest, median, longest) are not shown. Totals are summed from the raw counts before
suppression, so the prefecture's total still equals the sum of its municipalities' real counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from kofu.accounts.roles import Actor, Role
from kofu.cards.selectors import Counters, NoticeDelay, StageRow
from kofu.core.privacy import suppress_count, suppression_k

Cell = int | str


def suppresses(viewer: Actor) -> bool:
    return viewer.role is Role.MINISTRY and suppression_k() > 1


def cell(count: int, on: bool) -> Cell:
    return suppress_count(count) if on else count


def _small(count: int, on: bool) -> bool:
    return on and count < suppression_k()


@dataclass(frozen=True)
class ShownStage:
    state: str
    label: str
    count: Cell
    oldest_days: int | None
    median_days: float | None


def stages(rows: list[StageRow], on: bool) -> list[ShownStage]:
    return [
        ShownStage(
            row.state,
            row.label,
            cell(row.count, on),
            None if _small(row.count, on) else row.oldest_days,
            None if _small(row.count, on) else row.median_days,
        )
        for row in rows
    ]


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
) -> tuple[list[ShownOverviewRow], list[int], int]:
    """Municipality rows (cells suppressed for the ministry) and the prefecture's exact totals."""
    width = len(rows[0][2]) if rows else 0
    totals = [sum(counts[i] for _code, _name, counts in rows) for i in range(width)]
    shown = [
        ShownOverviewRow(code, name, [cell(n, on) for n in counts], cell(sum(counts), on))
        for code, name, counts in rows
    ]
    return shown, totals, sum(totals)
