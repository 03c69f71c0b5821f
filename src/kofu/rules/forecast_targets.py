"""When a unit reaches a target rate at its forecast pace — or that it will not.

The path beyond the first months is the same damped trend (its monthly increase settles at
``level × exp(g × φ ÷ (1 − φ))``), rates divided by the latest population, capped at 100 %.
Targets: the national average (the latest national rate), 90 %, and ほぼ全国民 — read as every
resident (100 %), as the plan review reads 「ほとんどの住民」 (kofu.rules.plans.review_plan).
The search stops after :data:`LOOK_AHEAD` months: not reached by then is "not at its pace".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kofu.rules.calendar import YearMonth
from kofu.rules.forecast import FloatArray

LOOK_AHEAD = 120
NEARLY_ALL = 100.0
NINETY = 90.0


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    rate: float


def targets(national_rate: float) -> tuple[Target, ...]:
    return (
        Target("national", f"全国平均（{national_rate:.1f}％）", national_rate),
        Target("ninety", "90％", NINETY),
        Target("nearly-all", "ほぼ全国民（100％）", NEARLY_ALL),
    )


@dataclass(frozen=True)
class Reach:
    """The month a target is reached: ``already`` now, a month, or ``None`` (not at this pace)."""

    target: Target
    already: bool
    month: YearMonth | None
    #: The interval's months: earliest with the high path, latest with the low path (None: not
    #: within the look-ahead).
    earliest: YearMonth | None
    latest: YearMonth | None

    @property
    def label(self) -> str:
        if self.already:
            return "到達済み"
        if self.month is None:
            return f"この勢いでは{LOOK_AHEAD // 12}年以内に到達しません"
        return f"{self.month.year}年{self.month.month}月"


def first_month(path: FloatArray, threshold: float, start: YearMonth) -> YearMonth | None:
    """The first month of ``path`` (month 1 = ``start`` + 1) whose rate reaches ``threshold``."""
    hits = np.nonzero(path >= threshold - 1e-9)[0]
    return start.shift(int(hits[0]) + 1) if hits.size else None


def reach(
    target: Target, current: float, point: FloatArray, low: FloatArray, high: FloatArray, start: YearMonth
) -> Reach:
    """Rates (percent) month by month after ``start`` for one unit."""
    if current >= target.rate:
        return Reach(target, True, None, None, None)
    return Reach(
        target,
        False,
        first_month(point, target.rate, start),
        first_month(high, target.rate, start),
        first_month(low, target.rate, start),
    )
