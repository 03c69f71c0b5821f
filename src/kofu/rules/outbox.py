"""The outbox's policies: when a failed message is tried again, and how an address is shown.

Pure (no Django, no clock): the caller passes the number of attempts made.
"""

from __future__ import annotations

#: The first retry waits this long; each further one twice as long as the one before …
FIRST_RETRY_MINUTES = 5
#: … but never longer than this.
LONGEST_RETRY_MINUTES = 6 * 60


def retry_delay_minutes(attempts: int) -> int:
    """Minutes to wait after the ``attempts``-th failed attempt: 5, 10, 20, 40, … at most 360."""
    if attempts < 1:
        raise ValueError(f"attempts must be at least 1: {attempts}")
    return int(min(LONGEST_RETRY_MINUTES, FIRST_RETRY_MINUTES * 2 ** min(attempts - 1, 16)))


def should_retry(attempts: int, max_attempts: int) -> bool:
    """``kofu outbox send`` tries a failed message again while fewer than ``max_attempts`` were made."""
    return attempts < max_attempts


def mask_address(address: str) -> str:
    """An e-mail address shown without its owner's name: the first character of the local part,
    ``***``, and the domain (``t***@example.jp``); enough to spot a mistyped domain, not to write
    to the resident. An empty address (erased by the purge) stays empty."""
    address = address.strip()
    if not address:
        return ""
    local, at, domain = address.rpartition("@")
    if not at or not local:
        return "***"
    return f"{local[0]}***@{domain}"
