"""Shared fixtures: the reference registry, paths to ../shared (tests may read it in place)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# The tests cache bytecode even where the environment says not to (PYTHONDONTWRITEBYTECODE, set in
# some images): otherwise every xdist worker rewrites every test module's asserts and every `kofu`
# subprocess of the tests compiles kofu again, which costs minutes over the suite.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared が見つかりません")
    return SHARED


#: The product hashes passwords with Argon2 (kofu.settings); the tests use a fast hasher so that
#: the thousands of logins and accounts they make cost microseconds. Tests whose subject is the
#: hashing itself are marked ``real_password_hashing`` and keep the product's hashers.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    if request.node.get_closest_marker("real_password_hashing") is None:
        settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _seats_back_at_once(request, settings):
    """A cancelled seat goes back at once in tests (KOFU_BOOKING_RELEASE_MINUTES = 0), except
    those marked ``release_hold`` that check the hold itself (tests/bookings/test_outcomes.py)."""
    if request.node.get_closest_marker("release_hold") is None:
        settings.KOFU_BOOKING_RELEASE_MINUTES = 0


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference registry once into the test database (tests roll back on top of it)."""
    from kofu.registry.services import registry_load_reference

    with django_db_blocker.unblock():
        registry_load_reference()


def load_registry_if_flushed() -> None:
    """Load the reference registry again if a transactional test flushed the database since the
    session loaded it (the registry fixture, and every module-wide build, start with this)."""
    from kofu.registry.models import Municipality
    from kofu.registry.services import registry_load_reference

    if Municipality.objects.count() < 1741:
        registry_load_reference()


@pytest.fixture
def registry(db):
    """The bundled reference registry (47 prefectures, 1,741 municipalities, dated categories).

    Loaded once per session; reloaded here when a transactional test flushed the database.
    """
    from kofu.registry.models import Municipality

    load_registry_if_flushed()
    return Municipality.objects


# --- Personas: one staff account per role and jurisdiction --------------------------------------
# 宮崎県都城市 (municipality), 宮崎県延岡市 (another municipality, same prefecture), 鹿児島県鹿児島市
# (a municipality of another prefecture), 宮崎県, 鹿児島県 and 総務省 (ministry administrator).

PASSWORD = "kofu-test-password-2026"


def accounts_command():
    """The operator's command that creates accounts, as the audit log names it."""
    from kofu.accounts.roles import System

    return System("kofu accounts")


def make_staff(username: str, organisation, *, is_admin: bool = False):
    """A staff account in ``organisation`` (created the way the CLI bootstrap does)."""
    from kofu.accounts import services

    return services.staff_create(
        username=username,
        password=PASSWORD,
        organisation=organisation,
        is_admin=is_admin,
        actor=accounts_command(),
    ).user


def as_resident(card, *household):
    """The resident who identified with ``card`` (and may book ``household``'s cards with it)."""
    from kofu.accounts.roles import Resident

    return Resident(
        card_id=card.pk, municipality_id=card.municipality_id, household=frozenset(c.pk for c in household)
    )


def resident_books(cards, **kwargs):
    """A resident's own web booking: the first card's holder books it (and the others as household)."""
    from kofu.bookings import services

    return services.bookings_create(cards=cards, actor=as_resident(*cards), **kwargs)


@pytest.fixture
def personas(registry):
    """Staff users by persona name: municipality, other_municipality, other_prefecture_municipality,
    prefecture, other_prefecture, ministry."""
    return make_personas()


def make_personas() -> dict:
    """The accounts of :func:`personas` (for fixtures that build them once per module)."""
    from kofu.accounts import services
    from kofu.registry.models import Municipality, Prefecture

    miyakonojo = Municipality.objects.get(code="452025")
    nobeoka = Municipality.objects.get(code="452033")
    kagoshima_city = Municipality.objects.get(code="462012")
    actor = accounts_command()
    return {
        "municipality": make_staff(
            "miyakonojo", services.organisation_for_municipality(municipality=miyakonojo, actor=actor)
        ),
        "other_municipality": make_staff(
            "nobeoka", services.organisation_for_municipality(municipality=nobeoka, actor=actor)
        ),
        "other_prefecture_municipality": make_staff(
            "kagoshima-city", services.organisation_for_municipality(municipality=kagoshima_city, actor=actor)
        ),
        "prefecture": make_staff(
            "miyazaki-pref",
            services.organisation_for_prefecture(prefecture=Prefecture.objects.get(code="45"), actor=actor),
        ),
        "other_prefecture": make_staff(
            "kagoshima-pref",
            services.organisation_for_prefecture(prefecture=Prefecture.objects.get(code="46"), actor=actor),
        ),
        "ministry": make_staff("soumu", services.organisation_for_ministry(actor=actor), is_admin=True),
    }


# --- The PostgreSQL pass of CI runs only the tests whose result can depend on the database -------
#: Fixtures through which a test reaches a database (pytest-django's, and the live server's).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}
)
#: A test module that starts `kofu` or a server as a subprocess reaches the database of
#: DATABASE_URL without any fixture: such modules always run.
_SUBPROCESS_WORDS = ("subprocess", "DATABASE_URL", "Popen")
_module_text: dict[str, bool] = {}


def reaches_a_database(item: pytest.Item) -> bool:
    """Whether ``item``'s outcome can depend on which database kofu runs on."""
    if item.get_closest_marker("django_db") is not None:
        return True
    if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    path = str(item.path)
    if path not in _module_text:
        text = Path(path).read_text(encoding="utf-8")
        _module_text[path] = any(word in text for word in _SUBPROCESS_WORDS)
    return _module_text[path]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``KOFU_TESTS_DATABASE_ONLY=1`` (the PostgreSQL pass of ``.ci/run``), leave out the tests
    that touch no database (pure rules, parsers, formatters): they ran in the SQLite pass and give
    the same answer whatever the database. Every test with a database fixture, a ``django_db``
    mark, or a subprocess that reads DATABASE_URL still runs."""

    if os.environ.get("KOFU_TESTS_DATABASE_ONLY") != "1":
        return
    kept, left_out = [], []
    for item in items:
        (kept if reaches_a_database(item) else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
