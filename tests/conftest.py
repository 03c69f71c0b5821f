"""Shared fixtures: the reference registry, paths to ../shared (tests may read it in place)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared が見つかりません")
    return SHARED


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference registry once into the test database (tests roll back on top of it)."""
    from kofu.registry.services import registry_load_reference

    with django_db_blocker.unblock():
        registry_load_reference()


@pytest.fixture
def registry(db):
    """The bundled reference registry (47 prefectures, 1,741 municipalities, dated categories).

    Loaded once per session; reloaded here when a transactional test flushed the database.
    """
    from kofu.registry.models import Municipality
    from kofu.registry.services import registry_load_reference

    if Municipality.objects.count() < 1741:
        registry_load_reference()
    return Municipality.objects
