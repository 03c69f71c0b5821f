"""Monthly follow-up of the smoothing plan (実績報告 and 事情聴取 deadlines, plan vs actual).

Seed 004 p.10: 「都道府県とりまとめ → 翌月15日：実績報告〆 → 翌月25日：事情聴取〆」.

* The **report** for month M is due on the 15th of M+1; the **hearing** on the 25th of M+1.
* A report's **status** on ``today`` (a date in Asia/Tokyo, passed in):
  ``on_time`` (filed on or before the due date), ``late`` (filed after it), ``missing`` (not filed
  and the due date has passed), ``not_due`` (not filed, due date not yet passed).
* **Plan vs actual**: per month the target, the cards issued and the deviation (actual − target),
  and the same cumulatively from the first plan month; months without a report count 0 actual
  and are marked unreported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from kofu.rules.calendar import YearMonth

REPORT_DUE_DAY = 15
HEARING_DUE_DAY = 25


class ReportStatus(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    NOT_DUE = "not_due"


REPORT_STATUS_LABELS = {
    ReportStatus.ON_TIME: "期限内",
    ReportStatus.LATE: "期限後に提出（遅延）",
    ReportStatus.MISSING: "未提出（期限超過）",
    ReportStatus.NOT_DUE: "未提出（期限前）",
}


def report_due(month: YearMonth) -> dt.date:
    """The 15th of the month after ``month``: 2022-01 → 2022-02-15."""
    following = month.shift(1)
    return dt.date(following.year, following.month, REPORT_DUE_DAY)


def hearing_due(month: YearMonth) -> dt.date:
    """The 25th of the month after ``month``: 2022-01 → 2022-02-25."""
    following = month.shift(1)
    return dt.date(following.year, following.month, HEARING_DUE_DAY)


def report_status(month: YearMonth, *, filed_on: dt.date | None, today: dt.date) -> ReportStatus:
    """Whether the report for ``month`` was filed on time, late, is missing or not yet due."""
    due = report_due(month)
    if filed_on is not None:
        return ReportStatus.ON_TIME if filed_on <= due else ReportStatus.LATE
    return ReportStatus.MISSING if today > due else ReportStatus.NOT_DUE


@dataclass(frozen=True)
class Comparison:
    month: YearMonth
    target: int
    actual: int | None  # None: no report for the month
    cumulative_target: int
    cumulative_actual: int

    @property
    def deviation(self) -> int | None:
        return None if self.actual is None else self.actual - self.target

    @property
    def cumulative_deviation(self) -> int:
        return self.cumulative_actual - self.cumulative_target

    @property
    def reported(self) -> bool:
        return self.actual is not None


def plan_vs_actual(
    targets: Sequence[tuple[YearMonth, int]], actuals: Mapping[YearMonth, int]
) -> list[Comparison]:
    """Monthly and cumulative target vs cards issued, in plan month order."""
    rows: list[Comparison] = []
    cumulative_target = cumulative_actual = 0
    for month, target in targets:
        actual = actuals.get(month)
        cumulative_target += target
        cumulative_actual += actual or 0
        rows.append(Comparison(month, target, actual, cumulative_target, cumulative_actual))
    return rows
