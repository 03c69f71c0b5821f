"""Months and opening days for the smoothing plan (交付円滑化計画).

* A **business day** (開庁日) is a weekday that is not a national holiday (国民の祝日・振替休日・
  国民の休日, from ``jpholiday``) and not in the year-end closure 12/29–1/3 (年末年始の休庁日).
* A **weekend day** available for opening is a Saturday or Sunday outside the year-end closure.
  The plan adds the weekend days the municipality intends to open (土日の交付実施予定日数);
  national holidays falling on a weekday are never counted as opening days.
* **Opening days** of a month = its business days + its planned weekend days.

The holiday calendar is a parameter (``is_holiday``) so tests and callers can pin it; the default
is ``jpholiday.is_holiday``.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import jpholiday

HolidayCheck = Callable[[dt.date], bool]

_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthError(ValueError):
    """A month is malformed (not ``YYYY-MM``) or out of range."""


@dataclass(frozen=True, order=True)
class YearMonth:
    """A calendar month, printed and parsed as ``YYYY-MM``."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise MonthError(f"月は1〜12で指定してください: {self.year}-{self.month}")
        if not 1 <= self.year <= 9999:
            raise MonthError(f"年は1〜9999で指定してください: {self.year}")

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        """``"2022-05"`` → ``YearMonth(2022, 5)``; anything else raises :class:`MonthError`."""
        match = _YEAR_MONTH.match(text.strip())
        if not match:
            raise MonthError(f"月は YYYY-MM の形式で指定してください（例: 2022-05）: {text!r}")
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise MonthError(f"月は01〜12で指定してください: {text!r}")
        if year < 1:
            raise MonthError(f"年が正しくありません: {text!r}")
        return cls(year, month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def ordinal(self) -> int:
        """Months since year 0: consecutive months differ by 1."""
        return self.year * 12 + self.month - 1

    def shift(self, months: int) -> YearMonth:
        ordinal = self.ordinal + months
        return YearMonth(ordinal // 12, ordinal % 12 + 1)

    def days(self) -> Iterator[dt.date]:
        """Every date of the month, in order."""
        for day in range(1, _calendar.monthrange(self.year, self.month)[1] + 1):
            yield dt.date(self.year, self.month, day)


def months_after(base: YearMonth, through: YearMonth) -> list[YearMonth]:
    """The months after ``base`` up to and including ``through`` (empty when ``through <= base``)."""
    return [base.shift(n) for n in range(1, through.ordinal - base.ordinal + 1)]


def is_year_end_closure(day: dt.date) -> bool:
    """12/29–12/31 and 1/1–1/3: the closure every municipality's 休日条例 sets (地方自治法 第4条の2)."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


def is_business_day(day: dt.date, is_holiday: HolidayCheck = jpholiday.is_holiday) -> bool:
    """A weekday that is neither a national holiday nor in the year-end closure."""
    return not is_weekend(day) and not is_year_end_closure(day) and not is_holiday(day)


def business_days(month: YearMonth, is_holiday: HolidayCheck = jpholiday.is_holiday) -> int:
    """Number of business days (開庁日) in ``month``: 19 in 2022-05 (Golden Week), 19 in 2023-01.

    With the default calendar the count is cached per month (sizing 1,741 plans asks for the same
    15 months 1,741 times); a calendar passed in is always consulted day by day.
    """
    if is_holiday is jpholiday.is_holiday:
        return _national_business_days(month)
    return sum(1 for day in month.days() if is_business_day(day, is_holiday))


@functools.lru_cache(maxsize=1200)
def _national_business_days(month: YearMonth) -> int:
    return sum(1 for day in month.days() if is_business_day(day, jpholiday.is_holiday))


@functools.lru_cache(maxsize=1200)
def weekend_days_available(month: YearMonth) -> int:
    """Saturdays and Sundays of ``month`` outside the year-end closure (8 to 10 in any month)."""
    return sum(1 for day in month.days() if is_weekend(day) and not is_year_end_closure(day))
