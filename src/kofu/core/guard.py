"""The My Number guard on every save: text fields carrying ``no_my_number`` are checked by the model.

Forms, the JSON API and importers check what is typed, with messages naming the field; this is the
last line behind them. Connected to ``pre_save`` for every model (``CoreConfig.ready``), it runs the
guard over the model's fields that carry the :func:`~kofu.core.validators.no_my_number` validator
(``tests/security/test_no_my_number_anywhere.py`` fails on a kofu text field without it), plus the
name and e-mail fields of Django's ``auth.User`` (:data:`GUARDED_ELSEWHERE`), on every
``save()`` — so a service that does not call ``full_clean()`` cannot store a My Number either.
Bulk writes (``bulk_create``, ``QuerySet.update``, the card import's ``COPY``) do not send
signals; their inputs are checked where they are read.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from kofu.core.validators import MY_NUMBER_REFUSED, no_my_number
from kofu.rules.codes import contains_my_number

#: Text fields of models kofu does not define, guarded on save all the same (label → fields).
GUARDED_ELSEWHERE: dict[str, tuple[str, ...]] = {
    "auth.User": ("username", "first_name", "last_name", "email"),
}


@cache
def guarded_fields(model: type[models.Model]) -> tuple[tuple[str, str], ...]:
    """(field name, attribute name) of each guarded text field of ``model``."""
    extra = GUARDED_ELSEWHERE.get(model._meta.label, ())
    return tuple(
        (field.name, field.attname)
        for field in model._meta.concrete_fields
        if field.name in extra or no_my_number in field.validators
    )


def refuse_my_number_on_save(
    sender: type[models.Model], instance: models.Model, update_fields: Any = None, **kwargs: Any
) -> None:
    """``pre_save`` receiver: raise ValidationError naming the first field holding a My Number."""
    for name, attname in guarded_fields(sender):
        if update_fields is not None and name not in update_fields:
            continue
        value = getattr(instance, attname, None)
        if isinstance(value, str) and contains_my_number(value):
            raise ValidationError({name: [MY_NUMBER_REFUSED]}, code="my_number")
