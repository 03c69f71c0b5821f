"""Keep the per-day stage counters (``DailyCount``) in step with every write, in its transaction."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db import connection

from kofu.cards.models import DailyCount
from kofu.registry.models import Municipality

RECEIVED = "received"
DELIVERED = "delivered"
SETUP = "setup"
NOTICE_SENT = "notice_sent"
HANDED_OVER = "handed_over"

Key = tuple[str, dt.date, str, int]  # stage, day, channel, days
_ROWS_PER_STATEMENT = 150  # 900 parameters: within every SQLite's limit


def key(stage: str, day: dt.date, *, channel: str = "", days: int = -1) -> Key:
    return (stage, day, channel, days)


def add(municipality: Municipality, counts: Counter[Key] | Iterable[tuple[Key, int]]) -> None:
    """Add ``counts`` to the counters: one upsert of many rows (a counter not there yet is created)."""
    merged: Counter[Key] = Counter()
    for k, n in counts.items() if isinstance(counts, Counter) else counts:
        merged[k] += n
    rows = [
        (municipality.pk, stage, connection.ops.adapt_datefield_value(day), channel, days, n)
        for (stage, day, channel, days), n in merged.items()
        if n
    ]
    if not rows:
        return
    table = DailyCount._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _ROWS_PER_STATEMENT):
            part = rows[start : start + _ROWS_PER_STATEMENT]
            cursor.execute(
                f"INSERT INTO {table} (municipality_id, stage, day, channel, days, n) VALUES "
                + ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(part))
                + " ON CONFLICT (municipality_id, stage, day, channel, days) "
                f"DO UPDATE SET n = {table}.n + excluded.n",
                [value for row in part for value in row],
            )
