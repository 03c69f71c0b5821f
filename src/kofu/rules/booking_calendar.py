"""Pickup calendar rules: opening rules, closed days, slots, capacity and channel quotas.

Pure functions (no Django): the bookings app stores the rules and calls these to decide which
days are open and which slots exist. Days are local (JST) dates; times are naive JST wall-clock
times that the caller turns into aware datetimes (stored in UTC).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import jpholiday

from kofu.rules.calendar import is_year_end_closure

JST = dt.timezone(dt.timedelta(hours=9), "JST")

WEEKDAY_LABELS = ("月", "火", "水", "木", "金", "土", "日")


class CalendarError(ValueError):
    """A rule that cannot be used (overlap, empty hours, bad numbers); the message is Japanese."""


@dataclass(frozen=True)
class OpeningRule:
    """Hours on some weekdays: ``weekdays`` 0=Mon … 6=Sun, ``start``–``end`` JST, ``windows`` open.

    ``weeks`` limits the rule to the n-th occurrence of the weekday in the month (1–5; empty: every
    week). ``valid_from``/``valid_to`` (inclusive) limit it in time (e.g. a special centre's season).
    """

    weekdays: frozenset[int]
    start: dt.time
    end: dt.time
    windows: int
    weeks: frozenset[int] = field(default_factory=frozenset)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    label: str = ""

    def applies_on(self, day: dt.date) -> bool:
        if day.weekday() not in self.weekdays:
            return False
        if self.valid_from and day < self.valid_from:
            return False
        if self.valid_to and day > self.valid_to:
            return False
        return not self.weeks or nth_weekday_of_month(day) in self.weeks


@dataclass(frozen=True)
class Closure:
    start: dt.date
    end: dt.date
    reason: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def nth_weekday_of_month(day: dt.date) -> int:
    """1 for the first Monday (Tuesday, …) of the month, 2 for the second, and so on."""
    return (day.day - 1) // 7 + 1


def is_monthly_closed_weekend(day: dt.date, nth_saturday: int | None) -> bool:
    """True on the n-th Saturday of the month and on the Sunday right after it."""
    if not nth_saturday:
        return False
    if day.weekday() == 5:
        return nth_weekday_of_month(day) == nth_saturday
    if day.weekday() == 6:
        saturday = day - dt.timedelta(days=1)
        return nth_weekday_of_month(saturday) == nth_saturday
    return False


def closed_reason(
    day: dt.date,
    *,
    closures: Iterable[Closure] = (),
    year_end: bool = True,
    holidays: bool = True,
    closed_weekend: int | None = None,
) -> str | None:
    """Why the site is closed on ``day`` (Japanese), or ``None`` when it may open."""
    if holidays:
        name = jpholiday.is_holiday_name(day)
        if name:
            return f"祝日（{name}）"
    if year_end and is_year_end_closure(day):  # 12/29–1/3 unless the site opens then
        return "年末年始（12月29日〜1月3日）"
    if is_monthly_closed_weekend(day, closed_weekend):
        return f"第{closed_weekend}土曜日とその翌日の休業日"
    for closure in closures:
        if closure.covers(day):
            return closure.reason or "休業日"
    return None


def _overlap(a: OpeningRule, b: OpeningRule) -> bool:
    if not a.weekdays & b.weekdays:
        return False
    if a.weeks and b.weeks and not a.weeks & b.weeks:
        return False
    a_from, a_to = a.valid_from or dt.date.min, a.valid_to or dt.date.max
    b_from, b_to = b.valid_from or dt.date.min, b.valid_to or dt.date.max
    if a_to < b_from or b_to < a_from:
        return False
    return a.start < b.end and b.start < a.end


def check_rule(rule: OpeningRule) -> None:
    if not rule.weekdays or not rule.weekdays <= set(range(7)):
        raise CalendarError("曜日を1つ以上選んでください（月〜日）。")
    if rule.start >= rule.end:
        raise CalendarError(
            f"終了時刻（{rule.end:%H:%M}）は開始時刻（{rule.start:%H:%M}）より後にしてください。"
        )
    if rule.windows < 1:
        raise CalendarError("開ける窓口の数は1以上にしてください。")
    if rule.weeks and not rule.weeks <= {1, 2, 3, 4, 5}:
        raise CalendarError("第何週は1〜5で指定してください。")
    if rule.valid_from and rule.valid_to and rule.valid_from > rule.valid_to:
        raise CalendarError("適用期間の終わりは始まりより後にしてください。")


def describe_rule(rule: OpeningRule) -> str:
    """A rule in words, e.g. 「平日」（月・火・水・木・金 08:30–17:15、2025-04-01〜）."""
    days = "・".join(WEEKDAY_LABELS[d] for d in sorted(rule.weekdays))
    if rule.weeks:
        days = "・".join(f"第{n}" for n in sorted(rule.weeks)) + days
    period = ""
    if rule.valid_from or rule.valid_to:
        start = rule.valid_from.isoformat() if rule.valid_from else ""
        end = rule.valid_to.isoformat() if rule.valid_to else ""
        period = f"、{start}〜{end}"
    text = f"{days} {rule.start:%H:%M}–{rule.end:%H:%M}{period}"
    return f"「{rule.label}」（{text}）" if rule.label else f"（{text}）"


def check_rules(rules: Sequence[OpeningRule]) -> None:
    """Each rule is well formed and no two rules cover the same weekday and time; else CalendarError.

    The message names both rules, the later one (the one being added) first.
    """
    for rule in rules:
        check_rule(rule)
    for i, a in enumerate(rules):
        for b in rules[i + 1 :]:
            if _overlap(a, b):
                days = "・".join(WEEKDAY_LABELS[d] for d in sorted(a.weekdays & b.weekdays))
                raise CalendarError(
                    f"開庁時間が重なっています：{describe_rule(b)}は登録済みの開庁時間"
                    f"{describe_rule(a)}と{days}曜日の時間が重なります。"
                )


def slot_minutes(service_minutes: int, people_per_window: int) -> int:
    """A slot lasts long enough for each window to serve ``people_per_window`` residents."""
    if service_minutes < 1 or people_per_window < 1:
        raise CalendarError("1人あたりの交付時間と1窓口あたりの人数は1以上にしてください。")
    return service_minutes * people_per_window


def slot_capacity(windows: int, people_per_window: int) -> int:
    return windows * people_per_window


def split_quota(capacity: int, web_percent: int, phone_percent: int) -> tuple[int, int, int]:
    """Split a slot's capacity into (web, phone, walk-in) seats; walk-in gets what is left.

    The three are separate: a web booking takes a web seat, a phone booking a phone seat, a walk-in
    one of the rest. Staff move seats between channels by editing the slot's quotas.

    Shares are rounded down for web and phone, so the three always add up to ``capacity``.
    """
    if web_percent < 0 or phone_percent < 0 or web_percent + phone_percent > 100:
        raise CalendarError("Web と電話の割合は0以上、合計100%以下にしてください。")
    web = capacity * web_percent // 100
    phone = capacity * phone_percent // 100
    return web, phone, capacity - web - phone


@dataclass(frozen=True)
class SlotSpec:
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    web_capacity: int
    phone_capacity: int = 0


def slots_on(
    day: dt.date,
    rules: Sequence[OpeningRule],
    *,
    service_minutes: int,
    people_per_window: int,
    web_percent: int = 100,
    phone_percent: int = 0,
    closures: Iterable[Closure] = (),
    year_end: bool = True,
    closed_weekend: int | None = None,
) -> list[SlotSpec]:
    """The slots of one day (aware JST datetimes); none on a closed day."""
    if closed_reason(day, closures=closures, year_end=year_end, closed_weekend=closed_weekend):
        return []
    length = dt.timedelta(minutes=slot_minutes(service_minutes, people_per_window))
    out: list[SlotSpec] = []
    for rule in sorted(rules, key=lambda r: r.start):
        if not rule.applies_on(day):
            continue
        capacity = slot_capacity(rule.windows, people_per_window)
        web, phone, _ = split_quota(capacity, web_percent, phone_percent)
        start = dt.datetime.combine(day, rule.start, tzinfo=JST)
        end = dt.datetime.combine(day, rule.end, tzinfo=JST)
        while start + length <= end:
            out.append(SlotSpec(start, start + length, capacity, web, phone))
            start += length
    return out


def bookable_days(
    today: dt.date, *, horizon_days: int = 31, closing_days: int = 3
) -> tuple[dt.date, dt.date]:
    """First and last day a resident may book on ``today`` (inclusive)."""
    return today + dt.timedelta(days=closing_days), today + dt.timedelta(days=horizon_days)


def can_change(slot_start: dt.datetime, now: dt.datetime, *, cutoff_hours: int) -> bool:
    """A resident may change or cancel until ``cutoff_hours`` before the slot starts."""
    return now <= slot_start - dt.timedelta(hours=cutoff_hours)


def jst(moment: dt.datetime) -> str:
    """An aware datetime as JST with an explicit offset: ``2025-04-01 08:30+09:00``."""
    return moment.astimezone(JST).strftime("%Y-%m-%d %H:%M+09:00")
