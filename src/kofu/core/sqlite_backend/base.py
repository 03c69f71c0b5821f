"""SQLite for kofu: write transactions queue on an OS file lock, then ``BEGIN IMMEDIATE``.

SQLite makes a writer that finds the database locked sleep and retry (its busy handler waits
1, 2, 5, 10 … up to 100 ms between tries), so under concurrent bookings most of the wait is
sleeping after the lock was already free. Here every transaction kofu opens first takes an
exclusive ``flock`` on ``<database>-writers.lock``: the next writer gets the lock within about a
millisecond of the previous commit, and a killed process releases it with its file descriptor.
SQLite's own locking is unchanged underneath (``BEGIN IMMEDIATE``, WAL, busy timeout), so any
other writer — the ``sqlite3`` shell, a statement outside ``atomic()`` — is still safe.
In-memory databases (the test suite's default) have no file to lock and skip the queue.
"""

from __future__ import annotations

import fcntl
import os
import time
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base, operations, schema

from kofu.core import append_only, moving

#: Longest pause between two tries for the writers' lock (seconds).
_MAX_PAUSE = 0.002


def writers_lock_path(database: str) -> str | None:
    """The lock file beside a database file, or None for an in-memory database."""
    name = str(database)
    if not name or name == ":memory:" or "mode=memory" in name:
        return None
    return name.removeprefix("file:").split("?", 1)[0] + "-writers.lock"


def is_test_database(name: str) -> bool:
    """An in-memory database or a file named ``test_…`` (what Django's test runner creates)."""
    return name == ":memory:" or "mode=memory" in name or os.path.basename(name).startswith("test_")


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(
        self, style: Any, tables: Any, *, reset_sequences: bool = False, allow_cascade: bool = False
    ) -> list[str]:
        """The test suite's flush, with the logs' DELETE triggers lifted for it.

        Only for a test database (in memory, or a file named ``test_…``): on any other database the
        triggers stay and ``kofu flush`` is refused like any other DELETE of the logs.
        """
        statements = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if not statements or not is_test_database(str(self.connection.settings_dict["NAME"])):
            return statements
        before, after = append_only.flush_guard(self.connection)
        return [*before, *statements, *after]


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    """Django's SQLite schema editor, after dropping the connection's TEMP views of workflow steps
    (:func:`kofu.core.moving.drop_temp_views`: their triggers would stop a table's rebuild)."""

    def __enter__(self) -> DatabaseSchemaEditor:
        editor = super().__enter__()
        with self.connection.cursor() as cursor:
            moving.drop_temp_views(cursor)
        return editor


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    SchemaEditorClass = DatabaseSchemaEditor

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writers_fd: int | None = None
        self._writers_held = False

    def _writers_lock(self) -> None:
        path = writers_lock_path(self.settings_dict["NAME"])
        if path is None:
            return
        if self._writers_fd is None:
            self._writers_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        pause = 0.0001
        while True:
            try:
                fcntl.flock(self._writers_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OperationalError("database is locked (kofu writers' queue)") from None
                time.sleep(pause)
                pause = min(pause * 2, _MAX_PAUSE)
            else:
                self._writers_held = True
                return

    def _writers_unlock(self) -> None:
        if self._writers_held and self._writers_fd is not None:
            fcntl.flock(self._writers_fd, fcntl.LOCK_UN)
        self._writers_held = False

    def _start_transaction_under_autocommit(self) -> None:
        self._writers_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._writers_unlock()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._writers_unlock()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._writers_unlock()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._writers_unlock()
            if self._writers_fd is not None:
                os.close(self._writers_fd)
                self._writers_fd = None
