"""The seat counter's primitive: take or give back seats of a row by one conditional UPDATE.

The pickup bookings take their seats by the hand-written statement of
:mod:`kofu.bookings.services.seats` (per-channel quotas, the hottest statement of kofu); other
seat counters — the outreach events' time slots (ADR 0030) — use this ORM twin of the same idea:
``UPDATE … SET booked = booked + n WHERE id = … AND booked + n <= capacity``. The database decides
in one statement, so two requests can never both take the last seat (SQLite writers queue on the
file lock of ADR 0006; PostgreSQL re-checks the row under its lock). The check constraint
``booked <= capacity`` of the model backs it up.

The queryset may filter on the row's own columns only: Django writes an UPDATE whose filter joins
another table as ``WHERE id IN (SELECT …)``, and PostgreSQL does not re-check such a subquery after
waiting for the row's lock — two requests would both pass it (the race test of ADR 0030 caught
exactly that, stopped only by the check constraint). :func:`seats_take` refuses a joined queryset.
"""

from __future__ import annotations

from django.db.models import F, Model, QuerySet


def seats_take(
    rows: QuerySet[Model], pk: int, *, seats: int = 1, booked: str = "booked", capacity: str = "seats"
) -> bool:
    """Take ``seats`` seats of row ``pk`` of ``rows`` (a queryset that may add conditions, e.g.
    "booking open"); False, with nothing changed, when there is no room or no such row."""
    if seats < 1:
        raise ValueError("席数は1以上です")
    room = {f"{booked}__lte": F(capacity) - seats}
    taking = rows.filter(pk=pk, **room)
    if sum(1 for uses in taking.query.alias_refcount.values() if uses) > 1:  # a join in use
        raise ValueError("席を取る条件は行の列だけにしてください（結合した条件は並行時に再確認されません）")
    return taking.update(**{booked: F(booked) + seats}) == 1


def seats_give_back(rows: QuerySet[Model], pk: int, *, seats: int = 1, booked: str = "booked") -> bool:
    """Give back ``seats`` seats of row ``pk`` (never below zero); False when nothing was taken."""
    return rows.filter(pk=pk, **{f"{booked}__gte": seats}).update(**{booked: F(booked) - seats}) == 1
