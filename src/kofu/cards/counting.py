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


def key(stage: str, day: dt.date, *, channel: str = "", days: int = -1) -> Key:
    return (stage, day, channel, days)


def add(municipality: Municipality, counts: Counter[Key] | Iterable[tuple[Key, int]]) -> None:
    """Add ``counts`` to the counters: one read, one batched update, one bulk insert."""
    merged: Counter[Key] = Counter()
    for k, n in counts.items() if isinstance(counts, Counter) else counts:
        merged[k] += n
    merged = Counter({k: n for k, n in merged.items() if n})
    if not merged:
        return
    stages = {k[0] for k in merged}
    days = {k[1] for k in merged}
    existing = {
        (row.stage, row.day, row.channel, row.days): row.pk
        for row in DailyCount.objects.filter(municipality=municipality, stage__in=stages, day__in=days).only(
            "stage", "day", "channel", "days"
        )
    }
    updates = [(n, existing[k]) for k, n in merged.items() if k in existing]
    if updates:
        table = DailyCount._meta.db_table
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET n = n + %s WHERE id = %s", updates)
    DailyCount.objects.bulk_create(
        [
            DailyCount(municipality=municipality, stage=stage, day=day, channel=channel, days=d, n=n)
            for (stage, day, channel, d), n in merged.items()
            if (stage, day, channel, d) not in existing
        ]
    )
