"""Application lists (申請受付の一覧): one transaction for the whole file."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone

from kofu.accounts.access import access_municipality
from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.cards import counting
from kofu.cards.importing.rows import (
    APPLICATION_COLUMNS,
    CHUNK,
    ImportResult,
    _Rows,
)
from kofu.cards.importing.writing import _existing, _insert_cards
from kofu.core.tabular import Kind, Progress, open_source
from kofu.registry.models import Municipality
from kofu.rules import cards as rules
from kofu.surveys.models import OutreachEvent
from kofu.surveys.services.outreach import outreach_event_for_applications


def import_applications(
    path: Path | str,
    *,
    municipality: Municipality,
    actor: Actor,
    progress: Progress | None = None,
    name: str | None = None,
    stream: BinaryIO | None = None,
) -> ImportResult:
    """Import an application list (申請受付の一覧) in one transaction: cards in state 申請受付.

    Only the municipality's own staff (or the operator's command) import its cards.
    """
    access_municipality(actor, municipality, change=True)
    file_name = name or Path(path).name
    required = {"application_id", "channel", "received_on", "name", "birth_date", "address"}
    rows = _Rows(file_name, APPLICATION_COLUMNS, required)
    result = ImportResult()
    source = open_source(stream if stream is not None else Path(path), name=file_name, accept=(Kind.CSV,))
    now = timezone.now()
    events: dict[tuple[str, dt.date], OutreachEvent] = {}  # the import's own cache of found events
    try:
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
                            events[key] = outreach_event_for_applications(
                                municipality=municipality, venue=key[0], held_on=key[1], actor=actor
                            )
                        event_ids[row["application_id"]] = events[key].pk
                    elif row.get("outreach_venue"):
                        rows.error(
                            line, "outreach_venue", "会場は出張申請受付方式（outreach）の行にだけ書けます"
                        )
                        continue
                    new.append(row)
                pending.clear()
                rows.raise_if_errors()
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
                result.created += created

            for line, row in rows.read(source, progress):
                result.rows += 1
                pending.append((line, row))
                if len(pending) >= CHUNK:
                    flush()
            rows.raise_if_errors()
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
        source.close()
    return result
