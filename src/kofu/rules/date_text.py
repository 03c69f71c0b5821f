"""Dates as residents write them (the one parser; the one formatter is :mod:`kofu.rules.wareki`): 西暦 (1980-01-02, 1980/1/2, 1980年1月2日) or 和暦 (S55.1.2,
昭和55年1月2日, 平成元年, full-width digits, ㍼ and other era ligatures).

Pure functions, no Django and no clock: the caller passes ``today`` to refuse dates in the future.
Every refusal is a :class:`DateTextError` with a Japanese message that says what to type.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from kofu.rules.wareki import ERAS as wareki_eras
from kofu.rules.wareki import wareki


class DateTextError(ValueError):
    """A date that cannot be read; ``str(error)`` is the Japanese message for the resident."""


@dataclass(frozen=True)
class Era:
    name: str
    letter: str
    first_day: dt.date

    @property
    def first_year(self) -> int:
        return self.first_day.year


#: The one table of eras (:data:`kofu.rules.wareki.ERAS`, 明治 from 1868-01-01 as the family
#: register counts birth dates), oldest first, with the letter residents write (S55.1.2).
_LETTERS = {"明治": "M", "大正": "T", "昭和": "S", "平成": "H", "令和": "R"}
ERAS = tuple(Era(name, _LETTERS[name], first_day) for first_day, name in reversed(wareki_eras))
_BY_KEY = {key: era for era in ERAS for key in (era.name, era.letter)}

EXAMPLE = "例: 1980-01-02、1980/1/2、S55.1.2、昭和55年1月2日"
UNREADABLE = f"生年月日を読み取れませんでした。年・月・日を入力してください（{EXAMPLE}）。"

_SEP = r"\s*[./\-年月日、,\s]\s*"
_WESTERN = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_JAPANESE = re.compile(
    rf"^(明治|大正|昭和|平成|令和|[MTSHR])\s*(\d{{1,2}}|元){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})\s*日?$"
)


def _normalise(text: str) -> str:
    """NFKC (full-width digits, ㍼ → 昭和), upper case, Japanese long dashes as hyphens."""
    value = unicodedata.normalize("NFKC", text or "").strip().upper()
    for dash in ("ー", "−", "―", "‐", "～", "〜"):
        value = value.replace(dash, "-")
    return value


def era_of(name_or_letter: str) -> Era:
    try:
        return _BY_KEY[_normalise(name_or_letter)]
    except KeyError:
        raise DateTextError(f"元号は {'・'.join(e.name for e in ERAS)} から選んでください。") from None


def _date(year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise DateTextError(f"{month}月はありません。月は1から12で入力してください。")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateTextError(f"{month}月{day}日はありません。日付を確かめてください。") from None


def from_era(era: Era, year: int, month: int, day: int) -> dt.date:
    """The 西暦 date of ``era`` year ``year`` (1 = 元年), refusing days outside the era."""
    if year < 1:
        raise DateTextError(f"{era.name}の年は1（元年）以上で入力してください。")
    value = _date(era.first_year + year - 1, month, day)
    if value < era.first_day:
        raise DateTextError(f"{era.name}は{_japanese(era.first_day)}からです。日付を確かめてください。")
    following = ERAS[ERAS.index(era) + 1] if era is not ERAS[-1] else None
    if following is not None and value >= following.first_day:
        raise DateTextError(
            f"{era.name}{year}年{month}月{day}日は{wareki(value)}です。元号を確かめてください。"
        )
    return value


def from_parts(era: str, year: int, month: int, day: int) -> dt.date:
    """Year, month and day typed in separate inputs; ``era`` "西暦" or an era name/letter."""
    if _normalise(era) in ("西暦", "AD", ""):
        return _date(year, month, day)
    return from_era(era_of(era), year, month, day)


def parse_date(text: str, *, today: dt.date | None = None) -> dt.date:
    """The date written in ``text``; ``today`` refuses later dates (a birth date)."""
    value = _normalise(text)
    if not value:
        raise DateTextError(f"生年月日を入力してください（{EXAMPLE}）。")
    if match := _JAPANESE.match(value):
        era, year, month, day = match.groups()
        result = from_era(_BY_KEY[era], 1 if year == "元" else int(year), int(month), int(day))
    elif match := _WESTERN.match(value) or _COMPACT.match(value):
        result = _date(*(int(g) for g in match.groups()))
    else:
        raise DateTextError(UNREADABLE)
    if result.year < ERAS[0].first_year:
        raise DateTextError(f"{result.year}年は古すぎます。年を確かめてください。")
    if today is not None and result > today:
        raise DateTextError("生年月日が今日より後になっています。年を確かめてください。")
    return result


def _japanese(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"
