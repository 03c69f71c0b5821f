"""J-LIS delivery files: one transaction per delivery batch, resumable."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

from django.db import connection, transaction
from django.utils import timezone

from kofu.accounts.access import access_municipality
from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.cards import counting
from kofu.cards.importing.rows import (
    CHUNK,
    DELIVERY_COLUMNS,
    REQUIRED,
    CardImportError,
    ImportResult,
    _Rows,
)
from kofu.cards.importing.writing import (
    CARD_COLUMNS,
    NewCards,
    _deliver_existing,
    _existing,
    _write,
    card_values,
    delivered_card_line,
)
from kofu.cards.models import Card, DeliveryBatch
from kofu.core.tabular import Kind, Progress, open_source
from kofu.registry.models import Municipality
from kofu.rules import cards as rules


class _DeliveryBatchWriter:
    """One delivery batch, written in chunks inside the batch's transaction."""

    def __init__(
        self,
        municipality: Municipality,
        number: str,
        delivered_on: dt.date,
        file_name: str,
        actor: Actor,
        *,
        look_up: bool,
    ) -> None:
        #: Look up the application IDs before inserting? Not while the cards are known to be new:
        #: then a chunk is inserted straight away, and the unique (municipality, application_id)
        #: constraint proves it (a card already there fails the insert; the chunk is then rolled
        #: back to its savepoint and done again with the look-up, for good).
        self.look_up = look_up
        self.now = timezone.now()
        self.actor = actor
        self.municipality = municipality
        self.batch = DeliveryBatch.objects.create(
            municipality=municipality,
            batch_number=number,
            delivered_on=delivered_on,
            file_name=file_name[:200],
            imported_at=self.now,
            imported_by_id=actor.user_id,
            imported_by_label=actor.name,
        )
        self.values = card_values(
            municipality, state=rules.DELIVERED, at=self.now, since=delivered_on, batch=self.batch
        )
        self.line = delivered_card_line(municipality, at=self.now, batch=self.batch)
        self.pending: list[tuple[int, dict[str, Any]]] = []
        self.stream: NewCards | None = None  # the chunk being written without a look-up
        self.seen: set[str] = set()
        self.created = 0
        self.updated = 0
        self.counts: Counter[counting.Key] = Counter()

    def add(self, line: int, row: dict[str, Any], rows: _Rows) -> None:
        if row["delivered_on"] != self.batch.delivered_on:
            rows.error(line, "delivered_on", "同じ納品番号の行は同じ納品日にしてください")
            return
        app_id = row["application_id"]
        if app_id in self.seen:
            rows.error(line, "application_id", f"同じ申請書IDが2回あります: {app_id}")
            return
        self.seen.add(app_id)
        self.pending.append((line, row))
        if not self.look_up and not rows.failed:
            if self.stream is None:
                self.stream = NewCards(self.values, self.line)
            self.stream.add(row)
        if len(self.pending) >= CHUNK:
            self.flush(rows)

    def flush(self, rows: _Rows) -> None:
        pending, self.pending = self.pending, []
        stream, self.stream = self.stream, None
        if rows.failed:
            if stream is not None:
                stream.discard(CardImportError(rows.problems.errors))
            return
        if stream is not None:
            if stream.close():
                self._count([row for _, row in pending], stream.count, 0)
                return
            self.look_up = True  # a card was there already: this chunk again, with the look-up
        if not pending:
            return
        existing = _existing(self.municipality, [row["application_id"] for _, row in pending])
        new: list[dict[str, Any]] = []
        before: dict[int, str] = {}  # cards already there (申請受付・不良): id → state
        for line, row in pending:
            found = existing.get(row["application_id"])
            if found is None:
                new.append(row)
            elif found[1] in (rules.APPLIED, rules.DEFECTIVE):
                before[found[0]] = found[1]
            else:
                rows.error(
                    line,
                    "application_id",
                    f"このカードは既に「{rules.STATE_LABELS[found[1]]}」です: {row['application_id']}",
                )
        if rows.failed:
            return
        _write(Card._meta.db_table, CARD_COLUMNS, [self.values(row) for row in new])
        if before:
            _deliver_existing(before, batch=self.batch, at=self.now, actor=self.actor)
        self._count(new, len(new), len(before))

    def _count(self, new: list[dict[str, Any]], created: int, updated: int) -> None:
        received = Counter(map(itemgetter("received_on", "channel"), new))
        for (day, channel), n in received.items():
            self.counts[counting.key(counting.RECEIVED, day, channel=channel)] += n
        self.counts[counting.key(counting.DELIVERED, self.batch.delivered_on)] += created + updated
        self.created += created
        self.updated += updated

    def discard(self, exc: BaseException) -> None:
        """The batch fails: close the chunk being written, if any (before the batch's rollback)."""
        if self.stream is not None:
            stream, self.stream = self.stream, None
            stream.discard(exc)

    def finish(self, rows: _Rows) -> None:
        self.flush(rows)
        rows.raise_if_errors()
        counting.add(self.municipality, self.counts)
        self.batch.row_count = self.created + self.updated
        self.batch.save(update_fields=["row_count"])
        audit_record(
            actor=self.actor,
            action="cards.import_delivery",
            object_type="delivery_batch",
            object_id=self.batch.pk,
            after={"batch_number": self.batch.batch_number, "rows": self.batch.row_count},
            purpose="J-LIS納品の取込",
        )
        _plan_foreign_key_checks_with_indexes()


def _plan_foreign_key_checks_with_indexes() -> None:
    """PostgreSQL checks each card's foreign keys at the commit, with a query it plans once per
    connection. Planned while the batch table is still small (a new database, a first import) that
    query scans the whole table, and keeps doing so as the import adds batches: by 370 batches the
    commit took three times as long. Planned now, with sequential scans discouraged for the rest of
    this transaction (only the checks are left), it looks each batch up by its primary key."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")


def _optimize() -> None:
    """Let SQLite refresh its planner statistics after a large import (PostgreSQL's autovacuum does this)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")


def _expect_existing(municipality: Municipality) -> bool:
    """Can a delivery row find its card already there (an application list was imported, or a
    defective card is re-delivered)? If not, the application IDs need no look-up up front."""
    return Card.objects.filter(municipality=municipality, state__in=[rules.APPLIED, rules.DEFECTIVE]).exists()


def import_delivery(
    path: Path | str,
    *,
    municipality: Municipality,
    actor: Actor,
    progress: Progress | None = None,
    name: str | None = None,
    stream: BinaryIO | None = None,
) -> ImportResult:
    """Import a J-LIS delivery file in one streaming pass, one transaction per delivery batch.

    Only the municipality's own staff (or the operator's command) import its cards.
    """
    access_municipality(actor, municipality, change=True)
    file_name = name or Path(path).name
    rows = _Rows(file_name, DELIVERY_COLUMNS, REQUIRED)
    result = ImportResult()
    done = set(DeliveryBatch.objects.filter(municipality=municipality).values_list("batch_number", flat=True))
    look_up = _expect_existing(municipality)
    source = open_source(stream if stream is not None else Path(path), name=file_name, accept=(Kind.CSV,))
    writer: _DeliveryBatchWriter | None = None
    atomic: Any = None  # the open batch's transaction

    def begin(number: str, delivered_on: dt.date) -> _DeliveryBatchWriter:
        nonlocal atomic
        atomic = transaction.atomic()
        atomic.__enter__()
        return _DeliveryBatchWriter(municipality, number, delivered_on, file_name, actor, look_up=look_up)

    def commit(current: _DeliveryBatchWriter) -> None:
        nonlocal atomic, look_up
        current.finish(rows)
        closing, atomic = atomic, None
        closing.__exit__(None, None, None)  # on a failed commit Django rolls back and raises
        result.batches.append(current.batch.batch_number)
        result.created += current.created
        result.updated += current.updated
        look_up = current.look_up

    try:
        for line, row in rows.read(source, progress):
            number = row["batch_number"]
            result.rows += 1
            if writer is not None and number != writer.batch.batch_number:
                commit(writer)
                writer = None
            if writer is None:
                if number in result.batches:
                    rows.error(
                        line,
                        "batch_number",
                        f"納品番号 {number} の行が離れています（納品番号ごとにまとめてください）",
                    )
                    rows.raise_if_errors()
                if number in done:
                    if number not in result.skipped_batches:
                        result.skipped_batches.append(number)
                    continue
                writer = begin(number, row["delivered_on"])
            writer.add(line, row, rows)
        if writer is not None:
            commit(writer)
        rows.raise_if_errors()
    except BaseException as exc:
        if atomic is not None:  # the batch being written is rolled back whole
            if writer is not None:
                writer.discard(exc)
            atomic.__exit__(type(exc), exc, exc.__traceback__)
        raise
    finally:
        source.close()
    _optimize()
    return result
