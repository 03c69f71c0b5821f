"""Notices paced to capacity: how many 交付通知書 to send today so that bookings fill the free
seats of the coming weeks without a rush.

Pure functions (no Django, no clock). The observed response rate is the share of the cards of
earlier, settled batches (sent long enough ago) that booked. Batches still answering are expected
to bring ``rate × size − booked so far`` more bookings. The notices needed are the free seats not
already spoken for, divided by the rate; sent over ``spread_days`` sending days, never more than
the cards ready.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Batch:
    size: int
    booked: int


@dataclass(frozen=True)
class Proposal:
    free_seats: int
    rate: Fraction
    expected_from_sent: int
    needed: int
    today: int


def response_rate(settled: Iterable[Batch]) -> Fraction | None:
    """Booked cards over cards sent, over the settled batches (None without any)."""
    batches = [b for b in settled if b.size > 0]
    sent = sum(b.size for b in batches)
    return Fraction(sum(min(b.booked, b.size) for b in batches), sent) if sent else None


def expected_more(answering: Iterable[Batch], rate: Fraction) -> int:
    """Bookings still to come from batches sent recently (rounded up, never negative)."""
    return sum(max(0, math.ceil(rate * b.size - b.booked)) for b in answering)


def propose(
    *, free_seats: int, rate: Fraction, answering: Iterable[Batch], ready: int, spread_days: int
) -> Proposal:
    if rate <= 0:
        raise ValueError("反応率が0です")
    if spread_days < 1:
        raise ValueError("発送日数は1以上にしてください")
    coming = expected_more(answering, rate)
    needed = max(0, math.ceil((free_seats - coming) / rate))
    today = min(ready, math.ceil(needed / spread_days))
    return Proposal(free_seats=free_seats, rate=rate, expected_from_sent=coming, needed=needed, today=today)
