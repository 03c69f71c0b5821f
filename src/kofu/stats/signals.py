"""A saved snapshot gets a new cache token, so what was cached from its former figures is not reused.

The importer saves the snapshot whenever it adds, replaces or completes its figures (in the
import's transaction), so the token changes with every import or replacement.
"""

from __future__ import annotations

import uuid
from typing import Any

from kofu.stats.models import IssuanceSnapshot


def renew_cache_token(
    sender: type[IssuanceSnapshot],
    instance: IssuanceSnapshot,
    created: bool,
    update_fields: frozenset[str] | None = None,
    **_: Any,
) -> None:
    if created:
        return  # a new row already has a fresh token
    if update_fields is not None and "cache_token" in update_fields:
        return  # the save wrote a new token itself (:func:`save_renewed`): no second UPDATE
    token = uuid.uuid4()
    IssuanceSnapshot.objects.filter(pk=instance.pk).update(cache_token=token)
    instance.cache_token = token


def save_renewed(snapshot: IssuanceSnapshot, fields: list[str]) -> None:
    """Save ``fields`` of the snapshot and a new cache token in one UPDATE (the importer's saves)."""
    snapshot.cache_token = uuid.uuid4()
    snapshot.save(update_fields=[*fields, "cache_token"])
