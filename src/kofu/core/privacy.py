"""Small-cell suppression with the configured k (``KOFU_SUPPRESSION_K``) for Django code.

Apply to every count shown to ministry staff at resident level (municipality × day × attribute);
compute totals from the raw counts. The pure rule is :mod:`kofu.rules.privacy`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from django.conf import settings

from kofu.rules.privacy import suppress, suppress_cells

Key = TypeVar("Key")


def suppression_k() -> int:
    return int(getattr(settings, "KOFU_SUPPRESSION_K", 10))


def suppress_count(count: int) -> int | str:
    """``count``, or ``"<k"`` when it is below the configured k."""
    return suppress(count, suppression_k())


def suppress_counts(counts: Mapping[Key, int]) -> dict[Key, int | str]:
    return suppress_cells(counts, suppression_k())
