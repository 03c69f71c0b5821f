"""A fair waiting room: above a configured rate, requests get a numbered place instead of an error.

Each request that arrives without a ticket takes the next number (first come, first served);
numbers up to the *frontier* are let in at once. The frontier moves on at ``rate`` numbers per
second and runs at most ``burst`` numbers ahead of the last one issued, so a quiet service lets
everyone straight in and a surge is served in arrival order at the rate the service can bear.
A request whose number is not yet due gets its place, the number of people ahead and an estimated
wait; it comes back with its ticket and is let in once the frontier has reached its number —
never before anyone who came earlier. Taking a number and moving the frontier is one statement
(``INSERT … ON CONFLICT … DO UPDATE … RETURNING``) on one row, shared by every worker.

Tickets are signed (:mod:`django.core.signing`) and bound to what the caller is queueing for
(the booking API binds them to a keyed digest of the notice number), so a ticket cannot be handed
on; they carry no personal data and nothing about the person is stored.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.core import signing
from django.db import connection, transaction

from kofu.accounts.models import WaitingRoom
from kofu.rules.codes import contains_my_number

_TABLE = WaitingRoom._meta.db_table
_T = f'"{_TABLE}"'
_ADVANCED = (
    f'CASE WHEN %(now)s > {_T}."at" THEN {_T}."frontier" + %(rate)s * (%(now)s - {_T}."at") '
    f'ELSE {_T}."frontier" END'
)
_CAP = f'{_T}."issued" + %(burst)s'
_UPSERT = (
    f'INSERT INTO {_T} ("name", "issued", "frontier", "at") VALUES (%(name)s, %(take)s, %(burst)s, %(now)s) '
    f'ON CONFLICT ("name") DO UPDATE SET "issued" = {_T}."issued" + %(take)s, '
    f'"frontier" = CASE WHEN {_ADVANCED} < {_CAP} THEN {_ADVANCED} ELSE {_CAP} END, '
    f'"at" = CASE WHEN %(now)s > {_T}."at" THEN %(now)s ELSE {_T}."at" END '
    'RETURNING "issued", "frontier"'
)

SALT = "kofu.accounts.waiting_room"


@dataclass(frozen=True)
class Place:
    """Where a request stands: its number, whether it may go in, and if not how long to wait."""

    number: int
    admitted: bool
    ahead: int
    wait_ms: int
    ticket: str

    @property
    def wait_seconds(self) -> int:
        """The wait in whole seconds, rounded up (for ``Retry-After``)."""
        return math.ceil(self.wait_ms / 1000)


def _move(name: str, *, take: int, rate: float, burst: int, now: float) -> tuple[int, float]:
    params: dict[str, str | int | float] = {
        "name": name,
        "take": take,
        "rate": float(rate),
        "burst": int(burst),
        "now": float(now),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_UPSERT, params)
        issued, frontier = cursor.fetchone()
    return int(issued), float(frontier)


def _place(number: int, frontier: float, rate: float, ticket: str) -> Place:
    admitted = number <= frontier
    ahead = 0 if admitted else max(0, math.ceil(number - frontier) - 1)  # not yet let in, before this one
    wait_ms = 0 if admitted else math.ceil((number - frontier) / rate * 1000)
    return Place(number=number, admitted=admitted, ahead=ahead, wait_ms=wait_ms, ticket=ticket)


def _sign(name: str, number: int, bound_to: str) -> str:
    """A signed ticket; re-signed (another nonce) in the rare case its text looks like a My Number."""
    for nonce in range(100):
        ticket = signing.dumps({"w": name, "n": number, "b": bound_to, "x": nonce}, salt=SALT, compress=True)
        if not contains_my_number(ticket):
            return ticket
    raise RuntimeError("could not sign a ticket")  # pragma: no cover - 100 unlucky draws


def number_of(ticket: str, *, name: str, bound_to: str, max_age: int) -> int | None:
    """The number a ticket holds, or None if it is forged, too old, or for another room or caller."""
    try:
        data = signing.loads(ticket, salt=SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("w") != name or data.get("b") != bound_to:
        return None
    number = data.get("n")
    return number if isinstance(number, int) and number > 0 else None


def enter(
    name: str,
    *,
    rate: float,
    burst: int,
    bound_to: str,
    ticket: str = "",
    max_age: int = 3600,
    now: float | None = None,
) -> Place:
    """Take a number (or come back with ``ticket``) and say whether the request may go in now.

    A forged or stale ticket, or one for another caller, counts as none: a new number at the back.
    """
    moment = time.time() if now is None else now
    number = number_of(ticket, name=name, bound_to=bound_to, max_age=max_age) if ticket else None
    if number is None:
        number, frontier = _move(name, take=1, rate=rate, burst=burst, now=moment)
        ticket = _sign(name, number, bound_to)
    else:
        _, frontier = _move(name, take=0, rate=rate, burst=burst, now=moment)
    return _place(number, frontier, rate, ticket)
