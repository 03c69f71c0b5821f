"""Renewals due per month: counted from card records, or estimated from monthly issuance.

**Counted** — each card's expiry from :mod:`kofu.rules.validity` (birth, application, issue date);
a card renewal per card expiring in the month, a certificate renewal per certificate expiring on
another day than its card (a card renewed the same day carries a new certificate), as the renewal
reminders list them (``validity.expiring_between``).

**Estimated** — from the cards added each month (``new[i]`` for issue month i):

* the holder's birthday is spread evenly over the year, so a card issued in month i that expires
  on the N-th birthday after issue falls due in months i + 12(N−1) … i + 12N with weights 1/24,
  1/12 (eleven months), 1/24 (:func:`expiry_kernel`);
* a share of the cards goes to minors (5-year cards): under 20 on the issue date for cards issued
  up to April 2022, under 18 from May 2022 (applications from 2022-04-01, about a month before
  issue); the share comes from an age table of cards issued (5-year bands) where one is imported,
  else from :data:`NATIONAL_AGE_MIX`;
* adult cards: card due on the 10th birthday, certificate on the 5th; minors' cards: card and
  certificate both on the 5th (counted once, as the card).

Not modelled: deaths, moves out, cards returned, renewals made early. Pure, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from kofu.rules.calendar import YearMonth
from kofu.rules.forecast import FloatArray
from kofu.rules.validity import ADULT_YEARS, CERTIFICATE_YEARS, MINOR_YEARS, expiring_between

#: Cards held by age band on 2022-01-01 (総務省「年齢別交付状況」, 交付件数 計): the stated national
#: age mix used when no age table is imported. Bands (first age, last age) → cards.
NATIONAL_AGE_TABLE: dict[tuple[int, int], int] = {
    (0, 4): 1_006_525,
    (5, 9): 1_767_884,
    (10, 14): 1_834_243,
    (15, 19): 1_878_637,
    (20, 200): 45_384_431,
}
#: The first issue month judged by the adult age of 18 (applications from 2022-04-01).
ADULT_18_FROM = YearMonth(2022, 5)
#: My Number Cards were first issued in January 2016.
FIRST_ISSUE_MONTH = YearMonth(2016, 1)


@dataclass(frozen=True)
class AgeMix:
    """Shares of new cards issued to minors: under 20 (before 2022-04) and under 18 (after)."""

    under_20: float
    under_18: float

    def minor_share(self, issue_month: YearMonth) -> float:
        return self.under_18 if issue_month >= ADULT_18_FROM else self.under_20


def age_mix(bands: Mapping[tuple[int, int], float]) -> AgeMix:
    """Minor shares from cards by age band; a band across 18 or 20 is split evenly by year of age."""
    total = sum(bands.values())
    if total <= 0:
        raise ValueError("年齢別の交付件数の合計が0です")

    def below(age: int) -> float:
        share = 0.0
        for (first, last), cards in bands.items():
            years = last - first + 1
            inside = min(max(age - first, 0), years)
            share += cards * inside / years
        return share / total

    return AgeMix(under_20=below(20), under_18=below(18))


NATIONAL_AGE_MIX = age_mix(NATIONAL_AGE_TABLE)


def expiry_kernel(years: int) -> FloatArray:
    """Weights of the months after issue (index = months after the issue month) of an expiry on
    the ``years``-th birthday after issue."""
    kernel = np.zeros(12 * years + 1)
    start = 12 * (years - 1)
    kernel[start] = 1 / 24
    kernel[start + 1 : start + 12] = 1 / 12
    kernel[start + 12] = 1 / 24
    return kernel


def new_cards(
    months: Sequence[YearMonth], cumulative: FloatArray
) -> tuple[tuple[YearMonth, ...], FloatArray]:
    """Cards added per issue month ``[unit, month]`` from January 2016.

    ``cumulative`` are month-end counts over ``months``; the cards already issued at the first
    month end are spread evenly over January 2016 … that month (stated in docs/forecast.md);
    a month whose count fell (a correction) adds no cards.
    """
    if not months:
        return (), np.zeros((cumulative.shape[0], 0))
    before = [FIRST_ISSUE_MONTH.shift(i) for i in range(months[0].ordinal - FIRST_ISSUE_MONTH.ordinal + 1)]
    spread = np.repeat((cumulative[:, :1] / len(before)), len(before), axis=1)
    added = np.maximum(np.diff(cumulative, axis=1), 0.0)
    return (*before, *months[1:]), np.concatenate([spread, added], axis=1)


def estimate(
    issue_months: Sequence[YearMonth], new: FloatArray, mix: AgeMix, months: Sequence[YearMonth]
) -> tuple[FloatArray, FloatArray]:
    """Estimated card and certificate renewals ``[unit, month]`` in ``months``."""
    minor = np.array([mix.minor_share(m) for m in issue_months])
    adult_k, minor_k, cert_k = (
        expiry_kernel(ADULT_YEARS),
        expiry_kernel(MINOR_YEARS),
        expiry_kernel(CERTIFICATE_YEARS),
    )
    offsets = np.array([[m.ordinal - i.ordinal for m in months] for i in issue_months])

    def weights(kernel: FloatArray) -> FloatArray:
        inside = (offsets >= 0) & (offsets < len(kernel))
        return np.where(inside, kernel[np.clip(offsets, 0, len(kernel) - 1)], 0.0)

    card_w = (1 - minor)[:, None] * weights(adult_k) + minor[:, None] * weights(minor_k)
    cert_w = (1 - minor)[:, None] * weights(cert_k)
    cards: FloatArray = new @ card_w
    certificates: FloatArray = new @ cert_w
    return cards, certificates


Holder = tuple[object, dt.date, dt.date, dt.date]


def count(holders: Iterable[Holder], months: Sequence[YearMonth]) -> tuple[list[int], list[int]]:
    """Card and certificate renewals counted per month from ``(key, birth, applied, issued)``."""
    if not months:
        return [], []
    first = dt.date(months[0].year, months[0].month, 1)
    after = months[-1].shift(1)
    last = dt.date(after.year, after.month, 1) - dt.timedelta(days=1)
    tally = Counter(
        (YearMonth(item.expiry.year, item.expiry.month), item.kind)
        for item in expiring_between(holders, first, last)
    )
    return [tally[(m, "card")] for m in months], [tally[(m, "certificate")] for m in months]


def months_between(start: dt.date, end: dt.date) -> tuple[YearMonth, ...]:
    first, last = YearMonth(start.year, start.month), YearMonth(end.year, end.month)
    return tuple(first.shift(i) for i in range(last.ordinal - first.ordinal + 1))


def earliest_issue_month(month: YearMonth) -> YearMonth:
    """The earliest issue month whose cards can fall due in ``month`` (10 years + the kernel)."""
    return month.shift(-12 * ADULT_YEARS)


def latest_issue_month(month: YearMonth) -> YearMonth:
    """The latest issue month whose cards or certificates can fall due in ``month``."""
    return month.shift(-12 * (CERTIFICATE_YEARS - 1))
