"""A workflow step's two writes — the object's new state and its history row — in one statement.

:func:`kofu.core.workflow.transition` writes ``UPDATE <object> SET <state> = …, <changes>
WHERE id = … AND <state> = <the state read>`` and the history row
(:class:`kofu.core.history.TransitionRecord`) only if that UPDATE moved the row. On PostgreSQL
both go to the server as one data-modifying CTE::

    WITH moved AS (UPDATE … WHERE "id" = %s AND "state" = %s RETURNING "id")
    INSERT INTO <history> (…) SELECT … FROM moved RETURNING "id"

— no row moved, no history row, nothing returned. SQLite has no data-modifying CTE: there the
statement is an ``INSERT`` into a temporary view whose ``INSTEAD OF`` trigger runs the UPDATE, stops
the statement (``RAISE(ABORT, …)``, nothing written) if it moved no row, and inserts the history
row. The view and its trigger are ``TEMP``: they live on kofu's own connection, made the first time
a connection needs them, so another tool writing the database meets no trigger of kofu's. The SQL
is written once per (model, changed fields) and reused: neither database pays the ORM's query
compilation (ADR 0035).

The history row's fields are validated by the caller (``clean_fields``, the My Number guard among
them) before this runs; the object's changed fields by the service that passes them.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import IntegrityError, OperationalError, connection, models

_SQL: dict[
    tuple[str, type[models.Model], tuple[str, ...], type[models.Model]], tuple[str, str, list[Any]]
] = {}


def plain(values: dict[str, Any]) -> bool:
    """Whether every value is a plain value (no ``F()`` or other expression the ORM must compile)."""
    return not any(hasattr(v, "resolve_expression") for v in values.values())


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):  # a reverse relation has no column
        raise TypeError(f"{model._meta.label}.{name} is not a column")
    return field


def _statements(
    model: type[models.Model], state_field: str, names: tuple[str, ...], history: type[models.Model]
) -> tuple[str, str, list[Any]]:
    key = (connection.vendor, model, names, history)
    found = _SQL.get(key)
    if found is not None:
        return found
    opts = model._meta
    sets = ", ".join(f'"{_field(model, n).column}" = %s' for n in names)
    state = _field(model, state_field).column
    update = f'UPDATE "{opts.db_table}" SET {sets} WHERE "{opts.pk.column}" = %s AND "{state}" = %s'
    fields = [f for f in history._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    if connection.vendor == "postgresql":  # typed: a bare parameter in a SELECT list would be text
        values = ", ".join(f"CAST(%s AS {f.cast_db_type(connection)})" for f in fields)
        update = (
            f"WITH moved AS ({update} RETURNING 1) "
            f'INSERT INTO "{history._meta.db_table}" ({columns}) SELECT {values} FROM moved '
            f'RETURNING "{history._meta.pk.column}"'
        )
        insert = ""
    else:  # SQLite: the two statements in a TEMP trigger, run by one INSERT into its TEMP view
        view = (
            f"kofu_move_{opts.db_table}_{history._meta.db_table}_"
            + hashlib.sha256("|".join(names).encode()).hexdigest()[:12]
        )
        outer = [f'"u{i}"' for i in range(len(names))] + ['"pk"', '"before"']
        inner = [f'"h{i}"' for i in range(len(fields))]
        trigger_update = update
        for name in outer:
            trigger_update = trigger_update.replace("%s", f"NEW.{name}", 1)
        insert = (
            f'CREATE TEMP VIEW IF NOT EXISTS "{view}" AS SELECT '
            + ", ".join(f"NULL AS {c}" for c in outer + inner)
            + f'\x00CREATE TEMP TRIGGER IF NOT EXISTS "{view}_move" INSTEAD OF INSERT ON "{view}" BEGIN '
            f"{trigger_update}; "
            f"SELECT RAISE(ABORT, '{MOVED}') WHERE changes() = 0; "
            f'INSERT INTO "{history._meta.db_table}" ({columns}) VALUES ('
            + ", ".join(f"NEW.{c}" for c in inner)
            + "); END"
        )
        update = f'INSERT INTO "{view}" ({", ".join(outer + inner)}) VALUES ({", ".join("%s" for _ in outer + inner)})'
    _SQL[key] = (update, insert, fields)
    return _SQL[key]


#: The message of the SQLite trigger's RAISE when the row had left the state read.
MOVED = "kofu: the row left the state it was read in"


def _db(field: models.Field[Any, Any], value: Any) -> Any:
    if isinstance(value, models.Model):  # a foreign key given as the object
        value = value.pk
    return field.get_db_prep_save(value, connection)


def move_and_record(
    obj: models.Model, *, state_field: str, before: str, updates: dict[str, Any], record: models.Model
) -> bool:
    """Write ``updates`` (plain values, the new state among them) to ``obj``'s row if it is still in
    state ``before``, and then ``record``; False (nothing written) when the row had left ``before``.
    """
    model = type(obj)
    names = tuple(updates)
    update, insert, fields = _statements(model, state_field, names, type(record))
    params = [_db(_field(model, n), updates[n]) for n in names]
    params += [obj.pk, before]
    row_values = [f.get_db_prep_save(getattr(record, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        if not insert:  # PostgreSQL: one statement
            cursor.execute(update, [*params, *row_values])
            row = cursor.fetchone()
            if row is None:
                return False
            record.pk = row[0]
        else:  # SQLite: one INSERT into the TEMP view (made on first use on this connection)
            try:
                _run_on_view(cursor, update, insert, [*params, *row_values])
            except IntegrityError as exc:
                if MOVED not in str(exc):
                    raise
                return False
    record._state.adding = False
    record._state.db = "default"
    return True


def _run_on_view(cursor: Any, statement: str, create: str, params: list[Any]) -> None:
    try:
        cursor.execute(statement, params)
    except OperationalError as exc:
        if "no such table" not in str(exc):
            raise
        for ddl in create.split("\x00"):  # the view, then its trigger
            cursor.execute(ddl)
        cursor.execute(statement, params)


def drop_temp_views(cursor: Any) -> None:
    """Drop this SQLite connection's TEMP views (and with them their triggers) before a schema change.

    SQLite checks a connection's TEMP triggers when a table they name is renamed or dropped, and
    Django's SQLite schema editor rebuilds tables that way: a trigger naming the old table would make
    the change fail. The views come back on the next workflow step that needs them (made on first use)."""
    cursor.execute(
        "SELECT name FROM sqlite_temp_master WHERE type = 'view' AND name LIKE 'kofu\\_move\\_%' ESCAPE '\\'"
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f'DROP VIEW IF EXISTS temp."{name}"')
