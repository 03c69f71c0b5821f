"""Card and certificate validity: the 2022-04-01 boundary, ages 18/19/20, birthdays, 29 February."""

from __future__ import annotations

from datetime import date

import pytest

from kofu.rules.validity import (
    ValidityError,
    adult_age,
    age_on,
    expiring_between,
    nth_birthday_after,
    validity,
)

D = date.fromisoformat

# birth, applied, issued → card expiry, certificate expiry, adult
CASES = [
    # age 17 on the issue date: a minor on either side of the boundary
    ("2004-05-10", "2022-03-31", "2022-04-20", "2026-05-10", "2026-05-10", False),
    ("2005-01-10", "2022-04-01", "2022-04-15", "2027-01-10", "2027-01-10", False),
    # age 18: minor if applied before 2022-04-01, adult from that day
    ("2004-01-10", "2022-03-31", "2022-04-15", "2027-01-10", "2027-01-10", False),
    ("2004-01-10", "2022-04-01", "2022-04-15", "2032-01-10", "2027-01-10", True),
    # age 19: the same
    ("2003-01-10", "2022-03-31", "2022-04-15", "2027-01-10", "2027-01-10", False),
    ("2003-01-10", "2022-04-01", "2022-04-15", "2032-01-10", "2027-01-10", True),
    # age 20: adult on both sides
    ("2002-01-10", "2022-03-31", "2022-04-15", "2032-01-10", "2027-01-10", True),
    ("2002-01-10", "2022-04-01", "2022-04-15", "2032-01-10", "2027-01-10", True),
    # turning 20 (old rule) / 18 (new rule) on the issue date itself: adult
    ("2001-06-01", "2021-05-01", "2021-06-01", "2031-06-01", "2026-06-01", True),
    ("2004-06-01", "2022-05-01", "2022-06-01", "2032-06-01", "2027-06-01", True),
    # the day before the 18th birthday: still a minor
    ("2004-06-02", "2022-05-01", "2022-06-01", "2026-06-02", "2026-06-02", False),
    # a birthday on the issue date does not count
    ("1980-06-01", "2021-05-01", "2021-06-01", "2031-06-01", "2026-06-01", True),
    # the day after the birthday: the next birthday is almost a year away
    ("1980-06-01", "2021-05-01", "2021-06-02", "2031-06-01", "2026-06-01", True),
    # 29 February births: 28 February in common years
    ("2000-02-29", "2021-01-05", "2021-02-01", "2030-02-28", "2025-02-28", True),
    ("2000-02-29", "2021-01-05", "2021-02-28", "2031-02-28", "2026-02-28", True),
    ("2004-02-29", "2023-01-10", "2023-03-01", "2033-02-28", "2028-02-29", True),
]


@pytest.mark.parametrize(("birth", "applied", "issued", "card", "certificate", "adult"), CASES)
def test_validity_table(birth, applied, issued, card, certificate, adult):
    result = validity(birth=D(birth), applied=D(applied), issued=D(issued))
    assert (result.card_expiry, result.certificate_expiry, result.adult) == (D(card), D(certificate), adult)


def test_the_adult_age_falls_to_18_for_applications_from_2022_04_01():
    assert adult_age(D("2022-03-31")) == 20
    assert adult_age(D("2022-04-01")) == 18


def test_a_29_february_birth_ages_on_1_march_of_a_common_year():
    assert age_on(D("2004-02-29"), D("2022-02-28")) == 17
    assert age_on(D("2004-02-29"), D("2022-03-01")) == 18
    assert age_on(D("2004-02-29"), D("2024-02-29")) == 20


def test_nth_birthday_after_skips_a_birthday_on_the_day_itself():
    assert nth_birthday_after(D("1990-07-07"), D("2020-07-07"), 1) == D("2021-07-07")
    assert nth_birthday_after(D("1990-07-07"), D("2020-07-06"), 1) == D("2020-07-07")


def test_inconsistent_dates_are_refused():
    with pytest.raises(ValidityError):
        validity(birth=D("2000-01-01"), applied=D("2022-05-01"), issued=D("2022-04-01"))
    with pytest.raises(ValidityError):
        validity(birth=D("2023-01-01"), applied=D("2022-05-01"), issued=D("2022-06-01"))


def test_expiry_list_for_renewal_reminders_is_sorted_by_date():
    holders = [
        ("a", D("1980-06-01"), D("2021-05-01"), D("2021-06-01")),  # card 2031, cert 2026-06-01
        ("b", D("2004-05-10"), D("2022-03-31"), D("2022-04-20")),  # card = cert 2026-05-10
        ("c", D("1990-01-01"), D("2022-05-01"), D("2022-06-01")),  # cert 2027
    ]
    items = expiring_between(holders, D("2026-01-01"), D("2026-12-31"))
    assert [(i.key, i.kind, i.expiry) for i in items] == [
        ("b", "card", D("2026-05-10")),
        ("a", "certificate", D("2026-06-01")),
    ]
