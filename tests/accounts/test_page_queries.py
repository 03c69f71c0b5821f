"""The accounts pages read in a fixed number of queries, however many staff an organisation has."""

from __future__ import annotations

from kofu.accounts.models import StaffMembership
from tests.conftest import make_staff
from tests.query_counts import assert_locked

#: Measured on 2026-12-07, the same on SQLite and PostgreSQL; a page that needs more must say why here.
#: staff: 11 since the list is paged (kofu.core.listing: one COUNT more), filtered or not.
LIMITS = {
    "/accounts/staff/": 11,
    "/accounts/staff/?q=soumu&state=active&role=staff&page=2": 11,
    "/accounts/me/": 17,  # the home page's work queue
}


def test_staff_list_and_me_do_not_grow_with_the_staff(client, personas, django_assert_max_num_queries):
    admin = personas["ministry"]
    organisation = StaffMembership.objects.get(user=admin).organisation
    client.force_login(admin)
    added = iter(range(100))

    def hire(count: int) -> None:
        for _ in range(count):
            make_staff(f"soumu-{next(added)}", organisation)

    hire(2)
    assert_locked(client, list(LIMITS), lambda: hire(6), LIMITS, django_assert_max_num_queries)
