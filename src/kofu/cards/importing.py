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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Viewer
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


def _history(
    card_ids: list[int], before: str, after: str, at: dt.datetime, actor: Viewer | None
) -> list[CardTransition]:
    label = actor.username if actor and actor.username else "system"
    user_id = actor.user_id if actor else None
    return [
        CardTransition(
            card_id=pk, from_state=before, to_state=after, at=at, actor_id=user_id, actor_label=label
        )
        for pk in card_ids
    ]


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
        existing = {
            app_id: (pk, state)
            for app_id, pk, state in Card.objects.filter(
                municipality=self.municipality, application_id__in=ids
            ).values_list("application_id", "id", "state")
        }
        new: list[Card] = []
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
            new.append(
                Card(
                    municipality=self.municipality,
                    application_id=app_id,
                    channel=row["channel"],
                    received_on=row["received_on"],
                    name=row["name"],
                    name_kana=row.get("name_kana", ""),
                    birth_date=row["birth_date"],
                    address=row["address"],
                    phone=row.get("phone", ""),
                    state=rules.DELIVERED,
                    state_changed_at=self.now,
                    batch=self.batch,
                    delivered_on=self.batch.delivered_on,
                )
            )
        self.pending = []
        if rows.errors:
            return
        created = Card.objects.bulk_create(new, batch_size=CHUNK)
        if update_ids:
            Card.objects.filter(pk__in=update_ids).update(
                state=rules.DELIVERED,
                state_changed_at=self.now,
                batch=self.batch,
                delivered_on=self.batch.delivered_on,
            )
        history = _history([c.pk for c in created], rules.APPLIED, rules.DELIVERED, self.now, self.actor)
        history += _history(update_ids, rules.APPLIED, rules.DELIVERED, self.now, self.actor)
        CardTransition.objects.bulk_create(history, batch_size=CHUNK)
        self.created += len(created)
        self.updated += len(update_ids)

    def finish(self, rows: _Rows) -> None:
        self.flush(rows)
        if rows.errors:
            raise CardImportError(rows.errors)
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
                existing = set(
                    Card.objects.filter(municipality=municipality, application_id__in=ids).values_list(
                        "application_id", flat=True
                    )
                )
                new: list[Card] = []
                for line, row in pending:
                    if row["application_id"] in existing:
                        rows.error(
                            line, "application_id", f"この申請書IDは登録済みです: {row['application_id']}"
                        )
                        continue
                    existing.add(row["application_id"])
                    event = None
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
                        event = events[key]
                    elif row.get("outreach_venue"):
                        rows.error(
                            line, "outreach_venue", "会場は出張申請受付方式（outreach）の行にだけ書けます"
                        )
                        continue
                    new.append(
                        Card(
                            municipality=municipality,
                            application_id=row["application_id"],
                            channel=row["channel"],
                            received_on=row["received_on"],
                            outreach_event=event,
                            name=row["name"],
                            name_kana=row.get("name_kana", ""),
                            birth_date=row["birth_date"],
                            address=row["address"],
                            phone=row.get("phone", ""),
                            state=rules.APPLIED,
                            state_changed_at=now,
                        )
                    )
                pending.clear()
                if rows.errors:
                    raise CardImportError(rows.errors)
                created = Card.objects.bulk_create(new, batch_size=CHUNK)
                CardTransition.objects.bulk_create(
                    _history([c.pk for c in created], "", rules.APPLIED, now, actor), batch_size=CHUNK
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
