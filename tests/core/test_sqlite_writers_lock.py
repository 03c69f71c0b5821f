"""SQLite writers queue on a file lock before BEGIN IMMEDIATE (kofu.core.sqlite_backend, ADR 0006)."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from kofu.core.sqlite_backend.base import writers_lock_path


def begin(connection) -> None:
    """Open a transaction the way ``transaction.atomic()`` does (our handler is not the global one)."""
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def handler(path: Path, timeout: float = 20) -> ConnectionHandler:
    return ConnectionHandler(
        {
            "default": {
                "ENGINE": "kofu.core.sqlite_backend",
                "NAME": str(path),
                "OPTIONS": {
                    "transaction_mode": "IMMEDIATE",
                    "timeout": timeout,
                    "init_command": "PRAGMA journal_mode=WAL;",
                },
            }
        }
    )


@pytest.fixture
def db_file(tmp_path, django_db_blocker):
    """A database file of the test's own (not the suite's test database)."""
    path = tmp_path / "w.sqlite3"
    with django_db_blocker.unblock():
        setup = handler(path)["default"]
        with setup.cursor() as cursor:
            cursor.execute("CREATE TABLE t (who TEXT)")
        setup.close()
        yield path


def test_the_lock_file_sits_beside_the_database_and_memory_databases_have_none():
    assert writers_lock_path("/var/lib/kofu/kofu.sqlite3") == "/var/lib/kofu/kofu.sqlite3-writers.lock"
    assert writers_lock_path("file:/tmp/x.db?mode=rw") == "/tmp/x.db-writers.lock"
    assert writers_lock_path(":memory:") is None
    assert writers_lock_path("file:memorydb_default?mode=memory&cache=shared") is None


def test_a_second_writer_waits_for_the_first_to_commit_then_sees_its_row(db_file):
    first, others = handler(db_file)["default"], handler(db_file)
    first_inside, seen = threading.Event(), []

    def later_writer() -> None:
        second = others["default"]  # this thread's own connection
        first_inside.wait()
        begin(second)  # opens the transaction: waits in the writers' queue
        with second.cursor() as cursor:
            cursor.execute("SELECT who FROM t")
            seen.extend(row[0] for row in cursor.fetchall())
            cursor.execute("INSERT INTO t VALUES ('second')")
        second.commit()
        second.set_autocommit(True)
        second.close()

    begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES ('first')")
        thread = threading.Thread(target=later_writer)
        thread.start()
        first_inside.set()
        thread.join(timeout=0.3)
        assert thread.is_alive(), "the second writer must wait while the first holds the lock"
    first.commit()
    first.set_autocommit(True)
    thread.join(timeout=10)
    assert seen == ["first"]
    with first.cursor() as cursor:
        cursor.execute("SELECT who FROM t ORDER BY rowid")
        assert [r[0] for r in cursor.fetchall()] == ["first", "second"]
    first.close()


def test_a_writer_gives_up_after_the_timeout_with_database_is_locked(db_file):
    first, impatient = handler(db_file)["default"], handler(db_file, timeout=0.2)
    begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES ('first')")
    problem: list[Exception] = []

    def try_to_write() -> None:
        second = impatient["default"]
        try:
            begin(second)
        except OperationalError as exc:
            problem.append(exc)
        finally:
            second.close()

    thread = threading.Thread(target=try_to_write)
    thread.start()
    thread.join(timeout=10)
    first.rollback()
    first.close()
    assert problem and "database is locked" in str(problem[0])


def test_closing_a_connection_releases_the_lock(db_file):
    first, second = handler(db_file)["default"], handler(db_file, timeout=0.5)["default"]
    begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES ('lost')")
    first.close()  # rolls back and lets go
    begin(second)
    with second.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM t")
        assert cursor.fetchone()[0] == 0
    second.rollback()
    second.close()


def lock_is_taken(path: Path) -> bool:
    fd = os.open(writers_lock_path(str(path)), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_a_transaction_holds_the_writers_lock_from_begin_to_commit_or_rollback(db_file):
    connection = handler(db_file)["default"]
    assert not lock_is_taken(db_file)
    begin(connection)
    assert lock_is_taken(db_file)
    connection.commit()
    connection.set_autocommit(True)
    assert not lock_is_taken(db_file)
    begin(connection)
    connection.rollback()
    connection.set_autocommit(True)
    assert not lock_is_taken(db_file)
    connection.close()
