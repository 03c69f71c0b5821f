"""Idempotent submits and the retry when SQLite stayed locked: the API's two write-side helpers.

``Idempotency-Key``: a retry with the same key and body gets the same status and body; the key and
the body are kept only as keyed digests (:mod:`kofu.core.keyed`). :func:`once` claims the key in the
transaction that runs the request's own writes, so a crash leaves neither the booking nor the claim.

:func:`when_locked` runs a write again when the database stayed locked past its timeout (SQLite
under a surge: nothing was written), a few times with a short pause, then gives up (:class:`Busy`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db import IntegrityError, OperationalError, transaction

from kofu.bookings.models import IdempotencyRecord
from kofu.core.keyed import keyed_digest

T = TypeVar("T")

#: How often a write is tried when the database stayed locked past its timeout (SQLite under load).
LOCK_RETRIES = 3


class Busy(Exception):
    """The database stayed locked through every retry."""


class InProgress(Exception):
    """Another request with the same key is being answered now."""


class Mismatch(Exception):
    """The key was used before with another body."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


def when_locked(run: Callable[[], T], *, retries: int = LOCK_RETRIES) -> T:
    """``run()``, again after 50 ms, 100 ms … while it raises ``OperationalError`` ("database is
    locked": the transaction was rolled back, nothing was written); :class:`Busy` after ``retries``."""
    for attempt in range(retries):
        try:
            return run()
        except OperationalError:
            if attempt == retries - 1:
                break
            time.sleep(0.05 * (attempt + 1))
    raise Busy()


def once(*, key: str, body: str, run: Callable[[], Answer]) -> Answer:
    """Answer the request with ``key`` once: the first time ``run()`` (its writes and the key's
    row in one transaction), later the stored answer. Raises :class:`InProgress` while the first
    is still running elsewhere and :class:`Mismatch` when the body differs."""
    digest = keyed_digest("idempotency-key", key)
    fingerprint = keyed_digest("idempotency-body", body)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    key=digest, fingerprint=fingerprint, status=0, body=""
                )
        except IntegrityError:
            record = None
        if record is not None:
            answer = run()
            record.status, record.body = answer.status, answer.body
            record.save(update_fields=["status", "body"])
            return answer
    done = IdempotencyRecord.objects.filter(key=digest).first()
    if done is None or done.status == 0:
        raise InProgress()
    if done.fingerprint != fingerprint:
        raise Mismatch()
    return Answer(done.status, done.body)
