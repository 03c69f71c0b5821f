"""J-LIS delivery files: one transaction per delivery batch, resumable."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from pathlib import Path
from typing import IO, Any

from django.db import connection, transaction
from django.utils import timezone

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Viewer
from kofu.cards import counting
from kofu.cards.importing.rows import (
    CHUNK,
    DELIVERY_COLUMNS,
    REQUIRED,
    CardImportError,
    ImportResult,
    Progress,
    _CountingReader,
    _Rows,
)
from kofu.cards.importing.writing import HISTORY_COLUMNS, _existing, _history, _insert_cards, _write
from kofu.cards.models import Card, CardTransition, DeliveryBatch
from kofu.registry.models import Municipality
from kofu.rules import cards as rules


class _DeliveryBatchWriter:
    def __init__(
        self,
        municipality: Municipality,
        number: str,
        delivered_on: dt.date,
        file_name: str,
        actor: Viewer | None,
    ) -> None:
        self.now = timezone.now()
        self.actor = actor
        self.municipality = municipality
        self.batch = DeliveryBatch.objects.create(
            municipality=municipality,
            batch_number=number,
            delivered_on=delivered_on,
            file_name=file_name[:200],
            imported_at=self.now,
            imported_by_id=actor.user_id if actor else None,
        )
        self.pending: list[tuple[int, dict[str, Any]]] = []
        self.created = 0
        self.updated = 0
        self.counts: Counter[counting.Key] = Counter()

    def add(self, line: int, row: dict[str, Any], rows: _Rows) -> None:
        if row["delivered_on"] != self.batch.delivered_on:
            rows.error(line, "delivered_on", "同じ納品番号の行は同じ納品日にしてください")
            return
        self.pending.append((line, row))
        if len(self.pending) >= CHUNK:
            self.flush(rows)

    def flush(self, rows: _Rows) -> None:
        if not self.pending or rows.errors:
            self.pending = []
            return
        ids = [row["application_id"] for _, row in self.pending]
        existing = _existing(self.municipality, ids)
        new: list[dict[str, Any]] = []
        update_ids: list[int] = []
        seen: set[str] = set()
        for line, row in self.pending:
            app_id = row["application_id"]
            if app_id in seen:
                rows.error(line, "application_id", f"同じ申請書IDが2回あります: {app_id}")
                continue
            seen.add(app_id)
            if app_id in existing:
                pk, state = existing[app_id]
                if state not in (rules.APPLIED, rules.DEFECTIVE):
                    rows.error(
                        line,
                        "application_id",
                        f"このカードは既に「{rules.STATE_LABELS[state]}」です: {app_id}",
                    )
                    continue
                update_ids.append(pk)
                continue
            new.append(row)
        self.pending = []
        if rows.errors:
            return
        delivered_on = self.batch.delivered_on
        created = _insert_cards(
            self.municipality,
            new,
            state=rules.DELIVERED,
            at=self.now,
            since=delivered_on,
            batch=self.batch,
            actor=self.actor,
        )
        if update_ids:
            Card.objects.filter(pk__in=update_ids).update(
                state=rules.DELIVERED,
                state_changed_at=self.now,
                state_since=delivered_on,
                batch=self.batch,
                delivered_on=delivered_on,
            )
            stamp = connection.ops.adapt_datetimefield_value(self.now)
            _write(
                CardTransition._meta.db_table,
                HISTORY_COLUMNS,
                _history(update_ids, rules.APPLIED, rules.DELIVERED, stamp, self.actor),
            )
        counts: Counter[counting.Key] = Counter(
            counting.key(counting.RECEIVED, r["received_on"], channel=r["channel"]) for r in new
        )
        counts[counting.key(counting.DELIVERED, delivered_on)] += len(created) + len(update_ids)
        self.counts.update(counts)
        self.created += len(created)
        self.updated += len(update_ids)

    def finish(self, rows: _Rows) -> None:
        self.flush(rows)
        if rows.errors:
            raise CardImportError(rows.errors)
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


def _optimize() -> None:
    """Let SQLite refresh its planner statistics after a large import (PostgreSQL's autovacuum does this)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")


def import_delivery(
    path: Path | str,
    *,
    municipality: Municipality,
    actor: Viewer | None,
    progress: Progress | None = None,
    name: str | None = None,
    stream: IO[bytes] | None = None,
) -> ImportResult:
    """Import a J-LIS delivery file in one streaming pass, one transaction per delivery batch."""
    file_name = name or Path(path).name
    rows = _Rows(file_name, DELIVERY_COLUMNS, REQUIRED)
    result = ImportResult()
    done = set(DeliveryBatch.objects.filter(municipality=municipality).values_list("batch_number", flat=True))
    finished: set[str] = set()
    raw = stream if stream is not None else open(path, "rb")  # noqa: SIM115
    try:
        reader = io.BufferedReader(_CountingReader(raw, progress), buffer_size=1 << 20)
        iterator = rows.read(reader)
        writer: _DeliveryBatchWriter | None = None
        atomic: Any = None
        try:
            for line, row in iterator:
                number = row["batch_number"]
                result.rows += 1
                if writer is not None and number != writer.batch.batch_number:
                    writer.finish(rows)
                    atomic.__exit__(None, None, None)
                    result.batches.append(writer.batch.batch_number)
                    result.created += writer.created
                    result.updated += writer.updated
                    finished.add(writer.batch.batch_number)
                    writer = None
                if writer is None:
                    if number in finished:
                        rows.error(
                            line,
                            "batch_number",
                            f"納品番号 {number} の行が離れています（納品番号ごとにまとめてください）",
                        )
                        raise CardImportError(rows.errors)
                    if number in done:
                        if number not in result.skipped_batches:
                            result.skipped_batches.append(number)
                        continue
                    atomic = transaction.atomic()
                    atomic.__enter__()
                    writer = _DeliveryBatchWriter(municipality, number, row["delivered_on"], file_name, actor)
                writer.add(line, row, rows)
            if writer is not None:
                writer.finish(rows)
                atomic.__exit__(None, None, None)
                result.batches.append(writer.batch.batch_number)
                result.created += writer.created
                result.updated += writer.updated
                writer = None
            if rows.errors:
                raise CardImportError(rows.errors)
        except BaseException as exc:
            if writer is not None and atomic is not None:
                atomic.__exit__(type(exc), exc, exc.__traceback__)
            raise
    finally:
        if stream is None:
            raw.close()
    _optimize()
    return result
