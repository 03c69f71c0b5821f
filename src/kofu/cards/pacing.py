"""The notice run's proposal of the day's batch size, provided by another app (the bookings app
knows the free seats): cards does not import bookings, so the provider registers itself here
(``PACERS``, the way ``purge.ERASERS`` works)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kofu.registry.models import Municipality

#: Functions (municipality, today) → a proposal object for the notices page, or None.
PACERS: list[Callable[[Municipality, dt.date], Any]] = []


def day_batch(municipality: Municipality, today: dt.date) -> Any:
    for pacer in PACERS:
        proposal = pacer(municipality, today)
        if proposal is not None:
            return proposal
    return None
