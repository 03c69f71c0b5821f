"""A saved snapshot gets a new cache token, so what was cached from its former figures is not reused.

The importer saves the snapshot whenever it adds, replaces or completes its figures (in the
import's transaction), so the token changes with every import or replacement.
"""

from __future__ import annotations

import uuid
from typing import Any

from kofu.stats.models import IssuanceSnapshot


def renew_cache_token(
    sender: type[IssuanceSnapshot], instance: IssuanceSnapshot, created: bool, **_: Any
) -> None:
    if created:
        return  # a new row already has a fresh token
    token = uuid.uuid4()
    IssuanceSnapshot.objects.filter(pk=instance.pk).update(cache_token=token)
    instance.cache_token = token
