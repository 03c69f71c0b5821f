"""An INSERT of one model instance, written once per model and database (a hot path's insert).

``Model.save(force_insert=True)`` compiles the same ``INSERT … RETURNING "id"`` on every call; on
the booking API's path (ADR 0035) that compilation cost more than the statement. :func:`insert`
runs the My Number guard on the instance (:mod:`kofu.core.guard`, as ``pre_save`` would), each
field's ``pre_save`` (defaults, ``auto_now_add``) and ``get_db_prep_save``, then the statement
written once. A model with other ``pre_save``/``post_save`` receivers must not use it: they are
not sent (:func:`insert` refuses such a model).
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models
from django.db.models.signals import post_save, pre_save

from kofu.core.guard import refuse_my_number_on_save

_SQL: dict[tuple[str, type[models.Model]], tuple[str, list[models.Field[Any, Any]]]] = {}


def _statement(model: type[models.Model]) -> tuple[str, list[models.Field[Any, Any]]]:
    key = (connection.vendor, model)
    found = _SQL.get(key)
    if found is None:
        opts = model._meta
        receivers = pre_save._live_receivers(model)  # Django 5: (sync, async) receivers
        sync = receivers[0] if isinstance(receivers, tuple) else receivers
        if post_save.has_listeners(model) or any(r is not refuse_my_number_on_save for r in sync):
            raise ValueError(f"{opts.label} has save receivers besides the guard: use save()")
        fields = [f for f in opts.concrete_fields if not f.primary_key]
        columns = ", ".join(f'"{f.column}"' for f in fields)
        values = ", ".join("%s" for _ in fields)
        sql = f'INSERT INTO "{opts.db_table}" ({columns}) VALUES ({values}) RETURNING "{opts.pk.column}"'
        found = _SQL[key] = (sql, fields)
    return found


def insert(instance: models.Model) -> None:
    """Insert ``instance`` (unsaved, no primary key) and set its primary key."""
    model = type(instance)
    sql, fields = _statement(model)
    refuse_my_number_on_save(model, instance)
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        instance.pk = cursor.fetchone()[0]
    instance._state.adding = False
    instance._state.db = "default"
