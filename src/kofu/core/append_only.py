"""The database triggers that keep kofu's two logs append-only and track each chain's head.

The audit log (``accounts_auditevent``) and the resident-record access log
(``cards_residentaccess``) get, on SQLite and PostgreSQL alike:

- ``<table>_no_update`` and ``<table>_no_delete``: refuse UPDATE and DELETE of any row (and, on
  PostgreSQL, ``<table>_no_truncate``: refuse TRUNCATE, except in a test database ``test_…``,
  which Django's test runner empties with TRUNCATE);
- ``<table>_head``: after every INSERT, write the newest row's sequence number and hash into
  ``kofu_log_head`` (one row per chain), so that rows deleted at the end of the table behind
  kofu's back (triggers dropped first) leave a head that no longer matches the table (on
  PostgreSQL at commit for the audit log, per statement for the access log: :func:`_pg_head`).

Pure SQL and names only (no models): the SQLite backend's flush, the migrations, ``kofu restore``
and ``kofu audit verify`` all read their definitions here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The table holding each chain's head (model ``accounts.LogHead``).
HEAD_TABLE = "kofu_log_head"


@dataclass(frozen=True)
class Log:
    table: str
    chain: str
    label: str
    #: The PostgreSQL function raising the refusal (one per log, for its message).
    refuse_function: str
    #: PostgreSQL: keep the head once per INSERT statement (a transition table) rather than per
    #: row — for a log written in bulk; a row trigger is cheaper for one row at a time.
    bulk: bool


LOGS = (
    Log("accounts_auditevent", "audit", "監査ログ", "kofu_audit_append_only", bulk=False),
    Log("cards_residentaccess", "access", "アクセス記録", "kofu_access_log_append_only", bulk=True),
)
PG_BULK_HEAD_FUNCTION = "kofu_log_head_bulk"
PG_TRUNCATE_FUNCTION = "kofu_log_no_truncate"

_PG_REFUSE_BODY = """
BEGIN
  RAISE EXCEPTION '{label}は追記のみです（%）', TG_OP;
END;
"""
_PG_HEAD_BODY = """
BEGIN
  IF NEW.seq = (SELECT max(seq) FROM {table}) THEN
    UPDATE {head} SET seq = NEW.seq, hash = NEW.hash WHERE chain = TG_ARGV[0] AND seq < NEW.seq;
    IF NOT FOUND THEN
      INSERT INTO {head} (chain, seq, hash) VALUES (TG_ARGV[0], NEW.seq, NEW.hash)
      ON CONFLICT (chain) DO NOTHING;
    END IF;
  END IF;
  RETURN NULL;
END;
"""
_PG_BULK_HEAD_BODY = f"""
BEGIN
  INSERT INTO {HEAD_TABLE} (chain, seq, hash)
  SELECT TG_ARGV[0], seq, hash FROM new_rows ORDER BY seq DESC LIMIT 1
  ON CONFLICT (chain) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash
  WHERE {HEAD_TABLE}.seq < EXCLUDED.seq;
  RETURN NULL;
END;
"""


def _pg_head(log: Log) -> tuple[str, str]:
    """(function, source) keeping the log's head on PostgreSQL.

    A log written a row at a time (the audit log: one event per booking, but thousands in one
    transaction when a notice batch moves its cards) has a deferred constraint trigger: it runs at
    commit, once per row, and only the row that is the log's last updates the head — one UPDATE per
    transaction (updating one row again and again in one transaction costs more each time). A log
    written in bulk updates it once per INSERT statement from the statement's new rows.
    """
    if log.bulk:
        return PG_BULK_HEAD_FUNCTION, _PG_BULK_HEAD_BODY
    return f"kofu_{log.chain}_head", _PG_HEAD_BODY.format(table=log.table, head=HEAD_TABLE)


_PG_TRUNCATE_BODY = """
BEGIN
  IF current_database() NOT LIKE 'test\\_%' THEN
    RAISE EXCEPTION '%は追記のみです（TRUNCATE）', TG_ARGV[0];
  END IF;
  RETURN NULL;
END;
"""


def trigger_names(log: Log) -> tuple[str, str, str]:
    """The triggers of a log on both databases (PostgreSQL adds :func:`truncate_trigger`)."""
    return (f"{log.table}_no_update", f"{log.table}_no_delete", f"{log.table}_head")


def truncate_trigger(log: Log) -> str:
    return f"{log.table}_no_truncate"


def all_trigger_names(log: Log, vendor: str) -> list[str]:
    return [*trigger_names(log), *([truncate_trigger(log)] if vendor == "postgresql" else [])]


def _sqlite_refuse(log: Log, operation: str) -> str:
    name = f"{log.table}_no_{operation.lower()}"
    return (
        f"CREATE TRIGGER {name} BEFORE {operation} ON {log.table}\n"
        f"BEGIN SELECT RAISE(ABORT, '{log.label}は追記のみです（{operation}）'); END"
    )


def _sqlite_head(log: Log) -> str:
    return (
        f"CREATE TRIGGER {log.table}_head AFTER INSERT ON {log.table}\n"
        f"BEGIN INSERT INTO {HEAD_TABLE} (chain, seq, hash) VALUES ('{log.chain}', NEW.seq, NEW.hash)\n"
        f"  ON CONFLICT (chain) DO UPDATE SET seq = excluded.seq, hash = excluded.hash\n"
        f"  WHERE {HEAD_TABLE}.seq < excluded.seq; END"
    )


def sqlite_definitions(log: Log) -> dict[str, str]:
    """Trigger name → its ``CREATE TRIGGER`` statement (SQLite keeps this text in sqlite_master)."""
    update, delete, head = trigger_names(log)
    return {
        update: _sqlite_refuse(log, "UPDATE"),
        delete: _sqlite_refuse(log, "DELETE"),
        head: _sqlite_head(log),
    }


def _pg_statements(log: Log) -> list[str]:
    update, delete, head = trigger_names(log)
    body = _PG_REFUSE_BODY.format(label=log.label)
    head_function, head_body = _pg_head(log)
    head_trigger = (
        f"CREATE TRIGGER {head} AFTER INSERT ON {log.table} REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {head_function}('{log.chain}')"
        if log.bulk
        else f"CREATE CONSTRAINT TRIGGER {head} AFTER INSERT ON {log.table} DEFERRABLE INITIALLY DEFERRED "
        f"FOR EACH ROW EXECUTE FUNCTION {head_function}('{log.chain}')"
    )
    return [
        f"CREATE OR REPLACE FUNCTION {log.refuse_function}() RETURNS trigger AS $kofu${body}$kofu$ LANGUAGE plpgsql",
        f"CREATE OR REPLACE FUNCTION {head_function}() RETURNS trigger AS $kofu${head_body}$kofu$ LANGUAGE plpgsql",
        f"CREATE OR REPLACE FUNCTION {PG_TRUNCATE_FUNCTION}() RETURNS trigger AS $kofu${_PG_TRUNCATE_BODY}$kofu$ "
        "LANGUAGE plpgsql",
        *(f"DROP TRIGGER IF EXISTS {name} ON {log.table}" for name in all_trigger_names(log, "postgresql")),
        f"CREATE TRIGGER {update} BEFORE UPDATE ON {log.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {log.refuse_function}()",
        f"CREATE TRIGGER {delete} BEFORE DELETE ON {log.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {log.refuse_function}()",
        head_trigger,
        f"CREATE TRIGGER {truncate_trigger(log)} BEFORE TRUNCATE ON {log.table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_TRUNCATE_FUNCTION}('{log.label}')",
    ]


def _expected_pg_functions(log: Log) -> dict[str, tuple[str, str]]:
    """Trigger name → (function name, function source) on PostgreSQL."""
    update, delete, head = trigger_names(log)
    refuse = (log.refuse_function, _PG_REFUSE_BODY.format(label=log.label))
    return {
        update: refuse,
        delete: refuse,
        head: _pg_head(log),
        truncate_trigger(log): (PG_TRUNCATE_FUNCTION, _PG_TRUNCATE_BODY),
    }


def _logs(tables: list[str] | None) -> list[Log]:
    return [log for log in LOGS if tables is None or log.table in tables]


def install(connection: Any, tables: list[str] | None = None) -> None:
    """(Re)create every trigger of the logs (all, or those of ``tables``): drop, then create.

    Idempotent; run in the caller's transaction (DDL is transactional on both databases).
    """
    with connection.cursor() as cursor:
        for log in _logs(tables):
            if connection.vendor == "postgresql":
                for statement in _pg_statements(log):
                    cursor.execute(statement)
            else:
                for name, create in sqlite_definitions(log).items():
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    cursor.execute(create)


def uninstall(connection: Any, tables: list[str] | None = None) -> None:
    """Drop the triggers (for a migration's way back)."""
    with connection.cursor() as cursor:
        for log in _logs(tables):
            for name in all_trigger_names(log, connection.vendor):
                if connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {log.table}")
                else:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


@dataclass(frozen=True)
class TriggerProblem:
    label: str
    text: str


def problems(connection: Any) -> list[TriggerProblem]:
    """Each trigger that is missing, disabled or not kofu's definition."""
    found: list[TriggerProblem] = []
    with connection.cursor() as cursor:
        for log in LOGS:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT t.tgname, t.tgenabled, p.proname, p.prosrc FROM pg_trigger t "
                    "JOIN pg_proc p ON p.oid = t.tgfoid "
                    "WHERE t.tgrelid = to_regclass(%s) AND NOT t.tgisinternal",
                    [log.table],
                )
                actual = {name: (enabled, function, source) for name, enabled, function, source in cursor}
                found += _pg_problems(log, actual)
            else:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                    [log.table],
                )
                actual_sql = dict(cursor.fetchall())
                for name, create in sqlite_definitions(log).items():
                    if name not in actual_sql:
                        found.append(
                            TriggerProblem(log.label, f"トリガー {name} がありません（削除されています）")
                        )
                    elif actual_sql[name] != create:
                        found.append(
                            TriggerProblem(log.label, f"トリガー {name} の定義が kofu のものと違います")
                        )
    return found


def _pg_problems(log: Log, actual: dict[str, tuple[str, str, str]]) -> list[TriggerProblem]:
    found = []
    for name, (function, source) in _expected_pg_functions(log).items():
        if name not in actual:
            found.append(TriggerProblem(log.label, f"トリガー {name} がありません（削除されています）"))
            continue
        enabled, actual_function, actual_source = actual[name]
        if enabled == "D":
            found.append(TriggerProblem(log.label, f"トリガー {name} が無効にされています"))
        if actual_function != function or actual_source != source:
            found.append(TriggerProblem(log.label, f"トリガー {name} の定義が kofu のものと違います"))
    return found


def flush_guard(connection: Any) -> tuple[list[str], list[str]]:
    """SQLite flush: (statements before, after) the DELETEs — the DELETE triggers lifted and restored.

    ``kofu flush`` and the test suite's flush empty every table; only the triggers present are
    restored, so a flush of an older schema (a migration test) stays as it was.
    """
    before: list[str] = []
    after: list[str] = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        present = dict(cursor.fetchall())
    for log in LOGS:
        name = trigger_names(log)[1]
        if name in present:
            before.append(f"DROP TRIGGER {name};")
            after.append(f"{present[name]};")
    return before, after
