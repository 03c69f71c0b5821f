"""The resident-record access log: one row per resident record a page shows, written by one hook.

A view marked ``@personal_data`` says which residents' records it showed (or changed, printed,
exported) with :func:`records_shown`; after the view returns, :func:`log_records_shown` (registered
in ``PERSONAL_DATA_HOOKS`` by the cards app) writes exactly one :class:`ResidentAccess` row per
record and action: who (user, role, organisation), when, action, purpose and source IP, never a
personal value. Residents
read their own history with :func:`history_for_resident` (organisations only, no staff names).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from kofu.accounts import chains
from kofu.accounts.permissions import PERSONAL_DATA_HOOKS, AccessRequest
from kofu.accounts.request_source import current_source_ip
from kofu.accounts.roles import Actor, Role
from kofu.cards.models import Card, ResidentAccess

#: The request attribute holding the records a view showed: {(card id, action, purpose): None}.
_SHOWN = "_kofu_resident_records_shown"
#: Who a resident's own look (notice number and birth date) is recorded as.
SELF_LABEL = "本人"
#: How residents see their own looks, and looks by a command (no organisation).
SELF_SHOWN_AS = "ご本人（交付通知書番号と生年月日で確認）"
SYSTEM_SHOWN_AS = "kofu（システムの処理）"


def chain_content(row: ResidentAccess) -> dict[str, Any]:
    """What an access row's hash covers (ids and codes; ``seq`` is covered by the chain's order)."""
    return {
        "at": row.at.isoformat(),
        "card": row.card_id,
        "user": row.user_id,
        "actor_label": row.actor_label,
        "organisation": row.organisation,
        "role": row.role,
        "source_ip": str(ipaddress.ip_address(str(row.source_ip))) if row.source_ip else None,
        "action": row.action,
        "purpose": row.purpose,
    }


CHAIN = chains.Chain("access", "アクセス記録", ResidentAccess, chain_content)


def records_shown(
    request: HttpRequest,
    cards: Iterable[Card | int],
    *,
    action: str = ResidentAccess.Action.VIEW,
    purpose: str = ResidentAccess.Purpose.ISSUANCE,
) -> None:
    """Tell the access-log hook that this response shows (or acts on) these residents' records.

    ``cards``: cards or card ids. Marking the same record twice for one action still logs it once.
    """
    shown: dict[tuple[int, str, str], None] = request.__dict__.setdefault(_SHOWN, {})
    for card in cards:
        card_id = card if isinstance(card, int) else card.pk
        shown[(card_id, str(action), str(purpose))] = None


def pending(request: HttpRequest) -> list[tuple[int, str, str]]:
    """What the hook will write for this request (card id, action, purpose), in order."""
    return list(request.__dict__.get(_SHOWN, {}))


def _reader(actor: Actor) -> tuple[str, str]:
    """(label, role) of the row: staff by name and role, a command by its name (no role), and
    anyone else — a resident, identified or holding their booking's link — as the resident."""
    if actor.is_staff_member:
        return actor.name, str(actor.role)
    if actor.role is Role.SYSTEM:
        return actor.name, ""
    return SELF_LABEL, str(Role.RESIDENT)


def record(
    card_ids: Sequence[int],
    *,
    actor: Actor,
    action: str,
    purpose: str,
    organisation: str | None = None,
    batch_size: int | None = None,
) -> None:
    """Append one access row per card (no personal values: ids, codes and the reader only).

    The row names the reader (user, role, organisation), when, the action, the purpose and the
    request's source IP (``None`` from a command). ``organisation`` overrides the reader's own (an
    operator's export).
    """
    now = timezone.now()
    label, role = _reader(actor)
    if organisation is None:
        organisation = str(actor.organisation or "")
    source_ip = current_source_ip()
    rows = [
        ResidentAccess(
            card_id=card_id,
            at=now,
            user_id=actor.user_id,
            actor_label=label,
            organisation=organisation,
            role=role,
            source_ip=source_ip,
            action=action,
            purpose=purpose,
        )
        for card_id in card_ids
    ]
    if not rows:
        return
    with transaction.atomic(savepoint=False):
        chains.link(CHAIN, rows)  # the chains' lock and the log's last row, then seq and hashes
        ResidentAccess.objects.bulk_create(rows, batch_size=batch_size)


def log_records_shown(request: AccessRequest, response: HttpResponseBase) -> None:
    """The ``PERSONAL_DATA_HOOKS`` entry: write what the view said it showed, once per record.

    The reader is ``request.viewer``: staff, or on the residents' pages the resident (identified
    in the session, or an anonymous visitor holding their booking's signed link).
    """
    shown = request.__dict__.pop(_SHOWN, None)
    if not shown:
        return
    groups: dict[tuple[str, str], list[int]] = {}
    for card_id, action, purpose in shown:
        groups.setdefault((action, purpose), []).append(card_id)
    with transaction.atomic():
        for (action, purpose), card_ids in groups.items():
            record(card_ids, actor=request.viewer, action=action, purpose=purpose)


def register() -> None:
    """Add the hook to ``PERSONAL_DATA_HOOKS`` and the log to the verified chains (``ready``)."""
    chains.register(CHAIN)
    if log_records_shown not in PERSONAL_DATA_HOOKS:
        PERSONAL_DATA_HOOKS.append(log_records_shown)


@dataclass(frozen=True)
class AccessForResident:
    """One line of a resident's own access history: no staff names, no personal values."""

    at: dt.datetime
    who: str
    action: str
    purpose: str


def history_for_resident(card: Card, limit: int = 50) -> list[AccessForResident]:
    """Who accessed the resident's record (organisation, when, action, purpose), newest first.

    Purposes in ``KOFU_ACCESS_LOG_HIDDEN_PURPOSES`` (legally required non-disclosure) are left out.
    """
    hidden = list(getattr(settings, "KOFU_ACCESS_LOG_HIDDEN_PURPOSES", []))
    rows = card.accesses.exclude(purpose__in=hidden).order_by("-at", "-id")[:limit]
    return [
        AccessForResident(
            at=row.at,
            who=_shown_as(row),
            action=row.get_action_display(),
            purpose=row.get_purpose_display(),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class AccessDay:
    """The accesses of one organisation on one day (JST), as one line of the resident's history."""

    day: dt.date
    who: str
    actions: list[str]
    purposes: list[str]
    times: int


def history_by_day(card: Card, limit: int = 200) -> list[AccessDay]:
    """:func:`history_for_resident` grouped: one line per organisation and day, newest first."""
    lines: dict[tuple[dt.date, str], AccessDay] = {}
    for row in history_for_resident(card, limit=limit):
        key = (timezone.localtime(row.at).date(), row.who)
        line = lines.setdefault(key, AccessDay(day=key[0], who=row.who, actions=[], purposes=[], times=0))
        if row.action not in line.actions:
            line.actions.append(row.action)
        if row.purpose not in line.purposes:
            line.purposes.append(row.purpose)
        lines[key] = AccessDay(line.day, line.who, line.actions, line.purposes, line.times + 1)
    return list(lines.values())


def _shown_as(row: ResidentAccess) -> str:
    if row.organisation:
        return row.organisation
    return SELF_SHOWN_AS if row.purpose == ResidentAccess.Purpose.SELF_SERVICE else SYSTEM_SHOWN_AS


#: The columns of ``kofu audit accesses`` (for the auditor: who, not what; no personal values).
ACCESS_COLUMNS = [
    "at_utc",
    "application_id",
    "action",
    "purpose",
    "organisation",
    "role",
    "user",
    "source_ip",
]


def access_rows(
    municipality_id: int, since: dt.date | None = None, until: dt.date | None = None
) -> Iterator[tuple[str, ...]]:
    """The access log of one municipality's cards, oldest first, as ``ACCESS_COLUMNS`` tuples.

    ``since``/``until`` are days in Asia/Tokyo, both included. The card is named by its
    application ID (an identifier, not a personal value).
    """
    rows = ResidentAccess.objects.filter(card__municipality_id=municipality_id)
    if since is not None:
        rows = rows.filter(at__gte=_tokyo_midnight(since))
    if until is not None:
        rows = rows.filter(at__lt=_tokyo_midnight(until + dt.timedelta(days=1)))
    fields = (
        "at",
        "card__application_id",
        "action",
        "purpose",
        "organisation",
        "role",
        "actor_label",
        "source_ip",
    )
    for row in rows.order_by("at", "id").values_list(*fields).iterator(chunk_size=2000):
        at, *rest = row
        yield (at.astimezone(dt.UTC).isoformat(timespec="seconds"), *(value or "" for value in rest))


def _tokyo_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())
