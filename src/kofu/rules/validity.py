"""Validity of the My Number Card and of its electronic certificates (seed 004, 個人番号カード等省令).

* Card: until the holder's 10th birthday after the issue date (発行の日後のN回目の誕生日) for
  adults, the 5th for minors. A birthday falling on the issue date itself does not count.
* "Adult" is judged on the issue date: 20 or over for applications received before 2022-04-01,
  18 or over for applications received from 2022-04-01 (the age of majority fell to 18).
* Electronic certificates (signature / user authentication): the 5th birthday after the issue date.

Birthdays on 29 February: in a common year the birthday is taken as **28 February** (the Act on
the Calculation of Age, 年齢計算ニ関スル法律, completes the year of age at the end of the day
before the anniversary, which for a 29 February birth is 28 February). Ages are computed the same
way: a person born on 29 February reaches the next age on 1 March of a common year.

Pure functions: no clock, no ORM.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

#: From this application date the adult age for the card's validity is 18 (before: 20).
MAJORITY_CHANGE = date(2022, 4, 1)
ADULT_YEARS = 10
MINOR_YEARS = 5
CERTIFICATE_YEARS = 5


class ValidityError(ValueError):
    """Inconsistent dates (issued before applied, born after the issue date)."""


def birthday_in(year: int, birth: date) -> date:
    """The holder's birthday in ``year`` (29 February → 28 February in a common year)."""
    if birth.month == 2 and birth.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return birth.replace(year=year)


def age_on(birth: date, day: date) -> int:
    """Age in completed years on ``day`` (Age Calculation Act; 29 Feb births age on 1 March)."""
    if day < birth:
        raise ValidityError("生年月日が基準日より後です")
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def adult_age(applied: date) -> int:
    """The age from which the 10-year card applies, by the application date."""
    return 18 if applied >= MAJORITY_CHANGE else 20


def is_adult(*, birth: date, applied: date, issued: date) -> bool:
    return age_on(birth, issued) >= adult_age(applied)


def nth_birthday_after(birth: date, day: date, n: int) -> date:
    """The ``n``-th birthday strictly after ``day`` (a birthday on ``day`` does not count)."""
    if n < 1:
        raise ValidityError("n は1以上です")
    first_year = day.year if birthday_in(day.year, birth) > day else day.year + 1
    return birthday_in(first_year + n - 1, birth)


@dataclass(frozen=True)
class Validity:
    card_expiry: date
    certificate_expiry: date
    adult: bool


def validity(*, birth: date, applied: date, issued: date) -> Validity:
    """Card and certificate expiry for a card issued on ``issued`` from an application of ``applied``."""
    if issued < applied:
        raise ValidityError("発行日が申請受付日より前です")
    if birth > applied:
        raise ValidityError("生年月日が申請受付日より後です")
    adult = is_adult(birth=birth, applied=applied, issued=issued)
    years = ADULT_YEARS if adult else MINOR_YEARS
    return Validity(
        card_expiry=nth_birthday_after(birth, issued, years),
        certificate_expiry=nth_birthday_after(birth, issued, CERTIFICATE_YEARS),
        adult=adult,
    )


@dataclass(frozen=True)
class ExpiryItem:
    key: object
    kind: str  # "card" or "certificate"
    expiry: date


def expiring_between(
    holders: Iterable[tuple[object, date, date, date]], start: date, end: date
) -> list[ExpiryItem]:
    """Renewal reminders: cards and certificates expiring in [start, end], earliest first.

    ``holders`` yields ``(key, birth, applied, issued)``.
    """
    items: list[ExpiryItem] = []
    for key, birth, applied, issued in holders:
        result = validity(birth=birth, applied=applied, issued=issued)
        if start <= result.card_expiry <= end:
            items.append(ExpiryItem(key, "card", result.card_expiry))
        if start <= result.certificate_expiry <= end and result.certificate_expiry != result.card_expiry:
            items.append(ExpiryItem(key, "certificate", result.certificate_expiry))
    items.sort(key=lambda item: (item.expiry, item.kind, str(item.key)))
    return items
