"""Fixtures of the forecast tests: published months loaded once per module (rolled back after)."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.conftest import load_registry_if_flushed
from tests.stats.factories import load_issuance_snapshot

#: The months the forecast tests import: 2021-10 … 2022-09 as published (2022-04-01 never was).
MONTHS = [
    "2021-10-01",
    "2021-11-01",
    "2021-12-01",
    "2022-01-01",
    "2022-02-01",
    "2022-03-01",
    "2022-05-01",
    "2022-06-01",
    "2022-06-30",
    "2022-07-31",
    "2022-08-31",
    "2022-09-30",
]


@pytest.fixture(scope="module")
def published(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            load_registry_if_flushed()  # a transactional test on this worker may have flushed it
            for as_of in MONTHS:
                load_issuance_snapshot(as_of)
            yield MONTHS
            transaction.set_rollback(True)


@pytest.fixture
def issuance(published, db):
    """Per-test access on top of the module's snapshots."""
    return published
