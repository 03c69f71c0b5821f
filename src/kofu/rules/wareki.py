"""Japanese era dates (和暦): the one formatter of dates and fiscal years (令和・平成・昭和, and 大正・明治 for birth dates).

``wareki`` names a day by the era in force on it (令和 from 2019-05-01, 平成 from 1989-01-08,
昭和 from 1926-12-25); the first year of an era reads 元年. ``fiscal_year_wareki`` names the fiscal
year that starts in April of ``year`` as the government does: 2019 is 令和元年度 (the era's name
replaced 平成31年度 for the whole year) and 1988 is 昭和63年度.
"""

from __future__ import annotations

import datetime as dt

#: (first day, name) of each era, newest first.
ERAS: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
    (dt.date(1912, 7, 30), "大正"),
    (dt.date(1868, 1, 1), "明治"),  # as the family register counts birth dates before the solar calendar
)


class EraError(ValueError):
    """A date before 明治 (kofu has no use for older eras)."""


def _era_year(name: str, first_year: int, year: int) -> str:
    number = year - first_year + 1
    return f"{name}{'元' if number == 1 else number}年"


def wareki(day: dt.date) -> str:
    """``2022-01-01`` → ``令和4年1月1日``; ``2019-04-30`` → ``平成31年4月30日``."""
    for start, name in ERAS:
        if day >= start:
            return f"{_era_year(name, start.year, day.year)}{day.month}月{day.day}日"
    raise EraError(f"明治より前の日付は和暦で表せません: {day.isoformat()}")


def fiscal_year_wareki(year: int) -> str:
    """The fiscal year starting in April of ``year``: 2021 → ``令和3年度``, 2019 → ``令和元年度``."""
    for start, name in ERAS:
        if year >= start.year:
            return f"{_era_year(name, start.year, year)}度"
    raise EraError(f"明治より前の年度は和暦で表せません: {year}")
