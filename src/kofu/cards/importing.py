"""Streaming import of J-LIS delivery files and application lists (CSV, UTF-8, header row).

Delivery files: one transaction per delivery batch (納品番号); a batch already imported is
skipped, so a run that stopped is resumed by running it again and never leaves half a batch.
Application lists: one transaction for the whole file. Every text column goes through
``no_my_number``; errors name the file, the row and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import connection, transaction
from django.utils import timezone

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Viewer
from kofu.cards import counting
from kofu.cards.models import Card, CardTransition, DeliveryBatch, OutreachEvent
from kofu.core.validators import MY_NUMBER_REFUSED
from kofu.registry.models import Municipality
from kofu.rules import cards as rules
from kofu.rules.codes import contains_my_number

DELIVERY_COLUMNS = (
    "application_id",
    "batch_number",
    "delivered_on",
    "channel",
    "received_on",
    "name",
    "name_kana",
    "birth_date",
    "address",
    "phone",
)
APPLICATION_COLUMNS = (
    "application_id",
    "channel",
    "received_on",
    "name",
    "name_kana",
    "birth_date",
    "address",
    "phone",
    "outreach_venue",
    "outreach_date",
)
REQUIRED = {
    "application_id",
    "batch_number",
    "delivered_on",
    "channel",
    "received_on",
    "name",
    "birth_date",
    "address",
}
MAX_LENGTHS = {
    "application_id": 32,
    "batch_number": 32,
    "name": 100,
    "name_kana": 100,
    "address": 200,
    "phone": 20,
    "outreach_venue": 100,
}
DATE_COLUMNS = {"delivered_on", "received_on", "birth_date", "outreach_date"}
CHUNK = 5000
MAX_ERRORS = 20

Progress = Callable[[int], None]


class CardImportError(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    batches: list[str] = field(default_factory=list)
    skipped_batches: list[str] = field(default_factory=list)


class _CountingReader(io.RawIOBase):
    """Counts the bytes read, for a progress bar over a streamed file."""

    def __init__(self, raw: IO[bytes], progress: Progress | None) -> None:
        self.raw = raw
        self.progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        if self.progress:
            self.progress(len(data))
        return len(data)


def _parse_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text.replace("/", "-"))


class _Rows:
    """Parse and validate rows; collect errors naming file, row and column."""

    def __init__(self, name: str, columns: tuple[str, ...], required: set[str]) -> None:
        self.name = name
        self.columns = columns
        self.required = required
        self.errors: list[str] = []

    def error(self, line: int, column: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(f"{self.name} {line}行目「{column}」列: {message}")

    def read(self, stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any]]]:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        header = next(reader, None)
        if header is None:
            raise CardImportError([f"{self.name}: ファイルが空です"])
        header = [h.strip() for h in header]
        missing = [c for c in self.required if c not in header]
        if missing:
            raise CardImportError(
                [f"{self.name} 1行目（見出し）: 列がありません: {', '.join(sorted(missing))}"]
            )
        index = {c: header.index(c) for c in self.columns if c in header}
        for line, raw in enumerate(reader, start=2):
            if not raw or all(not cell.strip() for cell in raw):
                continue
            row: dict[str, Any] = {}
            ok = True
            refused: set[int] = set()
            if contains_my_number("\x1f".join(raw)):  # one check per row; cells are then named
                for position, cell in enumerate(raw):
                    if contains_my_number(cell):
                        refused.add(position)
                        column = header[position] if position < len(header) else f"{position + 1}列目"
                        self.error(line, column, MY_NUMBER_REFUSED)
                        ok = False
            for column, position in index.items():
                if position in refused:  # never echo a refused value in another message
                    continue
                value = raw[position].strip() if position < len(raw) else ""
                if not value:
                    if column in self.required:
                        self.error(line, column, "値がありません")
                        ok = False
                    row[column] = None if column in DATE_COLUMNS else ""
                    continue
                if column in DATE_COLUMNS:
                    try:
                        row[column] = _parse_date(value)
                    except ValueError:
                        self.error(line, column, f"日付は YYYY-MM-DD で書いてください: {value!r}")
                        ok = False
                    continue
                if column in MAX_LENGTHS and len(value) > MAX_LENGTHS[column]:
                    self.error(line, column, f"{MAX_LENGTHS[column]}文字以内にしてください")
                    ok = False
                row[column] = value
            if ok and row.get("channel") not in rules.CHANNEL_LABELS:
                self.error(
                    line,
                    "channel",
                    f"申請方式が不明です: {row.get('channel')!r}（{', '.join(rules.CHANNEL_LABELS)}）",
                )
                ok = False
            if ok and row["birth_date"] > row["received_on"]:
                self.error(line, "birth_date", "生年月日が申請受付日より後です")
                ok = False
            if ok:
                yield line, row
            elif len(self.errors) >= MAX_ERRORS:
                raise CardImportError(self.errors)


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
    return result


def import_applications(
    path: Path | str,
    *,
    municipality: Municipality,
    actor: Viewer | None,
    progress: Progress | None = None,
    name: str | None = None,
    stream: IO[bytes] | None = None,
) -> ImportResult:
    """Import an application list (申請受付の一覧) in one transaction: cards in state 申請受付."""
    file_name = name or Path(path).name
    required = {"application_id", "channel", "received_on", "name", "birth_date", "address"}
    rows = _Rows(file_name, APPLICATION_COLUMNS, required)
    result = ImportResult()
    raw = stream if stream is not None else open(path, "rb")  # noqa: SIM115
    now = timezone.now()
    events: dict[tuple[str, dt.date], OutreachEvent] = {}
    try:
        reader = io.BufferedReader(_CountingReader(raw, progress), buffer_size=1 << 20)
        with transaction.atomic():
            pending: list[tuple[int, dict[str, Any]]] = []

            def flush() -> None:
                ids = [row["application_id"] for _, row in pending]
                existing = set(_existing(municipality, ids))
                new: list[dict[str, Any]] = []
                event_ids: dict[str, int | None] = {}
                for line, row in pending:
                    if row["application_id"] in existing:
                        rows.error(
                            line, "application_id", f"この申請書IDは登録済みです: {row['application_id']}"
                        )
                        continue
                    existing.add(row["application_id"])
                    if (
                        row["channel"] == rules.OUTREACH
                        and row.get("outreach_venue")
                        and row.get("outreach_date")
                    ):
                        key = (row["outreach_venue"], row["outreach_date"])
                        if key not in events:
                            events[key], _ = OutreachEvent.objects.get_or_create(
                                municipality=municipality, venue=key[0], held_on=key[1]
                            )
                        event_ids[row["application_id"]] = events[key].pk
                    elif row.get("outreach_venue"):
                        rows.error(
                            line, "outreach_venue", "会場は出張申請受付方式（outreach）の行にだけ書けます"
                        )
                        continue
                    new.append(row)
                pending.clear()
                if rows.errors:
                    raise CardImportError(rows.errors)
                created = _insert_cards(
                    municipality,
                    new,
                    state=rules.APPLIED,
                    at=now,
                    since=None,
                    batch=None,
                    actor=actor,
                    events=event_ids,
                )
                counting.add(
                    municipality,
                    Counter(
                        counting.key(counting.RECEIVED, r["received_on"], channel=r["channel"]) for r in new
                    ),
                )
                result.created += len(created)

            for line, row in rows.read(reader):
                result.rows += 1
                pending.append((line, row))
                if len(pending) >= CHUNK:
                    flush()
            if rows.errors:
                raise CardImportError(rows.errors)
            flush()
            audit_record(
                actor=actor,
                action="cards.import_applications",
                object_type="municipality",
                object_id=municipality.code,
                after={"file": file_name, "rows": result.created},
                purpose="申請受付の取込",
            )
    finally:
        if stream is None:
            raw.close()
    return result
