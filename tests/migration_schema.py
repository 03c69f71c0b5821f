"""A database's schema as data, and the migrations as they were before the squash (ADR 0033).

Run as a script in a process of its own (the tests of the squashed migrations start it over
databases of their own, named by ``DATABASE_URL``)::

    python tests/migration_schema.py originals [app:migration ...]   # migrate by the originals only
    python tests/migration_schema.py fingerprint   # print the schema and the migrations recorded (JSON)
    python tests/migration_schema.py forget-squashes   # records as if before the squash

``originals`` migrates as kofu did before the squash: every ``0001_squashed_…`` migration left out
of the graph and never recorded, so a database ends as an installation of that time left it.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any


def originals_executor(connection: Any) -> Any:
    """A migration executor over the original migrations only (the squashed ones left out)."""
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.loader import MigrationLoader

    class OriginalsLoader(MigrationLoader):
        def build_graph(self) -> None:
            super().build_graph()
            for key, migration in self.replacements.items():
                self.graph.remove_replacement_node(key, migration.replaces)
            self.replacements = {}  # nothing to record as squashed, as before the squash

    executor = MigrationExecutor(connection)
    executor.loader = OriginalsLoader(connection, replace_migrations=False)
    return executor


def migrate_originals(targets: list[tuple[str, str]] | None = None) -> None:
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection

    executor = originals_executor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    if not targets:  # at the end: content types and permissions, as `migrate` makes them
        emit_post_migrate_signal(0, False, "default")


def applied() -> set[tuple[str, str]]:
    """The migrations the database records as applied."""
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    return set(MigrationRecorder(connection).applied_migrations())


def forget_squashes() -> None:
    """Delete the records of the squashed migrations: the database is then as an installation of the
    originals left it before the squash existed (every original recorded, no squash)."""
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder(connection).migration_qs.filter(name__contains="_squashed_").delete()


def _split_top_level(body: str) -> list[str]:
    """The comma-separated items of a CREATE TABLE body, brackets respected."""
    items, depth, current = [], 0, ""
    for char in body:
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        current += char
    items.append(current.strip())
    return items


def _sqlite(cursor: Any) -> dict[str, Any]:
    cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
    schema: dict[str, Any] = {}
    for kind, name, sql in cursor.fetchall():
        if kind == "table":
            body = sql[sql.index("(") + 1 : sql.rindex(")")]
            schema[f"table {name}"] = sorted(_split_top_level(body))
        else:
            schema[f"{kind} {name}"] = re.sub(r"\s+", " ", sql)
    return schema


def _postgresql(cursor: Any) -> dict[str, Any]:
    queries = {
        "column": "SELECT table_name || '.' || column_name, concat_ws(' ', data_type, "
        "character_maximum_length, numeric_precision, numeric_scale, is_nullable, is_identity, "
        "column_default) FROM information_schema.columns WHERE table_schema = 'public'",
        "constraint": "SELECT conrelid::regclass || '.' || conname, pg_get_constraintdef(oid) "
        "FROM pg_constraint WHERE connamespace = 'public'::regnamespace",
        "index": "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
        "trigger": "SELECT tgrelid::regclass || '.' || tgname, pg_get_triggerdef(oid) FROM pg_trigger "
        "WHERE NOT tgisinternal",
        "function": "SELECT proname, prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace",
    }
    schema: dict[str, Any] = {}
    for kind, query in queries.items():
        cursor.execute(query)
        for name, definition in cursor.fetchall():
            schema[f"{kind} {name}"] = definition
    return schema


def fingerprint() -> dict[str, Any]:
    """Every table, column, constraint, index and trigger (and PostgreSQL function) of the database,
    and the number of rows of each table but the migration records."""
    from django.db import connection

    with connection.cursor() as cursor:
        schema = _sqlite(cursor) if connection.vendor == "sqlite" else _postgresql(cursor)
        for table in connection.introspection.table_names(cursor):
            if table != "django_migrations":
                cursor.execute(f'SELECT count(*) FROM "{table}"')
                schema[f"rows {table}"] = cursor.fetchone()[0]
    return schema


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kofu.settings")
    import django

    django.setup()
    if argv[0] == "originals":
        migrate_originals([tuple(target.split(":")) for target in argv[1:]] or None)  # type: ignore[misc]
    elif argv[0] == "fingerprint":
        recorded = sorted(f"{app}.{name}" for app, name in applied())
        print(json.dumps({"schema": fingerprint(), "applied": recorded}, ensure_ascii=False, sort_keys=True))
    elif argv[0] == "forget-squashes":
        forget_squashes()
    else:
        raise SystemExit(f"unknown command {argv[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
