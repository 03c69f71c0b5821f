"""Residents identify with the notice number and birth date; attempts are rate-limited.

* per client IP: every identification attempt counts (``KOFU_BOOKING_MAX_REQUESTS_PER_IP`` per
  ``KOFU_BOOKING_RATE_WINDOW_SECONDS``; 0 switches the limit off);
* per notice number: failures count (``KOFU_BOOKING_MAX_FAILURES_PER_NUMBER``), then the number is
  locked for ``KOFU_BOOKING_LOCKOUT_SECONDS`` even with the right birth date.

"Unknown number" and "wrong birth date" give the same answer (:data:`NOT_FOUND`); both compare a
birth date so their timing is alike. Counters are :mod:`kofu.accounts.counters` (shared by workers).
"""

from __future__ import annotations

import datetime as dt
import hmac
import unicodedata
from collections.abc import Sequence
from typing import TypeVar

from django.conf import settings
from django.db import connection, models
from django.http import HttpRequest

from kofu.accounts import counters
from kofu.accounts.roles import Resident
from kofu.accounts.throttle import client_ip
from kofu.bookings import notify
from kofu.bookings.models import Booking, Site, Slot
from kofu.cards.access import household_q
from kofu.cards.models import Card
from kofu.rules import cards as card_rules

NOT_FOUND = "交付通知書番号または生年月日が正しくありません。交付通知書をご確認ください。"
FAMILY_NOT_FOUND = (
    "この交付通知書番号と生年月日のご家族は、一緒に予約できません。番号と生年月日、"
    "同じ住所に届いた交付通知書かどうかをご確認ください（予約済みの方は含められません）。"
)
NUMBER_NOT_FOUND = "予約番号または生年月日が正しくありません。予約番号（例: K7QM-3HXP）をご確認ください。"
THROTTLED = "入力の誤りが続いたため、しばらく予約できません。時間をおいてからもう一度お試しください。"
_DUMMY_BIRTH = dt.date(1900, 1, 1)
M = TypeVar("M", bound=models.Model)


class Throttled(Exception):
    pass


def normalise_notice_number(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw or "").strip().upper().replace(" ", "")
    text = text.replace("ー", "-").replace("−", "-")
    if "-" not in text and len(text) == 10:
        text = f"{text[:5]}-{text[5:]}"
    return text[:16]


def _ip_key(request: HttpRequest) -> str:
    return counters.key_of("booking-ip", client_ip(request))


def _number_key(number: str) -> str:
    return counters.key_of("booking-number", number)


def check_ip(request: HttpRequest) -> None:
    """Count one request from this client; raise Throttled above the limit."""
    limit = settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP
    if limit <= 0:
        return
    if counters.bump(_ip_key(request), settings.KOFU_BOOKING_RATE_WINDOW_SECONDS) > limit:
        raise Throttled()


def admit(request: HttpRequest, number: str) -> None:
    """Count the client's request and look at the number's lockout — one statement — or raise Throttled.

    A number is locked while its failures (counted in :func:`failed`) are at the limit.
    """
    ip_limit = settings.KOFU_BOOKING_MAX_REQUESTS_PER_IP
    limit = settings.KOFU_BOOKING_MAX_FAILURES_PER_NUMBER
    number_key = _number_key(number) if number and limit > 0 else ""
    if ip_limit > 0:
        requests, failures = counters.bump_and_read(
            _ip_key(request), settings.KOFU_BOOKING_RATE_WINDOW_SECONDS, number_key
        )
        if requests > ip_limit:
            raise Throttled()
    else:
        failures = counters.current(number_key) if number_key else 0
    if number_key and failures >= limit:
        raise Throttled()


def failed(number: str) -> None:
    """Count a failed identification; the failure that reaches the limit locks the number (same statement)."""
    limit = settings.KOFU_BOOKING_MAX_FAILURES_PER_NUMBER
    if limit > 0 and number:
        counters.bump(_number_key(number), settings.KOFU_BOOKING_LOCKOUT_SECONDS, hold_at=limit)


#: What identification and the booking services read of a card (not its name, address or phone).
IDENTIFYING_FIELDS = ("id", "municipality_id", "state", "channel", "notice_number", "birth_date")


def identify(
    request: HttpRequest, notice_number: str, birth_date: dt.date | None, *, counted: bool = False
) -> Card | None:
    """The card for this notice number and birth date, or None (same answer for both failures).

    Two statements when it succeeds: the count and lockout check, then the card. The card comes
    with :data:`IDENTIFYING_FIELDS` loaded; other fields load when first used. ``counted``: the
    request was counted already (:func:`book_in_one_turn` fell back to this).
    """
    number = normalise_notice_number(notice_number)
    if not counted:
        admit(request, number)
    card = Card.objects.filter(notice_number=number).only(*IDENTIFYING_FIELDS).first() if number else None
    return _checked(number, card, birth_date)


def identify_for_slot(
    request: HttpRequest, notice_number: str, birth_date: dt.date | None, slot_id: int
) -> tuple[Card | None, Slot | None]:
    """:func:`identify`, and the slot ``slot_id`` with its site read in the same statement (the
    booking API's path: one round trip fewer). The slot is None when there is no such slot (the
    booking service then answers as for any slot); access to it is the service's check."""
    number = normalise_notice_number(notice_number)
    admit(request, number)
    row = next(iter(Slot.objects.raw(_slot_and_card_sql(), [number, slot_id])), None) if number else None
    if row is None:  # no such slot: the card alone, as identify() reads it
        card = Card.objects.filter(notice_number=number).only(*IDENTIFYING_FIELDS).first() if number else None
        return _checked(number, card, birth_date), None
    row.site = _from_columns(Site, row, "site__", [f.attname for f in Site._meta.concrete_fields])
    card = (
        _from_columns(Card, row, "card__", IDENTIFYING_FIELDS)
        if getattr(row, "card__id", None) is not None
        else None
    )
    return _checked(number, card, birth_date), row


_SQL: dict[str, str] = {}


def _slot_and_card_sql() -> str:
    """The slot, its site and the card's identifying columns: one statement, written once per
    database (a raw query is not compiled again on every booking, as a queryset would be)."""
    vendor = connection.vendor
    if vendor not in _SQL:
        slot = ", ".join(f's."{f.column}"' for f in Slot._meta.concrete_fields)
        site = ", ".join(f'si."{f.column}" AS "site__{f.attname}"' for f in Site._meta.concrete_fields)
        fields = [Card._meta.get_field(name) for name in IDENTIFYING_FIELDS]
        # get_field of a column name gives a concrete field, never the reverse relation the stubs allow
        card = ", ".join(f'c."{f.column}" AS "card__{f.attname}"' for f in fields)  # type: ignore[union-attr]
        _SQL[vendor] = (
            f"SELECT {slot}, {site}, {card} "
            f'FROM "{Slot._meta.db_table}" s INNER JOIN "{Site._meta.db_table}" si ON si."id" = s."site_id" '
            f'LEFT JOIN "{Card._meta.db_table}" c ON c."notice_number" = %s WHERE s."id" = %s'
        )
    return _SQL[vendor]


def _from_columns(model: type[M], row: object, prefix: str, names: Sequence[str]) -> M:
    """A ``model`` instance (only ``names`` loaded) from a raw row's extra columns, typed as the
    fields (the database gives them untyped: SQLite dates as text, booleans as 0/1)."""
    fields = [f for f in model._meta.concrete_fields if f.attname in names]
    values = [f.to_python(getattr(row, prefix + f.attname)) for f in fields]
    return model.from_db("default", [f.attname for f in fields], values)


def matches(card: Card | None, birth_date: dt.date | None) -> bool:
    """Whether ``card`` has the birth date ``birth_date`` (compared in constant time, a date compared
    even when there is no card, so both failures take alike)."""
    expected = card.birth_date if card is not None and card.birth_date else _DUMMY_BIRTH
    given = birth_date or dt.date.min
    return hmac.compare_digest(expected.isoformat(), given.isoformat()) and card is not None


def _checked(number: str, card: Card | None, birth_date: dt.date | None) -> Card | None:
    """``card`` if its birth date is ``birth_date``, else None and a failure counted."""
    if matches(card, birth_date):
        return card
    failed(number)
    return None


def resident_of(card: Card, *, family: frozenset[int] = frozenset()) -> Resident:
    """The resident who identified with ``card``; ``family``: the household's cards whose notice
    number and birth date they also typed (:func:`family_member`), booked with theirs."""
    return Resident(card_id=card.pk, municipality_id=card.municipality_id, household=family)


def family_member(
    request: HttpRequest, lead: Card, notice_number: str, birth_date: dt.date | None
) -> Card | None:
    """A household member's card, identified by its own notice number and birth date (counted and
    locked like any identification), or None when it is not one of ``lead``'s household that can
    still be booked."""
    card = identify(request, notice_number, birth_date)
    if card is None or card.pk == lead.pk:
        return None
    return (
        card
        if Card.objects.filter(household_q(lead), pk=card.pk, state=card_rules.NOTICE_SENT).exists()
        else None
    )


def find_booking(request: HttpRequest, number: str | None, birth_date: dt.date | None) -> Booking | None:
    """The booking with this booking number whose card has this birth date, or None (the same
    answer for both failures; failures count towards the number's lockout as identifications do)."""
    check_ip(request)
    key = counters.key_of("booking-ref", number or "")
    limit = settings.KOFU_BOOKING_MAX_FAILURES_PER_NUMBER
    if limit > 0 and counters.held(key + ":lock"):
        raise Throttled()
    booking = (
        Booking.objects.select_related("card", "slot__site").filter(number=number).first() if number else None
    )
    expected = booking.card.birth_date if booking is not None and booking.card.birth_date else _DUMMY_BIRTH
    given = birth_date or dt.date.min
    if booking is not None and hmac.compare_digest(expected.isoformat(), given.isoformat()):
        return booking
    if limit > 0 and number and counters.bump(key, settings.KOFU_BOOKING_LOCKOUT_SECONDS) >= limit:
        counters.hold(key + ":lock", settings.KOFU_BOOKING_LOCKOUT_SECONDS)
        counters.clear(key)
    return None


def resident_of_token(token: str) -> tuple[Resident, Booking] | None:
    """The resident holding a booking's signed link, and that booking (None for a bad link); the
    cards of a family booking it leads come with it."""
    booking_id = notify.booking_of_token(token)
    booking = (
        Booking.objects.select_related("slot__site", "card").filter(pk=booking_id).first()
        if booking_id
        else None
    )
    if booking is None:
        return None
    family = frozenset(booking.party.values_list("card_id", flat=True))
    return resident_of(booking.card, family=family), booking
