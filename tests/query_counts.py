"""Query-count locks for the hot pages: a page reads in a fixed number of queries (at most ``limit``),
the same with three times the data as with a little (no query per row)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def logged(sqlite: int) -> int:
    """The limit of a page that writes the resident-record access log: on PostgreSQL the log's chain
    takes its advisory lock first (``kofu.accounts.chains``), one statement more than on SQLite."""
    return sqlite + (1 if connection.vendor == "postgresql" else 0)


def queries_of(client, url: str) -> int:
    """The number of queries of one GET of ``url`` (which must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def assert_locked(
    client, urls: list[str], grow, limits: dict[str, int], django_assert_max_num_queries
) -> None:
    """Each of ``urls`` within its limit, and no more queries after ``grow()`` adds data."""
    before = {url: queries_of(client, url) for url in urls}
    grow()
    for url in urls:
        with django_assert_max_num_queries(min(before[url], limits[url])):
            assert client.get(url).status_code == 200
