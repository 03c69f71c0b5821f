"""Retention: erase residents' personal data once the card's business is done (SECURITY.md 22).

A card is finished when it is 交付済み, 郵送済み or 取消・廃止 (``PURGE_STATES``). Once the day it
entered that state lies more than ``KOFU_RETENTION_DAYS`` before the base date, the purge blanks its
personal values — name, kana, birth date, address, phone, notes (the card's and its history's) and
the notice number — and the e-mail addresses and cancel reasons of its bookings. The rows stay:
their id, application ID, channel, dates and state keep the history, the access log, the booking
counters and the statistics exactly as they were (the daily counters never read the cards).

Not purged: 保管期間経過・未受取, 返戻 and 不良 are waiting for a decision (hand over, resend,
re-make or cancel); they become purgeable once cancelled or handed over.

Each purge is one transaction with a :class:`PersonalDataDeletion` record (counts, the cards,
operator, time, retention days; no personal values) and an audit event. After it the command
reclaims the space (:func:`reclaim_space`): SQLite runs with ``secure_delete`` on every connection
(``kofu.settings``) so the old values are overwritten, and the WAL is checkpointed and truncated.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Model, QuerySet
from django.utils import timezone

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.cards.models import Card, CardTransition, PersonalDataDeletion
from kofu.rules import cards as rules

#: Final for the purpose of retention: nothing more will be done with the resident's data.
PURGE_STATES = (rules.HANDED_OVER, rules.MAILED, rules.CANCELLED)

#: Other apps erase what they hold about the purged cards: ``eraser(deletion) -> rows changed``.
#: The bookings app registers the booking e-mail addresses (kofu.bookings.apps).
ERASERS: list[Callable[[PersonalDataDeletion], int]] = []

#: What the purge writes into each card (personal values out, the link to the deletion record in).
BLANK = {
    "name": "",
    "name_kana": "",
    "birth_date": None,
    "address": "",
    "phone": "",
    "note": "",
    "notice_number": None,
}


def retention_days() -> int:
    return int(settings.KOFU_RETENTION_DAYS)


def cutoff_for(as_of: dt.date, days: int) -> dt.date:
    """Cards finished before this day are past the retention period on ``as_of``."""
    if days < 1:
        raise ValueError("保存期間は1日以上です")
    return as_of - dt.timedelta(days=days)


def purgeable(as_of: dt.date, days: int) -> QuerySet[Card]:
    """Cards whose personal data is due for deletion on ``as_of`` (and not yet deleted)."""
    return Card.objects.filter(
        state__in=PURGE_STATES, state_since__lt=cutoff_for(as_of, days), deletion__isnull=True
    )


@dataclass(frozen=True)
class PurgePlan:
    as_of: dt.date
    retention_days: int
    cutoff: dt.date
    #: {municipality code: {state: cards}}
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(n for by_state in self.counts.values() for n in by_state.values())


def _counts(cards: QuerySet[Card]) -> tuple[dict[str, dict[str, int]], dict[str, str]]:
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    names: dict[str, str] = {}
    rows = (
        cards.values("municipality__code", "municipality__prefecture__name", "municipality__name", "state")
        .annotate(n=Count("id"))
        .order_by("municipality__code", "state")
    )
    for row in rows:
        code = row["municipality__code"]
        counts[code][row["state"]] = row["n"]
        names[code] = f"{row['municipality__prefecture__name']}{row['municipality__name']}"
    return dict(counts), names


def purge_plan(*, as_of: dt.date | None = None, days: int | None = None) -> PurgePlan:
    """The dry run: how many cards per municipality and state the purge would erase."""
    as_of = as_of or timezone.localdate()
    days = retention_days() if days is None else days
    counts, names = _counts(purgeable(as_of, days))
    return PurgePlan(as_of, days, cutoff_for(as_of, days), counts, names)


@transaction.atomic
def personal_data_purge(
    *, actor: Actor, as_of: dt.date | None = None, days: int | None = None
) -> PersonalDataDeletion | None:
    """Erase the personal data of every card past the retention period; None when there is none."""
    as_of = as_of or timezone.localdate()
    days = retention_days() if days is None else days
    cards = purgeable(as_of, days)
    if not cards.exists():
        return None
    deletion = PersonalDataDeletion.objects.create(
        at=timezone.now(),
        as_of=as_of,
        retention_days=days,
        cutoff=cutoff_for(as_of, days),
        actor_id=actor.user_id,
        actor_label=actor.name,
        card_count=0,
    )
    purged = cards.update(deletion=deletion, **BLANK)
    CardTransition.objects.filter(card__deletion=deletion).exclude(comment="").update(comment="")
    bookings = sum(erase(deletion) for erase in ERASERS)
    deletion.card_count = purged
    deletion.booking_count = bookings
    deletion.counts, _names = _counts(Card.objects.filter(deletion=deletion))
    deletion.save(update_fields=["card_count", "booking_count", "counts"])
    audit_record(
        actor=actor,
        action="cards.personal_data_purge",
        object_type="personal_data_deletion",
        object_id=deletion.pk,
        after={
            "cards": purged,
            "bookings": bookings,
            "retention_days": days,
            "cutoff": deletion.cutoff.isoformat(),
            "counts": deletion.counts,
        },
        purpose="保存期間経過による個人情報の削除",
    )
    return deletion


@dataclass(frozen=True)
class Reclaimed:
    engine: str
    detail: str
    complete: bool


def reclaim_space() -> Reclaimed:
    """After a purge (outside a transaction): overwrite what the database still keeps of old rows.

    SQLite: ``secure_delete`` already zeroed the freed cells; ``wal_checkpoint(TRUNCATE)`` writes the
    WAL back and empties it (``complete`` is False while another connection still reads).
    PostgreSQL: ``VACUUM`` removes the dead row versions from the tables (their bytes may stay in
    the data files until reused; see docs/operations.md for ``VACUUM FULL``).
    """
    if connection.in_atomic_block:
        return Reclaimed(connection.vendor, "トランザクションの中では実行できないため省略しました", False)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, log_frames, checkpointed = cursor.fetchone()
            detail = f"WAL checkpoint busy={busy} log={log_frames} checkpointed={checkpointed}"
            if busy:
                detail += "（他の接続が読み込み中のため WAL を空にできませんでした）"
            return Reclaimed("sqlite", detail, busy == 0)
        tables = [Card._meta.db_table, CardTransition._meta.db_table]
        tables += [model._meta.db_table for model in _erased_models()]
        for table in tables:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')
        return Reclaimed("postgresql", "VACUUM " + ", ".join(tables), True)


def _erased_models() -> list[type[Model]]:
    from django.apps import apps

    return [apps.get_model("bookings", "Booking")] if apps.is_installed("kofu.bookings") else []
