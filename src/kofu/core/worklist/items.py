"""One line of a work queue, and the month whose reports are due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kofu.rules.calendar import YearMonth
from kofu.rules.plan_followup import report_due


@dataclass(frozen=True)
class Task:
    """``label`` with ``count`` things to do (None: not a count), at ``url``; ``urgent`` when a deadline has passed."""

    label: str
    count: int | None
    url: str
    note: str = ""
    urgent: bool = False
    unit: str = "件"


def last_due_month(today: dt.date) -> YearMonth:
    """The latest month whose report deadline (the 15th of the next month) has passed."""
    month = YearMonth(today.year, today.month).shift(-1)
    return month if report_due(month) < today else month.shift(-1)


def day_label(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"
