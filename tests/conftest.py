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


@pytest.fixture
def registry(db):  # noqa: ARG001 - the db fixture enables database access
    """The bundled reference registry (47 prefectures, 1,741 municipalities, dated categories)."""
    from kofu.registry.services import registry_load_reference

    return registry_load_reference()
