"""The weekend rule in force on a date, the re-revised plan's checks (seed 003 §2(1), seed 004 p.10)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from kofu.rules.calendar import YearMonth
from kofu.rules.plan_measures import (
    WEEKEND_RULES,
    Measures,
    measure_lines,
    rerevision_checks,
    saturdays,
    weekend_rule_on,
    weekend_shortfalls,
)
from kofu.rules.plans import Windows, compute_plan, review_plan


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (dt.date(2020, 10, 26), "none"),
        # 総行住第181号 is dated 令和2年10月27日 (seed 003's heading).
        (dt.date(2020, 10, 27), "one-per-week"),
        (dt.date(2021, 12, 8), "one-per-week"),
        # 総行マ第60号 is dated 令和3年12月9日 (seed 004 p.10, last line).
        (dt.date(2021, 12, 9), "both-days"),
        (dt.date(2026, 1, 1), "both-days"),
    ],
)
def test_the_weekend_rule_changes_on_the_dates_the_seeds_print(day: dt.date, key: str) -> None:
    assert weekend_rule_on(day).key == key


@pytest.mark.parametrize(
    ("month", "one_per_week", "both_days"),
    [
        # 2022-01 starts on a Saturday: Sat 1,8,15,22,29 and Sun 2,…,30 = 10 weekend days, but
        # 1/1 (Sat) and 1/2 (Sun) fall in the year-end closure (12/29–1/3) → 4 Saturdays, 8 days.
        ("2022-01", 4, 8),
        # 2022-05: Sat 7,14,21,28 and Sun 1,8,15,22,29 = 9 weekend days, 4 Saturdays.
        ("2022-05", 4, 9),
        # 2022-12: Sat 3,10,17,24,31 (31 is in the closure 12/29–1/3) → 4; Sun 4,11,18,25 → 8 of 9.
        ("2022-12", 4, 8),
        # 2022-09: Sat 3,10,17,24, Sun 4,11,18,25.
        ("2022-09", 4, 8),
    ],
)
def test_each_rule_asks_one_day_a_week_or_every_weekend_day(
    month: str, one_per_week: int, both_days: int
) -> None:
    ym = YearMonth.parse(month)
    assert saturdays(ym) == one_per_week
    assert WEEKEND_RULES[1].required(ym) == one_per_week
    assert WEEKEND_RULES[2].required(ym) == both_days
    assert WEEKEND_RULES[0].required(ym) == 0


def _plan(weekend_days: int):  # type: ignore[no-untyped-def]
    return compute_plan(
        population=10_000,
        issued=4_000,
        base_month=YearMonth(2022, 8),
        deadline=YearMonth(2022, 10),
        windows=Windows(per_window_daily=Fraction(80), windows=3),
        weekend_days=weekend_days,
    )


def test_the_review_defaults_to_the_latest_seeds_rule_and_names_it() -> None:
    # 2022-09 and 2022-10 have 8 and 10 weekend days (Sat 1,8,15,22,29 + Sun 2,…,30 in October).
    check = review_plan(_plan(8))[3]
    assert check.passed is False
    assert "毎週土日いずれも開庁" in check.detail and "2021-12-09から適用" in check.detail
    assert "2022-10（8日／10日）" in check.detail
    assert "2022-09" not in check.detail


def test_a_plan_judged_under_the_2020_rule_needs_one_day_a_week() -> None:
    rule = weekend_rule_on(dt.date(2021, 1, 15))
    # September 2022 has 4 Saturdays, October 5: 4 days a month falls short in October only.
    check = review_plan(_plan(4), weekend_rule=rule)[3]
    assert check.passed is False
    assert "2022-10（4日／5日）" in check.detail and "総行住第181号" in check.detail
    assert review_plan(_plan(5), weekend_rule=rule)[3].passed is True


def test_a_fixed_minimum_still_wins_over_the_rule() -> None:
    assert review_plan(_plan(1), min_weekend_days=1)[3].passed is True
    short, basis = weekend_shortfalls([(YearMonth(2022, 9), 0)], fixed=1)
    assert short == [(YearMonth(2022, 9), 0, 1)] and "指定値" in basis


def test_rerevision_checks_read_june_2022_as_the_latest_ready_month() -> None:
    june = rerevision_checks(Measures(capacity_ready=YearMonth(2022, 6), setup_outsourced=True))
    assert [c.passed for c in june] == [True, True, None]
    july = rerevision_checks(Measures(capacity_ready=YearMonth(2022, 7), pickup_booking=False))
    assert [c.passed for c in july] == [False, None, False]
    assert [c.number for c in july] == [5, 6, 7]


def test_measure_lines_flag_a_qr_schedule_later_than_march_2021() -> None:
    on_time = dict(
        (item, value)
        for item, value, _ in measure_lines(
            Measures(qr_letters_from=YearMonth(2020, 12), qr_letters_until=YearMonth(2021, 3), evening_days=2)
        )
    )
    assert on_time["QRコード付き交付申請書の送付スケジュール"] == "2020-12〜2021-03"
    assert on_time["夜間の交付窓口"] == "月2日"
    late = dict(
        (item, value)
        for item, value, _ in measure_lines(
            Measures(qr_letters_from=YearMonth(2021, 1), qr_letters_until=YearMonth(2021, 5))
        )
    )
    assert "遅い" in late["QRコード付き交付申請書の送付スケジュール"]
    assert late["窓口での健康保険証利用の申込支援"] == "未記入"
