"""Keyed digests of typed values: HMAC-SHA256 with ``KOFU_HMAC_KEY``, never a bare hash.

Whatever kofu must find again by a value a person typed (a rate counter per username, client
address or notice number; an ``Idempotency-Key``) is stored as this digest. A bare SHA-256 of a
typed My Number could be reversed by trying the 10^11 valid numbers; without the key, which is kept
outside the database (the environment, or a file in the data directory in development), the digest
tells nothing. Changing the key only restarts the counters and forgets the stored idempotency keys.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def keyed_digest(purpose: str, value: str) -> str:
    """HMAC-SHA256 (hex) of ``value`` for ``purpose`` (the purpose separates the uses of one key)."""
    message = purpose.encode("utf-8") + b"\x00" + value.encode("utf-8")
    return hmac.new(str(settings.KOFU_HMAC_KEY).encode("utf-8"), message, hashlib.sha256).hexdigest()
