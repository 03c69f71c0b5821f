"""The weekend rule in force on a date, the re-revised plan's checks and the plan's other measures.

**Weekend opening** (the prefecture's check 4). The seeds tighten it twice:

* 総行住第181号 (seed 003 §2(1), 2020-10-27): "毎週土日のいずれかは交付窓口を開設する" — one
  weekend day every week. kofu gives each weekend to the month of its Saturday, so a month needs
  as many weekend opening days as it has Saturdays outside the year-end closure (4 or 5).
* 総行マ第60号 (seed 004 p.10 2(3), 2021-12-09): "毎週土日いずれも開庁" — every Saturday and
  Sunday: all the month's weekend days outside the year-end closure (8 to 10).

Before 2020-10-27 the seeds set no weekend count (the 2020 revision made it a new item of the plan,
seed 003 §2(1) なお書き), so no minimum applies.

**The re-revised plan** (seed 004 p.10, 2021-12-09) adds: capacity ready at the start of FY2022,
about June 2022 at the latest (2(1)); 交付前設定 outsourced to lighten the work (2(4)); pickup
booking and other levelling measures (2(5)). Each is a plan field and a review check.

**Other measures** shown in the review and the monthly report (seed 003 §2(3), §3(2), §3(4); seed
002): part-time staff (会計年度任用職員) recruited early, evening opening, the schedule of the
QR-code application letters (to be complete by March 2021), help registering the card as a health
insurance card at the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from kofu.rules.calendar import YearMonth, is_year_end_closure, weekend_days_available

REREVISION_DATE = dt.date(2021, 12, 9)
#: Capacity should be ready "来年度当初（遅くとも６月頃）" (seed 004 p.10 2(1)).
CAPACITY_READY_BY = YearMonth(2022, 6)
#: QR-code letters sent "令和3年3月までに送付を完了" (seed 003 §3(2)).
QR_LETTERS_COMPLETE_BY = YearMonth(2021, 3)


@dataclass(frozen=True)
class WeekendRule:
    since: dt.date
    key: str
    label: str
    source: str

    def required(self, month: YearMonth) -> int:
        """Weekend opening days this rule asks of ``month``."""
        if self.key == "none":
            return 0
        if self.key == "one-per-week":
            return saturdays(month)
        return weekend_days_available(month)

    @property
    def applied(self) -> str:
        """``毎週土日いずれも開庁（総行マ第60号、2021-12-09から適用）``."""
        return f"{self.label}（{self.source}、{self.since.isoformat()}から適用）"


#: The rules in date order; the last one whose ``since`` is on or before a date is in force.
WEEKEND_RULES: tuple[WeekendRule, ...] = (
    WeekendRule(dt.date(2019, 9, 11), "none", "土日開庁日数の定めなし", "交付円滑化計画の策定について"),
    WeekendRule(
        dt.date(2020, 10, 27), "one-per-week", "毎週土日のいずれかは開庁", "総行住第181号 2(1)（資料003）"
    ),
    WeekendRule(REREVISION_DATE, "both-days", "毎週土日いずれも開庁", "総行マ第60号 2(3)（資料004 p.10）"),
)


def saturdays(month: YearMonth) -> int:
    """Saturdays of ``month`` outside the year-end closure (each weekend counted once, by its Saturday)."""
    return sum(1 for day in month.days() if day.weekday() == 5 and not is_year_end_closure(day))


def weekend_rule_on(day: dt.date) -> WeekendRule:
    """The weekend rule in force on ``day`` (the earliest rule for days before all of them)."""
    chosen = WEEKEND_RULES[0]
    for rule in WEEKEND_RULES:
        if rule.since <= day:
            chosen = rule
    return chosen


def weekend_shortfalls(
    months: Sequence[tuple[YearMonth, int]], *, rule: WeekendRule | None = None, fixed: int | None = None
) -> tuple[list[tuple[YearMonth, int, int]], str]:
    """The months below the minimum as (month, planned, required), and the minimum's description.

    ``fixed`` (a number of days for every month) wins over ``rule``; one of them is required.
    """
    if fixed is not None:
        basis = f"各月{fixed}日以上（指定値）"
        short = [(m, days, fixed) for m, days in months if days < fixed]
    elif rule is not None:
        basis = rule.applied
        short = [(m, days, rule.required(m)) for m, days in months if days < rule.required(m)]
    else:
        raise ValueError("rule or fixed is required")
    return short, basis


# --- the re-revised plan (seed 004 p.10) and the plan's other measures -------------------------


@dataclass(frozen=True)
class Measures:
    """What the plan says beyond months and windows; ``None`` is "not stated"."""

    capacity_ready: YearMonth | None = None
    setup_outsourced: bool | None = None
    pickup_booking: bool | None = None
    part_time_early: bool | None = None
    evening_days: int | None = None
    qr_letters_from: YearMonth | None = None
    qr_letters_until: YearMonth | None = None
    insurance_help: bool | None = None


@dataclass(frozen=True)
class MeasureCheck:
    number: int
    title: str
    passed: bool | None
    detail: str


REREVISION_TITLES = {
    5: "来年度当初（遅くとも６月頃）には十分な交付体制が構築される予定か（再改訂 2(1)）",
    6: "交付前設定の民間委託の活用等により事務負担を軽減する予定か（再改訂 2(4)）",
    7: "カードの受取日時指定（予約）など交付平準化の取組が予定されているか（再改訂 2(5)）",
}

NOT_STATED = "計画に記載がないため判定できません"


def _yes_no(number: int, value: bool | None, yes: str, no: str) -> MeasureCheck:
    detail = NOT_STATED if value is None else (yes if value else no)
    return MeasureCheck(number, REREVISION_TITLES[number], value, detail)


def rerevision_checks(measures: Measures) -> tuple[MeasureCheck, ...]:
    """Checks 5–7: the re-revised plan of 2021-12-09 (seed 004 p.10 2(1), 2(4), 2(5))."""
    ready = measures.capacity_ready
    if ready is None:
        first = MeasureCheck(5, REREVISION_TITLES[5], None, NOT_STATED)
    else:
        first = MeasureCheck(
            5,
            REREVISION_TITLES[5],
            ready <= CAPACITY_READY_BY,
            f"体制構築の予定 {ready}（目安 {CAPACITY_READY_BY} まで）",
        )
    return (
        first,
        _yes_no(6, measures.setup_outsourced, "交付前設定を民間に委託する予定", "委託の予定なし"),
        _yes_no(7, measures.pickup_booking, "受取日時の予約を受け付ける予定", "予約受付の予定なし"),
    )


def _flag(value: bool | None, yes: str, no: str) -> str:
    return "未記入" if value is None else (yes if value else no)


def measure_lines(measures: Measures) -> tuple[tuple[str, str, str], ...]:
    """(item, what the plan says, seed) for the measures shown in the review and the monthly report."""
    qr = "未記入"
    if measures.qr_letters_from and measures.qr_letters_until:
        late = measures.qr_letters_until > QR_LETTERS_COMPLETE_BY
        qr = f"{measures.qr_letters_from}〜{measures.qr_letters_until}" + (
            f"（{QR_LETTERS_COMPLETE_BY} までに完了の要請より遅い）" if late else ""
        )
    evening = "未記入" if measures.evening_days is None else f"月{measures.evening_days}日"
    return (
        (
            "会計年度任用職員の前倒し募集・採用",
            _flag(measures.part_time_early, "前倒しで採用", "予定なし"),
            "資料003 2(3)",
        ),
        ("夜間の交付窓口", evening, "資料003 武田大臣書簡、資料002 高山市"),
        ("QRコード付き交付申請書の送付スケジュール", qr, "資料003 3(2)"),
        (
            "窓口での健康保険証利用の申込支援",
            _flag(measures.insurance_help, "実施", "予定なし"),
            "資料003 3(4)",
        ),
    )
