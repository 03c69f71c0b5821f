"""Dates as the ministry prints them: ``2022/01/01``, ``令和4年1月1日``, ``令和4年10月末``, ``R4.1.1``,
``R7.8末`` (month-end, 末 straight after the month)."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

from kofu.core.tabular.cells import CellError, nfkc

_ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988}

#: The day, or 末 (month-end) after the month with or without a separator (``8月末``, ``R7.8末``).
_DAY = r"\s*(?:[/\-.月]\s*|(?=末))(\d{1,2}|末)\s*日?"
_WESTERN = re.compile(r"(\d{4})\s*[/\-.年]\s*(\d{1,2})" + _DAY)
_JAPANESE = re.compile(r"(令和|平成|R|H)\s*(元|\d{1,2})\s*[年.]\s*(\d{1,2})" + _DAY)
_ISO_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?")


def _build(year: int, month: int, day: str) -> dt.date:
    if day == "末":
        if not 1 <= month <= 12:
            raise ValueError(month)
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, month, int(day))


def _from_match(match: re.Match[str], japanese: bool) -> dt.date:
    if japanese:
        era, year_text, month, day = match.groups()
        year = _ERAS[era] + (1 if year_text == "元" else int(year_text))
    else:
        year_text, month, day = match.groups()
        year = int(year_text)
    return _build(year, int(month), day)


@functools.lru_cache(maxsize=1024)
def parse_date(text: str) -> dt.date | None:
    """The date in a cell; blank gives None; anything else unreadable raises :class:`CellError`.

    Remembered per text: a file repeats its two or three dates on every row."""
    value = nfkc(text).strip()
    if not value:
        return None
    iso = _ISO_DATETIME.fullmatch(value)
    patterns = [(_WESTERN, False), (_JAPANESE, True)]
    try:
        if iso:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        for pattern, japanese in patterns:
            match = pattern.fullmatch(value)
            if match:
                return _from_match(match, japanese)
    except ValueError as exc:
        raise CellError(f"存在しない日付です: {text.strip()!r}") from exc
    raise CellError(f"日付として読めません: {text.strip()!r}（例: 2022/01/01、令和4年1月1日）")


def parse_option_date(text: str | None) -> dt.date | None:
    """A date given on the command line (``2022-01-01`` and the forms above)."""
    if text is None or not text.strip():
        return None
    return parse_date(text)


def dates_in_text(text: str) -> list[tuple[dt.date, bool]]:
    """Every date in ``text`` with whether it is about population (``人口`` just before it).

    Only dates followed by 現在・時点・末 count, so a table's other numbers are never taken.
    """
    value = nfkc(text)
    found: list[tuple[int, dt.date, bool]] = []
    for pattern, japanese in ((_WESTERN, False), (_JAPANESE, True)):
        for match in pattern.finditer(value):
            tail = value[match.end() : match.end() + 3]
            if not (tail.startswith(("現在", "時点")) or match.group(match.lastindex or 0) == "末"):
                continue
            try:
                date = _from_match(match, japanese)
            except ValueError:
                continue
            about_population = "人口" in value[max(0, match.start() - 12) : match.start()]
            found.append((match.start(), date, about_population))
    return [(date, population) for _, date, population in sorted(found, key=lambda item: item[0])]
