"""Renewals per month on a synthetic city: counted exactly from card records (kofu.rules.validity),
and estimated for a municipality that has only the published monthly counts of the same cards.

Stated error of the estimate (docs/forecast.md): over five years, totals within 2 % and the monthly
figures within 10 % (sum of absolute monthly differences over the counted total).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter

import numpy as np
import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from kofu.cards.models import Card
from kofu.forecast.renewals import renewal_forecast
from kofu.registry.models import Municipality
from kofu.rules import cards as card_rules
from kofu.rules import forecast_renewals as rules
from kofu.rules.calendar import YearMonth
from kofu.rules.forecast import month_end
from kofu.rules.validity import validity
from kofu.stats.models import IssuanceSnapshot, MunicipalityFigure
from tests.forecast.synthetic import FIRST, LAST, age_table, holders

START, END = dt.date(2024, 1, 1), dt.date(2028, 12, 31)


@pytest.fixture(scope="module")
def synthetic(django_db_setup, django_db_blocker):
    """Loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            people = holders(scale=200)
            miyakonojo = _records(people)
            nobeoka = _statistics(people)
            yield miyakonojo, nobeoka, people
            transaction.set_rollback(True)


@pytest.fixture
def city(synthetic, db):
    """都城市 keeps its card records in kofu (27,800 cards handed over since 2016)."""
    miyakonojo, _, people = synthetic
    return miyakonojo, people


@pytest.fixture
def statistics_of_the_same_cards(synthetic, db):
    """延岡市 has no card records, only month-end published counts equal to 都城市's cards."""
    return synthetic[1]


def _records(people):
    miyakonojo = Municipality.objects.get(code="452025")
    now = timezone.now()
    Card.objects.bulk_create(
        Card(
            municipality=miyakonojo,
            application_id=f"S{key:07d}",
            channel="online",
            received_on=applied,
            name="住民",
            birth_date=birth,
            address="宮崎県都城市",
            state=card_rules.HANDED_OVER,
            state_changed_at=now,
            state_since=issued,
            delivered_on=issued,
            handed_over_on=issued,
        )
        for key, birth, applied, issued in people
    )
    return miyakonojo


def _statistics(people):
    nobeoka = Municipality.objects.get(code="452033")
    by_month = Counter(YearMonth(issued.year, issued.month) for *_, issued in people)
    total, month = 0, FIRST
    while month <= LAST:
        total += by_month[month]
        snapshot = IssuanceSnapshot.objects.create(
            as_of=month_end(month), population_base=dt.date(month.year, 1, 1), source="synthetic"
        )
        MunicipalityFigure.objects.create(
            snapshot=snapshot, municipality=nobeoka, population=300_000, issued=total
        )
        month = month.shift(1)
    return nobeoka


def test_counted_renewals_equal_the_validity_of_every_card(city):
    miyakonojo, people = city
    result = renewal_forecast(miyakonojo, START, END)
    expected: Counter[tuple[YearMonth, str]] = Counter()
    for _, birth, applied, issued in people:
        v = validity(birth=birth, applied=applied, issued=issued)
        expected[(YearMonth(v.card_expiry.year, v.card_expiry.month), "card")] += 1
        if v.certificate_expiry != v.card_expiry:
            expected[(YearMonth(v.certificate_expiry.year, v.certificate_expiry.month), "cert")] += 1
    assert result.records_from == YearMonth(2016, 1)
    assert {row.basis for row in result.months} == {"counted"}
    assert [(r.cards, r.certificates) for r in result.months] == [
        (expected[(r.month, "card")], expected[(r.month, "cert")]) for r in result.months
    ]


def test_the_estimate_from_monthly_counts_reproduces_the_counts_within_the_stated_error(
    city, statistics_of_the_same_cards
):
    miyakonojo, _ = city
    counted = renewal_forecast(miyakonojo, START, END)
    estimated = renewal_forecast(statistics_of_the_same_cards, START, END, rules.age_mix(age_table()))
    assert {row.basis for row in estimated.months} == {"estimated"}
    for kind in ("cards", "certificates"):
        exact = np.array([getattr(r, kind) for r in counted.months], dtype=float)
        guess = np.array([getattr(r, kind) for r in estimated.months], dtype=float)
        assert abs(guess.sum() - exact.sum()) / exact.sum() < 0.02, kind
        assert np.abs(guess - exact).sum() / exact.sum() < 0.10, kind


def test_the_command_prints_month_counts_and_basis(city):
    out = io.StringIO()
    call_command(
        "forecast",
        "renewals",
        "--municipality",
        "452025",
        "--from",
        "2026-01-01",
        "--until",
        "2026-03-31",
        "--format",
        "csv",
        stdout=out,
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["month"] for r in rows] == ["2026-01", "2026-02", "2026-03"]
    assert {r["basis"] for r in rows} == {"counted"}
    assert all(int(r["card_renewals"]) > 0 and int(r["certificate_renewals"]) > 0 for r in rows)


def test_records_that_start_later_leave_earlier_issue_months_to_the_estimate(
    city, statistics_of_the_same_cards
):
    """A city whose records begin in 2020 is counted from 2020 and estimated before."""
    nobeoka = statistics_of_the_same_cards
    miyakonojo, people = city
    Card.objects.filter(municipality=miyakonojo, handed_over_on__gte=dt.date(2020, 1, 1)).update(
        municipality=nobeoka
    )
    result = renewal_forecast(nobeoka, dt.date(2029, 1, 1), dt.date(2031, 6, 30), rules.age_mix(age_table()))
    assert result.records_from == YearMonth(2020, 1)
    bases = {row.month: row.basis for row in result.months}
    assert bases[YearMonth(2029, 12)] == "estimated" and bases[YearMonth(2031, 1)] == "counted"
