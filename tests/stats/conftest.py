"""Fixtures of the statistics tests."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.stats.factories import load_issuance_snapshot, load_published_totals


@pytest.fixture(scope="module")
def snapshots(django_db_setup, django_db_blocker):
    """Three snapshots, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            load_issuance_snapshot("2021-12-01")
            load_issuance_snapshot("2022-01-01")
            load_published_totals("2022-10-31")
            yield
            transaction.set_rollback(True)


@pytest.fixture
def stats(snapshots, db):
    """Per-test access on top of the module's snapshots (each test rolls back its own changes)."""


@pytest.fixture(autouse=True)
def fresh_stats_cache():
    """Each test starts without the process's memo of tables and pages (so pages render their context)."""
    from kofu.stats import cache

    cache.clear()
    yield
