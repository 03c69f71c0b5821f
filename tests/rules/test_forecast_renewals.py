"""Renewals due: counted exactly with kofu.rules.validity, estimated from monthly issuance.

The synthetic city (tests/forecast/synthetic.py, 27,800 cards) checks the estimate against the
exact counts: five-year totals within 2 %, the monthly figures within 10 % (sum of absolute
monthly differences over the sum of counts).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pytest

from kofu.rules import forecast_renewals as rules
from kofu.rules.calendar import YearMonth
from kofu.rules.validity import validity
from tests.forecast.synthetic import age_table, holders

d = dt.date


def test_each_expiry_kernel_spreads_one_card_over_thirteen_months():
    kernel = rules.expiry_kernel(10)
    assert kernel.sum() == pytest.approx(1.0)
    assert np.nonzero(kernel)[0].tolist() == list(range(108, 121))
    assert kernel[108] == kernel[120] == pytest.approx(1 / 24)


def test_the_national_age_mix_is_the_published_table_of_2022_01_01():
    # 0–19: 6,487,289 of 51,871,720; under 18 adds 3/5 of the 15–19 band
    assert rules.NATIONAL_AGE_MIX.under_20 == pytest.approx(6_487_289 / 51_871_720)
    assert rules.NATIONAL_AGE_MIX.under_18 == pytest.approx((4_608_652 + 0.6 * 1_878_637) / 51_871_720)
    assert rules.NATIONAL_AGE_MIX.minor_share(YearMonth(2022, 4)) == rules.NATIONAL_AGE_MIX.under_20
    assert rules.NATIONAL_AGE_MIX.minor_share(YearMonth(2022, 5)) == rules.NATIONAL_AGE_MIX.under_18


def test_counts_follow_the_validity_rules_card_by_card():
    people = [
        ("adult", d(1980, 4, 1), d(2022, 3, 1), d(2022, 5, 9)),  # card 2032-04, certificate 2027-04
        ("minor", d(2010, 8, 20), d(2022, 5, 1), d(2022, 7, 1)),  # both 2026-08-20: one card renewal
        ("eighteen", d(2004, 1, 10), d(2022, 4, 15), d(2022, 6, 1)),  # adult from 2022-04: cert 2027-01
    ]
    months = rules.months_between(d(2026, 1, 1), d(2027, 12, 31))
    cards, certificates = rules.count(people, months)
    assert sum(cards) == 1 and cards[7] == 1
    assert certificates[12] == 1 and certificates[15] == 1 and sum(certificates) == 2


@pytest.fixture(scope="module")
def city():
    return holders(scale=200)


def test_counts_on_the_synthetic_city_equal_the_validity_of_every_card(city):
    months = rules.months_between(d(2024, 1, 1), d(2028, 12, 31))
    cards, certificates = rules.count(city, months)
    expected_cards: Counter[YearMonth] = Counter()
    expected_certificates: Counter[YearMonth] = Counter()
    for _, birth, applied, issued in city:
        v = validity(birth=birth, applied=applied, issued=issued)
        expected_cards[YearMonth(v.card_expiry.year, v.card_expiry.month)] += 1
        if v.certificate_expiry != v.card_expiry:
            expected_certificates[YearMonth(v.certificate_expiry.year, v.certificate_expiry.month)] += 1
    assert cards == [expected_cards[m] for m in months]
    assert certificates == [expected_certificates[m] for m in months]


def test_the_estimate_from_monthly_totals_reproduces_the_counts_within_the_stated_error(city):
    months = rules.months_between(d(2024, 1, 1), d(2028, 12, 31))
    cards, certificates = (np.array(x) for x in rules.count(city, months))
    by_month = Counter(YearMonth(issued.year, issued.month) for _, _, _, issued in city)
    issue_months = [rules.FIRST_ISSUE_MONTH.shift(i) for i in range(81)]  # 2016-01 … 2022-09
    new = np.array([[by_month[m] for m in issue_months]], dtype=np.float64)
    est_cards, est_certificates = rules.estimate(issue_months, new, rules.age_mix(age_table()), months)
    for counted, estimated in ((cards, est_cards[0]), (certificates, est_certificates[0])):
        assert abs(estimated.sum() - counted.sum()) / counted.sum() < 0.02
        assert np.abs(estimated - counted).sum() / counted.sum() < 0.10


def test_cards_before_the_first_month_end_are_spread_from_january_2016():
    months = (YearMonth(2016, 3), YearMonth(2016, 4))
    issue_months, new = rules.new_cards(months, np.array([[300.0, 350.0]]))
    assert issue_months == (YearMonth(2016, 1), YearMonth(2016, 2), YearMonth(2016, 3), YearMonth(2016, 4))
    assert new.tolist() == [[100.0, 100.0, 100.0, 50.0]]
