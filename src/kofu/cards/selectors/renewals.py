"""Renewal reminders (更新案内): cards and electronic certificates expiring in a period.

Reads only (a selector). Expiry comes from the pure rules (:mod:`kofu.rules.validity`) with the
card's birth date, application date and issue date. kofu does not know the day J-LIS made the
card, so the issue date is the day the card arrived from J-LIS (``delivered_on``), or the hand-over
day for cards imported without one; the expiry printed on the card is what counts, the list says
which date it used (``issued_on``).

Only cards in residents' hands (交付済み, 郵送済み) whose personal data is still kept are listed:
after the retention period (``kofu cards purge``) there is no name or address to send a reminder to.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, TypedDict

from django.db.models import DateField, QuerySet
from django.db.models.functions import Coalesce

from kofu.cards.models import Card
from kofu.core import spreadsheet
from kofu.registry.models import Municipality
from kofu.rules import cards as rules
from kofu.rules.validity import CERTIFICATE_YEARS, ExpiryItem, expiring_between

if TYPE_CHECKING:  # django-stubs-ext comes with the test extras only
    from django_stubs_ext import WithAnnotations

KINDS: dict[str, str] = {"card": "カード", "certificate": "電子証明書"}
HELD_STATES = (rules.HANDED_OVER, rules.MAILED)
#: The longest period one list may cover.
MAX_DAYS = 731

CSV_COLUMNS = [
    "kind",
    "expires_on",
    "application_id",
    "name",
    "name_kana",
    "address",
    "phone",
    "issued_on",
]


class PeriodError(ValueError):
    """A period the list cannot cover (the message is Japanese, for the user)."""


def check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise PeriodError("期間の終わりは始まり以降の日にしてください")
    if (end - start).days >= MAX_DAYS:
        raise PeriodError(f"一度に出せる期間は{MAX_DAYS}日（約2年）までです")


class Issued(TypedDict):
    """The annotation :func:`held_cards` adds: the day the card was issued."""

    issued: dt.date


def held_cards(municipality: Municipality) -> QuerySet[WithAnnotations[Card, Issued]]:
    """Cards residents hold whose personal data is kept, with their issue date as ``issued``."""
    return (
        Card.objects.filter(
            municipality=municipality, state__in=HELD_STATES, deletion__isnull=True, birth_date__isnull=False
        )
        .annotate(issued=Coalesce("delivered_on", "handed_over_on", output_field=DateField()))
        .filter(issued__isnull=False)
    )


def _issued_window(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """Issue dates whose card (5–10 years + up to a year) or certificate (4–5 years) may expire in
    [start, end]: a superset, the rules decide."""
    earliest = dt.date(max(start.year - 11, dt.MINYEAR), 1, 1)
    latest = dt.date(max(end.year - CERTIFICATE_YEARS + 1, dt.MINYEAR), 12, 31)
    return earliest, min(latest, end)


@dataclass(frozen=True)
class Renewal:
    card: Card
    kind: str
    expires_on: dt.date
    issued_on: dt.date

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


def renewals(
    municipality: Municipality, start: dt.date, end: dt.date, kind: str | None = None
) -> list[Renewal]:
    """Cards and/or certificates expiring in [start, end], earliest first."""
    check_period(start, end)
    if kind is not None and kind not in KINDS:
        raise PeriodError(f"種類は {', '.join(KINDS)} のどれかです")
    low, high = _issued_window(start, end)
    cards = {card.pk: card for card in held_cards(municipality).filter(issued__gte=low, issued__lte=high)}
    holders = (
        (pk, card.birth_date, card.received_on, card.issued)
        for pk, card in cards.items()
        if card.birth_date is not None and card.birth_date <= card.received_on <= card.issued
    )
    items: list[ExpiryItem] = expiring_between(holders, start, end)
    return [
        Renewal(cards[int(str(item.key))], item.kind, item.expiry, cards[int(str(item.key))].issued)
        for item in items
        if kind is None or item.kind == kind
    ]


@dataclass(frozen=True)
class MonthCount:
    month: dt.date
    card: int
    certificate: int

    @property
    def total(self) -> int:
        return self.card + self.certificate


def per_month(items: list[Renewal], start: dt.date, end: dt.date) -> list[MonthCount]:
    """Counts per calendar month of the period (months without any expiry included)."""
    counts = Counter((item.expires_on.replace(day=1), item.kind) for item in items)
    months: list[MonthCount] = []
    month = start.replace(day=1)
    while month <= end:
        months.append(MonthCount(month, counts[(month, "card")], counts[(month, "certificate")]))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def purged_held(municipality: Municipality) -> int:
    """Cards handed over whose personal data was purged (they cannot be listed)."""
    return Card.objects.filter(
        municipality=municipality, state__in=HELD_STATES, deletion__isnull=False
    ).count()


def write_csv(items: list[Renewal], stream: IO[str], lineterminator: str = "\n") -> None:
    """The renewal list as CSV (columns in docs/data-formats.md)."""
    writer = spreadsheet.csv_writer(stream, lineterminator=lineterminator)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        card = item.card
        writer.writerow(
            [
                item.kind,
                item.expires_on.isoformat(),
                card.application_id,
                card.name,
                card.name_kana,
                card.address,
                card.phone,
                item.issued_on.isoformat(),
            ]
        )
