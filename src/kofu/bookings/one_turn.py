"""A resident's booking of one card through the API in one writer turn (issue 16 item 8, ADR 0035).

The API's usual case — one card, on the web — runs in one transaction (on SQLite one turn of the
writers' lock instead of two) of five data statements:

1. the client's request counted and the notice number's lockout read (:mod:`kofu.accounts.counters`);
2. the seat taken by the one conditional UPDATE (:mod:`kofu.bookings.services.seats`), which also
   returns the slot, its site and the card's identifying fields (scalar subqueries by notice
   number, never name, address or phone) — ``UPDATE … RETURNING``;
3. the booking, 4. the card's state with its history row (one statement on PostgreSQL,
   :mod:`kofu.core.moving`; two on SQLite), 5. the audit event linked to the chain.

Every check runs as before, after the seat is taken and before anything else is written: the birth
date (constant time), the lockout, :func:`~kofu.bookings.services.bookings_create`'s access, window,
card and party checks. Any refusal rolls the whole transaction back — the seat with it — and the
request is then counted again in a short transaction of its own (with the number's failure, for a
wrong birth date), so a refused request still counts. When the seat cannot be taken in that one
statement (no such slot, closed, full — perhaps only until expired holds are given back), the
request takes the long way (:func:`kofu.bookings.residents.identify`, then ``bookings_create``),
already counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models.expressions import Col
from django.http import HttpRequest

from kofu.accounts.access import NotFound
from kofu.bookings import residents
from kofu.bookings.models import Booking, Site, Slot
from kofu.bookings.services import seats
from kofu.cards.models import Card

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")


class Unidentified(Exception):
    """No card with this notice number and birth date (the failure is counted)."""


class NoSeat(Exception):
    """The seat could not be taken in one statement: take the long way (the request is counted)."""


_SQL: dict[str, str] = {}
#: The slot's, its site's and the card's fields read with the seat (filled on first use).
_FIELDS: list[list[models.Field[Any, Any]]] = []


def _slot_fields() -> list[models.Field[Any, Any]]:
    return list(Slot._meta.concrete_fields)


def _site_fields() -> list[models.Field[Any, Any]]:
    return list(Site._meta.concrete_fields)


def _card_fields() -> list[models.Field[Any, Any]]:
    """In the model's order, as ``Model.from_db`` takes a subset of the fields."""
    return [f for f in Card._meta.concrete_fields if f.attname in residents.IDENTIFYING_FIELDS]


def _returning() -> str:
    """The slot's columns, its site's and the card's (by notice number) as scalar subqueries."""
    vendor = connection.vendor
    if vendor not in _SQL:
        slot_table, site_table = Slot._meta.db_table, Site._meta.db_table
        slot = [f'"{slot_table}"."{f.column}"' for f in _slot_fields()]
        site = [
            f'(SELECT si."{f.column}" FROM "{site_table}" si WHERE si."id" = "{slot_table}"."site_id")'
            for f in _site_fields()
        ]
        card = [
            f'(SELECT c."{f.column}" FROM "{Card._meta.db_table}" c WHERE c."notice_number" = %(number)s)'
            for f in _card_fields()
        ]
        _SQL[vendor] = ", ".join(slot + site + card)
    return _SQL[vendor]


_Layout = tuple[tuple[str, ...], tuple[tuple[Col, tuple[Callable[..., Any], ...]], ...]]
_LAYOUTS: dict[tuple[str, type[models.Model]], _Layout] = {}


def _layout(model: type[models.Model], fields: Sequence[models.Field[Any, Any]]) -> _Layout:
    """The attribute names and, per column, the backend's and the field's converters (as the ORM
    applies them to a row), worked out once per database and model."""
    key = (connection.vendor, model)
    found = _LAYOUTS.get(key)
    if found is None:
        converters = []
        for field in fields:
            col = Col(model._meta.db_table, field)
            converters.append(
                (col, tuple(connection.ops.get_db_converters(col) + field.get_db_converters(connection)))
            )
        found = _LAYOUTS[key] = (tuple(f.attname for f in fields), tuple(converters))
    return found


def _instance(model: type[M], fields: Sequence[models.Field[Any, Any]], values: Sequence[Any]) -> M:
    names, converters = _layout(model, fields)
    typed = list(values)
    for i, (col, functions) in enumerate(converters):
        for convert in functions:
            typed[i] = convert(typed[i], col, connection)
    return model.from_db("default", names, typed)


def take_and_read(number: str, slot_id: int) -> tuple[Card | None, Slot] | None:
    """Take one web seat of slot ``slot_id`` and read the slot, its site and the card with notice
    number ``number`` in the same statement; None when the seat could not be taken."""
    row = seats.take_reading(slot_id, Booking.Channel.WEB, _returning(), {"number": number})
    if row is None:
        return None
    if not _FIELDS:
        _FIELDS.extend((_slot_fields(), _site_fields(), _card_fields()))
    slot_fields, site_fields, card_fields = _FIELDS
    slot_end = len(slot_fields)
    site_end = slot_end + len(site_fields)
    slot = _instance(Slot, slot_fields, row[:slot_end])
    slot.site = _instance(Site, site_fields, row[slot_end:site_end])
    card_values = row[site_end:]
    card = _instance(Card, card_fields, card_values) if card_values[0] is not None else None
    return card, slot


def book_in_one_turn(
    request: HttpRequest,
    notice_number: str,
    birth_date: dt.date | None,
    slot_id: int,
    book: Callable[[Card, Slot], T],
) -> T:
    """Count the request, take the seat with the slot and the card read, identify, then
    ``book(card, slot)`` — whose seat is taken already — all in one transaction.

    Raises :class:`~kofu.bookings.residents.Throttled`, :class:`Unidentified`, :class:`NoSeat`
    (counted; the caller takes the long way) or whatever ``book`` raised (counted).
    """
    number = residents.normalise_notice_number(notice_number)
    try:
        with transaction.atomic():
            residents.admit(request, number)
            found = take_and_read(number, slot_id) if number else None
            if found is None:
                raise NoSeat()
            card, slot = found
            if not residents.matches(card, birth_date) or card is None:
                raise Unidentified()
            return book(card, slot)
    except Unidentified:
        _count_again(request, number, failed=True)
        raise
    except (residents.Throttled, NoSeat, ValidationError, NotFound, PermissionDenied):
        _count_again(request, number, failed=False)
        raise


def _count_again(request: HttpRequest, number: str, *, failed: bool) -> None:
    """Count a request whose transaction was rolled back (and the number's failure), in one of its own."""
    with transaction.atomic():
        try:
            residents.admit(request, number)
        except residents.Throttled:
            pass
        if failed:
            residents.failed(number)
