"""Bulk writes of the card imports: executemany (SQLite) / COPY (PostgreSQL), history rows."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, connection, transaction

from kofu.accounts.roles import Actor
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
    "history_in_batch",
)
HISTORY_COLUMNS = ("card_id", "from_state", "to_state", "action", "at", "actor_id", "actor_label", "comment")


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
    """application_id → (id, state) of the cards already there, in one query probing the unique
    (municipality, application_id) index: the ids as an array (PostgreSQL) / a JSON list (SQLite)."""
    if not application_ids:
        return {}
    table = Card._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One probe of the unique index per id, whatever the statistics say. While a large
            # delivery goes in they lag: for "municipality_id = <constant>" the planner then
            # expects a handful of cards and scans them all per chunk (minutes at 200k cards).
            # Given as a join value, the municipality is estimated by the average instead, and
            # the unique index (one row per probe) always wins; LIMIT 1 keeps it a nested loop.
            cursor.execute(
                "SELECT a.application_id, c.id, c.state FROM unnest(%s::text[]) AS a(application_id) "
                "CROSS JOIN unnest(ARRAY[%s]::bigint[]) AS m(municipality_id) "
                f"CROSS JOIN LATERAL (SELECT id, state FROM {table} WHERE municipality_id = m.municipality_id "
                "AND application_id = a.application_id LIMIT 1) AS c",
                [application_ids, municipality.pk],
            )
        else:
            cursor.execute(
                f"SELECT application_id, id, state FROM {table} "
                "WHERE municipality_id = %s AND application_id IN (SELECT value FROM json_each(%s))",
                [municipality.pk, json.dumps(application_ids)],
            )
        return {app_id: (pk, state) for app_id, pk, state in cursor.fetchall()}


Values = Callable[[dict[str, Any]], tuple[Any, ...]]


def card_values(
    municipality: Municipality,
    *,
    state: str,
    at: dt.datetime,
    since: dt.date | None,
    batch: DeliveryBatch | None,
    events: dict[str, int | None] | None = None,
) -> Values:
    """The database row (``CARD_COLUMNS``) of a new card from a validated CSV row.

    Cards of a delivery batch get no history row of their own: their delivery is the batch's
    (``history_in_batch``, ADR 0007).
    """
    municipality_id = municipality.pk
    stamp = connection.ops.adapt_datetimefield_value(at)
    since_text = since.isoformat() if since else None
    delivered = batch.delivered_on.isoformat() if batch else None
    batch_id = batch.pk if batch else None
    in_batch = batch is not None
    event_of = (events or {}).get

    def values(row: dict[str, Any]) -> tuple[Any, ...]:
        received = row["received_on"].isoformat()
        return (
            municipality_id,
            row["application_id"],
            row["channel"],
            received,
            event_of(row["application_id"]),
            row["name"],
            row.get("name_kana") or "",
            row["birth_date"].isoformat(),
            row["address"],
            row.get("phone") or "",
            "",
            state,
            stamp,
            since_text or received,
            batch_id,
            delivered,
            in_batch,
        )

    return values


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
Line = Callable[[dict[str, Any]], str]


def delivered_card_line(municipality: Municipality, *, at: dt.datetime, batch: DeliveryBatch) -> Line:
    """The line (``CARD_COLUMNS``) of a card ``batch`` creates, in PostgreSQL's COPY text format.

    Written here rather than by psycopg's ``write_row`` (a third of the import's own time): the
    values are known — numbers, ISO dates, a channel from a fixed list, and five texts, escaped
    (backslash, tab, newline, carriage return) when one holds such a character.
    """
    delivered = batch.delivered_on.isoformat()
    head = f"{municipality.pk}\t"
    tail = f"\t\t{rules.DELIVERED}\t{at.isoformat()}\t{delivered}\t{batch.pk}\t{delivered}\tt\n"

    def line(row: dict[str, Any]) -> str:
        texts: tuple[str, ...] = (
            row["application_id"],
            row["name"],
            row.get("name_kana") or "",
            row["address"],
            row.get("phone") or "",
        )
        joined = "".join(texts)
        if "\\" in joined or "\t" in joined or "\n" in joined or "\r" in joined:
            texts = tuple(text.translate(_COPY_ESCAPES) for text in texts)
        application_id, name, kana, address, phone = texts
        return (
            f"{head}{application_id}\t{row['channel']}\t{row['received_on'].isoformat()}\t\\N\t"
            f"{name}\t{kana}\t{row['birth_date'].isoformat()}\t{address}\t{phone}{tail}"
        )

    return line


def _insert_cards(
    municipality: Municipality,
    rows: list[dict[str, Any]],
    *,
    state: str,
    at: dt.datetime,
    since: dt.date | None,
    batch: DeliveryBatch | None,
    actor: Actor,
    events: dict[str, int | None] | None = None,
) -> int:
    """Insert new cards; return how many. Cards not of a delivery batch (application lists) get
    their first history row here."""
    values = card_values(municipality, state=state, at=at, since=since, batch=batch, events=events)
    _write(Card._meta.db_table, CARD_COLUMNS, [values(row) for row in rows])
    if batch is None:
        stamp = connection.ops.adapt_datetimefield_value(at)
        ids = [pk for pk, _state in _existing(municipality, [row["application_id"] for row in rows]).values()]
        before = rules.APPLIED if state != rules.APPLIED else ""
        _write(
            CardTransition._meta.db_table,
            HISTORY_COLUMNS,
            [(pk, before, state, state, stamp, actor.user_id, actor.name, "") for pk in ids],
        )
    return len(rows)


class NewCards:
    """Cards known to be new, written as they are read, inside a savepoint of their own.

    PostgreSQL: an open COPY, so the server inserts while the next rows are parsed; SQLite: one
    executemany at ``close``. No look-up first: the unique (municipality, application_id)
    constraint is the proof. ``close`` returns False when a card was already there, and then
    nothing of the chunk is left (the savepoint is rolled back).
    """

    LINES_PER_WRITE = 1000

    def __init__(self, values: Values, line: Line) -> None:
        self.values = values
        self.line = line
        self.count = 0
        self._rows: list[tuple[Any, ...]] = []
        self._lines: list[str] = []
        self._stack = contextlib.ExitStack()
        self._stack.enter_context(transaction.atomic())
        self._copy: Any = None
        if connection.vendor == "postgresql":
            cursor = self._stack.enter_context(connection.cursor())
            self._stack.enter_context(connection.wrap_database_errors)  # psycopg's errors as Django's
            self._copy = self._stack.enter_context(
                cursor.cursor.copy(f"COPY {Card._meta.db_table} ({', '.join(CARD_COLUMNS)}) FROM STDIN")
            )

    def add(self, row: dict[str, Any]) -> None:
        if self._copy is not None:
            self._lines.append(self.line(row))
            if len(self._lines) >= self.LINES_PER_WRITE:
                self._copy.write("".join(self._lines))
                self._lines.clear()
        else:
            self._rows.append(self.values(row))
        self.count += 1

    def close(self) -> bool:
        try:
            try:
                if self._lines:
                    self._copy.write("".join(self._lines))
                _write(Card._meta.db_table, CARD_COLUMNS, self._rows)
            except BaseException as exc:
                self.discard(exc)
                raise
            self._stack.close()  # ends the COPY, releases the savepoint
        except IntegrityError:
            return False
        return True

    def discard(self, exc: BaseException) -> None:
        """Write nothing: end the COPY with an error, roll the savepoint back."""
        self._stack.__exit__(type(exc), exc, exc.__traceback__)


def _deliver_existing(before: dict[int, str], *, batch: DeliveryBatch, at: dt.datetime, actor: Actor) -> None:
    """Move cards already there (申請受付 or 不良, id → state) to 納品済み in ``batch``, one history
    row each. A card whose earlier delivery was recorded on its batch gets that row written out
    first, so moving it to this batch loses none of its history."""
    ids = list(before)
    earlier = Card.objects.filter(pk__in=ids, history_in_batch=True).select_related("batch")
    CardTransition.objects.bulk_create(
        [
            CardTransition(
                card_id=card.pk,
                from_state=rules.APPLIED,
                to_state=rules.DELIVERED,
                action=rules.DELIVERED,
                at=card.batch.imported_at,
                actor_id=card.batch.imported_by_id,
                actor_label=card.batch.imported_by_label,
            )
            for card in earlier
            if card.batch is not None
        ]
    )
    Card.objects.filter(pk__in=ids).update(
        state=rules.DELIVERED,
        state_changed_at=at,
        state_since=batch.delivered_on,
        batch=batch,
        delivered_on=batch.delivered_on,
        history_in_batch=False,
    )
    CardTransition.objects.bulk_create(
        [
            CardTransition(
                card_id=pk,
                from_state=state,
                to_state=rules.DELIVERED,
                action=rules.DELIVERED,
                at=at,
                actor_id=actor.user_id,
                actor_label=actor.name,
            )
            for pk, state in before.items()
        ]
    )
