"""Rate counters: one upsert per count, windows that expire, holds (lockouts)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kofu.accounts import counters
from kofu.accounts.models import RateCounter

pytestmark = pytest.mark.django_db


def at(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_counts_add_up_within_the_window_and_start_again_after_it(monkeypatch):
    start = timezone.now()
    at(monkeypatch, start)
    assert [counters.bump("k", 60) for _ in range(3)] == [1, 2, 3]
    at(monkeypatch, start + dt.timedelta(seconds=59))
    assert counters.bump("k", 60) == 4
    assert counters.current("k") == 4
    at(monkeypatch, start + dt.timedelta(seconds=61))
    assert counters.current("k") == 0
    assert counters.bump("k", 60) == 1
    assert RateCounter.objects.get(key="k").expires == start + dt.timedelta(seconds=121)


def test_keys_are_counted_apart():
    counters.bump("a", 60)
    counters.bump("a", 60)
    assert counters.bump("b", 60) == 1
    assert counters.current("a") == 2


def test_a_hold_lasts_its_period_and_can_be_cleared(monkeypatch):
    start = timezone.now()
    at(monkeypatch, start)
    counters.hold("lock", 300)
    assert counters.held("lock")
    at(monkeypatch, start + dt.timedelta(seconds=301))
    assert not counters.held("lock")
    counters.hold("lock", 300)
    counters.clear("lock")
    assert not counters.held("lock")


def test_keys_are_digests_of_what_is_counted():
    key = counters.key_of("booking-ip", "203.0.113.7")
    assert key.startswith("booking-ip:") and "203.0.113.7" not in key
    longest = max(
        counters.key_of(kind, "x") for kind in ("booking-number", "booking-ip", "login-user", "login-ip")
    )
    assert len(longest + ":lock") <= RateCounter._meta.get_field("key").max_length
    assert key == counters.key_of("booking-ip", "203.0.113.7") != counters.key_of("booking-ip", "203.0.113.8")


def test_keys_are_keyed_digests_never_a_bare_hash_of_the_value(settings):
    """A My Number typed into a counted field would otherwise be one of 10^11 hashes to try."""
    number = "700012345676"
    key = counters.key_of("login-user", number)
    digest = key.split(":", 1)[1]
    for bare in (hashlib.sha256, hashlib.sha1, hashlib.md5, hashlib.blake2b):
        assert bare(number.encode()).hexdigest()[: len(digest)] != digest
    assert (
        digest
        == hmac.new(
            settings.KOFU_HMAC_KEY.encode(), b"rate-counter:login-user\x00" + number.encode(), hashlib.sha256
        ).hexdigest()[:40]
    )
    settings.KOFU_HMAC_KEY = "another-key-" + "k" * 40
    assert counters.key_of("login-user", number) != key  # without the key, the digest says nothing


def test_expired_counters_are_purged_now_and_then(monkeypatch):
    start = timezone.now()
    at(monkeypatch, start)
    counters.bump("old", 1)
    at(monkeypatch, start + dt.timedelta(seconds=5))
    monkeypatch.setattr(counters, "PURGE_EVERY", 1)
    counters.bump("new", 60)
    assert set(RateCounter.objects.values_list("key", flat=True)) == {"new"}


def test_counts_and_holds_store_times_as_the_orm_does_so_windows_compare_correctly():
    """Raw and ORM writes must share one time format (SQLite keeps datetimes as text)."""
    counters.bump("raw", 60)
    counters.hold("orm", 60)
    rows = dict(RateCounter.objects.values_list("key", "expires"))
    assert all(timezone.is_aware(moment) for moment in rows.values())
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "expires" FROM "{RateCounter._meta.db_table}" ORDER BY "key"')
        stored = [str(value) for (value,) in cursor.fetchall()]
    if connection.vendor == "sqlite":  # naive UTC text, no offset, like every ORM-written datetime
        assert not any("+" in text for text in stored), stored


def test_a_count_that_reaches_its_hold_limit_locks_the_key_for_the_whole_window(monkeypatch):
    """The lockout is the count itself: no hold row, no clearing — one statement per failure."""
    start = timezone.now()
    at(monkeypatch, start)
    assert [counters.bump("n", 600, hold_at=3) for _ in range(2)] == [1, 2]
    assert not counters.reached("n", 3)
    at(monkeypatch, start + dt.timedelta(seconds=500))
    assert counters.bump("n", 600, hold_at=3) == 3  # reaches the limit: locked for 600 s from now
    assert counters.reached("n", 3)
    at(monkeypatch, start + dt.timedelta(seconds=1099))
    assert counters.reached("n", 3)  # past the first window, still within the lockout
    at(monkeypatch, start + dt.timedelta(seconds=1101))
    assert not counters.reached("n", 3)
    assert counters.bump("n", 600, hold_at=3) == 1
    assert RateCounter.objects.count() == 1


def test_bump_and_read_counts_one_key_and_reads_another_in_one_statement(monkeypatch):
    start = timezone.now()
    at(monkeypatch, start)
    counters.bump("other", 60)
    counters.bump("other", 60)
    with CaptureQueriesContext(connection) as queries:
        assert counters.bump_and_read("mine", 60, "other") == (1, 2)
    assert [q["sql"].split()[0] for q in queries.captured_queries if "ratecounter" in q["sql"]] == ["INSERT"]
    assert counters.bump_and_read("mine", 60, "missing") == (2, 0)
    assert counters.bump_and_read("mine", 60, "") == (3, 0)
    at(monkeypatch, start + dt.timedelta(seconds=61))  # the other's window ended
    assert counters.bump_and_read("mine", 60, "other") == (1, 0)
