"""Change between two snapshots of the same table: points and rank moves."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kofu.rules.rates import points_change
from kofu.stats.tables.builder import Table, TableRow


@dataclass(frozen=True)
class RowChange:
    row: TableRow
    previous: TableRow | None

    @property
    def points(self) -> Decimal | None:
        return None if self.previous is None else points_change(self.previous.rate, self.row.rate)

    @property
    def rank_move(self) -> int | None:
        """Positive when the row moved up (rank 5 → 3 is +2)."""
        if self.previous is None or self.previous.rank is None or self.row.rank is None:
            return None
        return self.previous.rank - self.row.rank


def compare(current: Table, previous: Table) -> list[RowChange]:
    """Pair each row of ``current`` with the row of the same unit in ``previous``."""
    earlier = {_key(row): row for row in previous.rows}
    return [RowChange(row, earlier.get(_key(row))) for row in current.rows]


def _key(row: TableRow) -> str:
    return row.code or row.name
