"""The registry's version: renewed by every write, read by what keeps something computed from it.

``registry_changed()`` gives :class:`~kofu.registry.models.RegistryVersion` a new random token.
Saves and deletes of a prefecture, municipality or category call it by signal (connected in
``RegistryConfig.ready``; a queryset ``delete()`` sends them per row); bulk writes (``bulk_create``,
``bulk_update``, queryset ``update()``), which send none, call it themselves — the registry's
reference load and master import, and the statistics importer when it registers a municipality.
A random token rather than a counter: a rolled-back change takes its token with it, and a later
change can never bring back a token something was cached under.
"""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from kofu.registry.models import RegistryVersion

_ROW = 1


def registry_changed() -> None:
    """Renew the registry's token (in the caller's transaction)."""
    token = uuid.uuid4()
    if not RegistryVersion.objects.filter(pk=_ROW).update(token=token):
        RegistryVersion.objects.create(pk=_ROW, token=token)


def registry_token() -> UUID | None:
    """The registry's current token; None when there is none yet (then nothing may be reused)."""
    return RegistryVersion.objects.filter(pk=_ROW).values_list("token", flat=True).first()


def on_registry_write(**_: Any) -> None:
    """``post_save`` / ``post_delete`` receiver for the registry's models."""
    registry_changed()
