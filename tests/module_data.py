"""Test data built once per test module and rolled back at the module's end.

Some fixtures build the same large data for every test of a module (the seed 000 survey over a
1,741-municipality snapshot with 60 respondents' answers, 723 fire headquarters, 都城市's objects for
the URL walk): seconds of CPU each time. :func:`module_transaction` opens one transaction for the
module (on SQLite and PostgreSQL alike); the data is built inside it once, and pytest-django's
per-test transaction then nests inside as a savepoint, so every test still starts from the same
data and whatever a test changes is rolled back after it. At the module's end the outer
transaction is rolled back: the next module starts from the bare test database.

Only for modules whose tests all run in a transaction (pytest-django's ``db``): a transactional
test (``transactional_db``, ``live_server``, ``django_db(transaction=True)``) or a ``kofu``
subprocess would not see uncommitted data, and a flush would break the outer transaction;
:func:`module_transaction` refuses a module holding one. The data is visible to every test of the
module that runs after it was built, so a module uses it only if none of its tests needs the
database without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import load_registry_if_flushed

#: What makes pytest-django run a test outside a transaction of its own.
TRANSACTIONAL_FIXTURES = frozenset(
    {"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def _check_module(request: pytest.FixtureRequest) -> None:
    module = Path(str(request.node.path))
    text = module.read_text(encoding="utf-8")
    if any(word in text for word in ("subprocess", "Popen", "DATABASE_URL")):
        raise RuntimeError(f"{module.name}: a kofu subprocess cannot see the module's uncommitted data")
    transactional = [
        item.nodeid
        for item in request.session.items
        if Path(str(item.path)) == module and _transactional(item)
    ]
    if transactional:
        raise RuntimeError(f"transactional tests cannot share the module's data: {transactional}")


@contextmanager
def module_transaction(request: pytest.FixtureRequest, django_db_blocker) -> Iterator[None]:
    """Inside: the database is open and holds the reference registry (loaded again inside the
    module's transaction if a transactional test flushed it); build the module's data here, then
    ``yield`` from the fixture.

    Use from a module-scoped fixture::

        @pytest.fixture(scope="module")
        def big(request, django_db_setup, django_db_blocker):
            with module_transaction(request, django_db_blocker):
                with django_db_blocker.unblock():
                    pk = build().pk
                yield pk
    """
    from django.db import transaction

    _check_module(request)
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # As for Django's TestCase transactions: a durable block of the product inside is allowed.
        outer._from_testcase = True  # type: ignore[attr-defined]
        outer.__enter__()
        load_registry_if_flushed()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
