"""Bulk writes of the card imports: executemany (SQLite) / COPY (PostgreSQL), history rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from kofu.accounts.roles import Viewer
from kofu.cards.models import Card, CardTransition, DeliveryBatch
from kofu.registry.models import Municipality
from kofu.rules import cards as rules

CARD_COLUMNS = (
    "municipality_id",
    "application_id",
    "channel",
    "received_on",
    "outreach_event_id",
    "name",
    "name_kana",
    "birth_date",
    "address",
    "phone",
    "note",
    "state",
    "state_changed_at",
    "state_since",
    "batch_id",
    "delivered_on",
)
HISTORY_COLUMNS = ("card_id", "from_state", "to_state", "at", "actor_id", "actor_label", "note")


def _write(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert validated rows in one round: COPY on PostgreSQL, executemany on SQLite."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _existing(municipality: Municipality, application_ids: list[str]) -> dict[str, tuple[int, str]]:
    """application_id → (id, state) of the cards already there (raw SQL: the ORM's IN is slow to build)."""
    if not application_ids:
        return {}
    table = Card._meta.db_table
    found: dict[str, tuple[int, str]] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(application_ids), 900):
            part = application_ids[start : start + 900]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(
                f"SELECT application_id, id, state FROM {table} WHERE municipality_id = %s AND application_id IN ({marks})",
                [municipality.pk, *part],
            )
            found.update({app_id: (pk, state) for app_id, pk, state in cursor.fetchall()})
    return found


def _ids(municipality: Municipality, application_ids: list[str]) -> dict[str, int]:
    return {app_id: pk for app_id, (pk, _state) in _existing(municipality, application_ids).items()}


def _insert_cards(
    municipality: Municipality,
    rows: list[dict[str, Any]],
    *,
    state: str,
    at: dt.datetime,
    since: dt.date | None,
    batch: DeliveryBatch | None,
    actor: Viewer | None,
    events: dict[str, int | None] | None = None,
) -> list[int]:
    """Insert new cards and their first history row; return their ids."""
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(at)
    delivered = ops.adapt_datefield_value(batch.delivered_on) if batch else None
    values = [
        (
            municipality.pk,
            row["application_id"],
            row["channel"],
            ops.adapt_datefield_value(row["received_on"]),
            (events or {}).get(row["application_id"]),
            row["name"],
            row.get("name_kana") or "",
            ops.adapt_datefield_value(row["birth_date"]),
            row["address"],
            row.get("phone") or "",
            "",
            state,
            stamp,
            ops.adapt_datefield_value(since or row["received_on"]),
            batch.pk if batch else None,
            delivered,
        )
        for row in rows
    ]
    _write(Card._meta.db_table, CARD_COLUMNS, values)
    ids = list(_ids(municipality, [row["application_id"] for row in rows]).values())
    before = rules.APPLIED if state != rules.APPLIED else ""
    _write(CardTransition._meta.db_table, HISTORY_COLUMNS, _history(ids, before, state, stamp, actor))
    return ids


def _history(
    card_ids: list[int], before: str, after: str, stamp: Any, actor: Viewer | None
) -> list[tuple[Any, ...]]:
    label = actor.username if actor and actor.username else "system"
    user_id = actor.user_id if actor else None
    return [(pk, before, after, stamp, user_id, label, "") for pk in card_ids]
