"""The outbox's policies: retry delays and the masked address (no database)."""

from __future__ import annotations

import pytest

from kofu.rules.outbox import mask_address, retry_delay_minutes, should_retry


@pytest.mark.parametrize(
    ("attempts", "minutes"),
    [(1, 5), (2, 10), (3, 20), (4, 40), (5, 80), (6, 160), (7, 320), (8, 360), (40, 360)],
)
def test_the_wait_doubles_from_five_minutes_up_to_six_hours(attempts, minutes):
    assert retry_delay_minutes(attempts) == minutes


def test_there_is_no_wait_before_a_first_attempt():
    with pytest.raises(ValueError):
        retry_delay_minutes(0)


def test_failed_messages_are_retried_until_the_maximum_number_of_attempts():
    assert [should_retry(n, 3) for n in (1, 2, 3, 4)] == [True, True, False, False]


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("taro.yamada@example.jp", "t***@example.jp"),
        ("h@city.miyakonojo.lg.jp", "h***@city.miyakonojo.lg.jp"),
        ('"a@b"@example.jp', '"***@example.jp'),
        ("  hanako@gmial.com ", "h***@gmial.com"),
        ("", ""),
        ("not-an-address", "***"),
    ],
)
def test_an_address_is_shown_with_its_domain_but_not_its_owner(address, shown):
    assert mask_address(address) == shown
