from tests.bookings.conftest import miyakonojo, site  # noqa: F401 — the same site and windows
