"""No-show rates (来庁なしの率) by site, weekday and lead time.

Pure functions (no Django). An outcome is one booking whose visit has passed: seen (受付済み),
no-show (来庁なし) or excused (欠席の連絡あり). The rate is no-shows over the visits that were
expected — seen + no-show; an excused booking told the office beforehand and is counted apart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from fractions import Fraction

SEEN, NO_SHOW, EXCUSED = "checked_in", "no_show", "excused"

#: Lead time (days from booking to visit) bands: (first day, last day or None, label).
LEAD_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 2, "2日前まで"),
    (3, 6, "3〜6日前"),
    (7, 13, "7〜13日前"),
    (14, None, "14日以上前"),
)
WEEKDAYS = ("月", "火", "水", "木", "金", "土", "日")


@dataclass(frozen=True)
class Outcome:
    site: str
    visit_on: dt.date
    booked_on: dt.date
    status: str


@dataclass(frozen=True)
class Rate:
    key: str
    seen: int
    no_show: int
    excused: int

    @property
    def expected(self) -> int:
        return self.seen + self.no_show

    @property
    def rate(self) -> Fraction | None:
        """No-shows over expected visits (None when none were expected)."""
        return Fraction(self.no_show, self.expected) if self.expected else None

    @property
    def percent(self) -> Fraction | None:
        return None if self.rate is None else self.rate * 100


def lead_band(outcome: Outcome) -> str:
    days = max(0, (outcome.visit_on - outcome.booked_on).days)
    for first, last, label in LEAD_BANDS:
        if days >= first and (last is None or days <= last):
            return label
    raise AssertionError("the last band is open-ended")


def _rates(outcomes: Iterable[Outcome], key: Callable[[Outcome], Hashable], order: list[str]) -> list[Rate]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for outcome in outcomes:
        if outcome.status in (SEEN, NO_SHOW, EXCUSED):
            counts[str(key(outcome))][outcome.status] += 1
    keys = [k for k in order if k in counts] + sorted(k for k in counts if k not in order)
    return [Rate(k, counts[k][SEEN], counts[k][NO_SHOW], counts[k][EXCUSED]) for k in keys]


def by_site(outcomes: Iterable[Outcome]) -> list[Rate]:
    return _rates(outcomes, lambda o: o.site, [])


def by_weekday(outcomes: Iterable[Outcome]) -> list[Rate]:
    return _rates(outcomes, lambda o: WEEKDAYS[o.visit_on.weekday()], list(WEEKDAYS))


def by_lead_time(outcomes: Iterable[Outcome]) -> list[Rate]:
    return _rates(outcomes, lead_band, [label for _, _, label in LEAD_BANDS])
