"""A synthetic city: cards issued month by month since 2016 to residents of known ages.

Deterministic (seeded). Ages at issue follow ``AGE_WEIGHTS`` by 5-year band; the monthly volume
rises in 2020–2022 as the published national series did. Used by the renewal tests: the exact
counts from the card records and the estimate from the monthly totals are compared on it.
"""

from __future__ import annotations

import datetime as dt
import random

from kofu.rules.calendar import YearMonth

#: Share of cards by age at issue, 5-year bands from 0 (the last band is 75–89).
AGE_WEIGHTS = [4, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 7, 5, 4, 2]
FIRST = YearMonth(2016, 1)
LAST = YearMonth(2022, 9)


def monthly_volume(month: YearMonth, scale: int) -> int:
    """Cards issued in ``month``: low before 2020, a surge from mid-2020, a lull in 2022."""
    if month < YearMonth(2020, 6):
        return scale
    if month < YearMonth(2021, 9):
        return scale * 4
    return scale * 2


def holders(scale: int = 40, seed: int = 17) -> list[tuple[object, dt.date, dt.date, dt.date]]:
    """``(key, birth, applied, issued)`` for every card of the city."""
    rng = random.Random(seed)
    result: list[tuple[object, dt.date, dt.date, dt.date]] = []
    month = FIRST
    while month <= LAST:
        days = (YearMonth(month.year, month.month).shift(1), month)
        first = dt.date(month.year, month.month, 1)
        length = (dt.date(days[0].year, days[0].month, 1) - first).days
        for _ in range(monthly_volume(month, scale)):
            issued = first + dt.timedelta(days=rng.randrange(length))
            applied = issued - dt.timedelta(days=rng.randrange(20, 60))
            band = rng.choices(range(len(AGE_WEIGHTS)), weights=AGE_WEIGHTS)[0]
            age_days = rng.randrange(band * 5 * 365, (band * 5 + 5) * 365)
            birth = applied - dt.timedelta(days=age_days)
            result.append((len(result), birth, applied, issued))
        month = month.shift(1)
    return result


def age_table() -> dict[tuple[int, int], float]:
    """The city's cards by age band at issue (what an imported age table would give)."""
    return {(5 * i, 5 * i + 4): float(w) for i, w in enumerate(AGE_WEIGHTS)}
