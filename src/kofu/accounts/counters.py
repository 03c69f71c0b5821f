"""Rate counters for throttling: one atomic upsert per count, shared by every worker process.

A counter counts within a fixed window: the first count opens the window (``expires`` = now +
``window``), later counts add one, and a count after ``expires`` starts a new window at 1. A
"hold" (a lockout) is a counter whose window is the lockout period. Keys are keyed digests
(HMAC-SHA256 with ``KOFU_HMAC_KEY``, :mod:`kofu.core.keyed`) of what is counted, so no username,
IP address or notice number is stored in clear, nor a bare hash that could be reversed (a My
Number typed into a login or notice-number field has only 10^11 candidates).

One statement (``INSERT … ON CONFLICT … DO UPDATE … RETURNING``, SQLite ≥ 3.35 and PostgreSQL)
in one short write transaction replaces the cache's read-then-write of a counter. The same
statement can return another counter (:func:`bump_and_read`: a client's requests counted and its
notice number's failures read at once) and turn a count that reaches a limit into a lockout
(``hold_at``: the window restarts for the lockout's length, so no separate hold row is written).
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection, transaction
from django.utils import timezone

from kofu.accounts.models import RateCounter
from kofu.core.keyed import keyed_digest

#: About one count in this many also deletes the counters that have expired.
PURGE_EVERY = 1000

_TABLE = RateCounter._meta.db_table
_UPSERT = (
    f'INSERT INTO "{_TABLE}" ("key", "n", "expires") VALUES (%(key)s, 1, %(until)s) '
    f'ON CONFLICT ("key") DO UPDATE SET '
    f'"n" = CASE WHEN "{_TABLE}"."expires" <= %(now)s THEN 1 ELSE "{_TABLE}"."n" + 1 END, '
    # A new window when the old one ended, or (``hold_at``) a lockout when the count reaches it.
    f'"expires" = CASE WHEN "{_TABLE}"."expires" <= %(now)s '
    f'OR (%(hold_at)s > 0 AND "{_TABLE}"."n" + 1 >= %(hold_at)s) '
    f'THEN excluded."expires" ELSE "{_TABLE}"."expires" END '
    f'RETURNING "n"'
)
#: The same count, returning besides the open count of another key (0 when none is open).
_UPSERT_AND_READ = (
    _UPSERT
    + f', (SELECT "o"."n" FROM "{_TABLE}" AS "o" WHERE "o"."key" = %(other)s AND "o"."expires" > %(now)s)'
)


#: Room left in ``RateCounter.key`` after a key for the suffix of its hold (``":lock"``).
HOLD_SUFFIX_ROOM = 6


def key_of(kind: str, value: str) -> str:
    """The stored key for ``value`` counted as ``kind``: a keyed digest, short enough for ``key + ":lock"``."""
    key = f"{kind}:" + keyed_digest("rate-counter:" + kind, value)[:40]
    length = RateCounter._meta.get_field("key").max_length
    assert length is not None  # a CharField's (Django's check fields.E120)
    if len(key) > length - HOLD_SUFFIX_ROOM:
        raise ValueError(f"counter kind too long: {kind!r}")
    return key


_CURRENT = f'SELECT "n" FROM "{_TABLE}" WHERE "key" = %s AND "expires" > %s'


def _db_time(moment: dt.datetime) -> dt.datetime | str | None:
    """A datetime as the database stores it (SQLite: naive UTC text, as the ORM writes it;
    PostgreSQL: the datetime itself, where the stubs say text)."""
    return connection.ops.adapt_datetimefield_value(moment)


def _count(sql: str, key: str, window: int, *, hold_at: int = 0, other: str = "") -> tuple[int, int]:
    now = timezone.now()
    params: dict[str, dt.datetime | str | int | None] = {
        "key": key,
        "until": _db_time(now + dt.timedelta(seconds=window)),
        "now": _db_time(now),
        "hold_at": hold_at,
        "other": other,
    }
    # Its own short transaction, or no savepoint inside the caller's (the booking's one writer turn).
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        if random.randrange(PURGE_EVERY) == 0:
            RateCounter.objects.filter(expires__lte=now).delete()
    return int(row[0]), int(row[1] or 0) if len(row) > 1 else 0


def bump(key: str, window: int, *, hold_at: int = 0) -> int:
    """Count one more within the window of ``window`` seconds; return the count so far.

    ``hold_at``: when the count reaches it, the window starts again for ``window`` seconds, so the
    key stays at or above ``hold_at`` (a lockout, :func:`reached`) for that long after the count
    that reached it.
    """
    return _count(_UPSERT, key, window, hold_at=hold_at)[0]


def bump_and_read(key: str, window: int, other: str) -> tuple[int, int]:
    """Count one more of ``key`` (as :func:`bump`) and read ``other``'s open count, in one statement."""
    return _count(_UPSERT_AND_READ, key, window, other=other)


def reached(key: str, limit: int) -> bool:
    """True while ``key``'s open count is at least ``limit`` (a lockout made with ``hold_at``)."""
    return current(key) >= limit


def current(key: str) -> int:
    """The count in the open window (0 when none is open): one indexed read on every identification."""
    with connection.cursor() as cursor:
        cursor.execute(_CURRENT, [key, _db_time(timezone.now())])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def hold(key: str, seconds: int) -> None:
    """Open (or renew) a hold on ``key`` for ``seconds``: :func:`held` is true until it ends."""
    expires = timezone.now() + dt.timedelta(seconds=seconds)
    RateCounter.objects.update_or_create(key=key, defaults={"n": 1, "expires": expires})


def held(key: str) -> bool:
    return current(key) > 0


def clear(key: str) -> None:
    RateCounter.objects.filter(key=key).delete()
