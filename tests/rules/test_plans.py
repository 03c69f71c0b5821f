"""Plan sizing (交付円滑化計画): calendar, monthly targets, windows, and the prefecture's four checks."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kofu.rules.calendar import (
    MonthError,
    YearMonth,
    business_days,
    is_business_day,
    months_after,
    weekend_days_available,
)
from kofu.rules.plans import (
    Plan,
    PlanInputError,
    Profile,
    Ratios,
    Windows,
    compute_plan,
    distribute,
    profile_weights,
    review_plan,
    size_month,
)

# --- calendar ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        # 2022-05: 31 days from Sunday 5/1. Sat 7,14,21,28 + Sun 1,8,15,22,29 = 9 weekend days,
        # 22 weekdays; Golden Week 5/3 (Tue) 憲法記念日, 5/4 (Wed) みどりの日, 5/5 (Thu) こどもの日 → 19.
        ("2022-05", 19),
        # 2023-01: 31 days from Sunday 1/1. Sat 7,14,21,28 + Sun 1,8,15,22,29 = 9 weekend days,
        # 22 weekdays; closure 1/2 (Mon, also 振替休日) and 1/3 (Tue) → 20; 成人の日 1/9 (Mon) → 19.
        ("2023-01", 19),
        # 2022-01: 31 days from Saturday 1/1. Sat 1,8,15,22,29 + Sun 2,9,16,23,30 = 10 weekend days,
        # 21 weekdays; closure 1/3 (Mon) → 20; 成人の日 1/10 (Mon) → 19.
        ("2022-01", 19),
        # 2022-12: 31 days from Thursday 12/1. 9 weekend days, 22 weekdays; closure 12/29 (Thu),
        # 12/30 (Fri) → 20 (no national holiday in December since 2019).
        ("2022-12", 20),
        # 2022-09: 30 days from Thursday 9/1. 8 weekend days, 22 weekdays; 敬老の日 9/19 (Mon),
        # 秋分の日 9/23 (Fri) → 20.
        ("2022-09", 20),
        # 2023-02: 28 days, 20 weekdays; 天皇誕生日 2/23 (Thu) → 19; 建国記念の日 2/11 is a Saturday.
        ("2023-02", 19),
    ],
)
def test_business_days_leave_out_weekends_holidays_and_the_year_end_closure(
    month: str, expected: int
) -> None:
    assert business_days(YearMonth.parse(month)) == expected


def test_the_holiday_calendar_can_be_pinned() -> None:
    assert business_days(YearMonth(2022, 5), is_holiday=lambda day: False) == 22


def test_year_end_closure_days_are_not_business_days_even_without_a_holiday() -> None:
    never = lambda day: False  # noqa: E731
    assert not is_business_day(dt.date(2022, 12, 29), never)
    assert not is_business_day(dt.date(2023, 1, 3), never)
    assert is_business_day(dt.date(2022, 12, 28), never)
    assert is_business_day(dt.date(2023, 1, 4), never)


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        ("2022-05", 9),
        ("2023-01", 8),  # Sunday 1/1 is in the closure
        ("2022-12", 8),  # Saturday 12/31 is in the closure
        ("2022-01", 8),  # Saturday 1/1 and Sunday 1/2 are in the closure
        ("2023-02", 8),
    ],
)
def test_weekend_days_available_exclude_the_year_end_closure(month: str, expected: int) -> None:
    assert weekend_days_available(YearMonth.parse(month)) == expected


@pytest.mark.parametrize(
    "text", ["2022-13", "2022-00", "2022/05", "22-05", "202205", "2022-5", "", "May 2022"]
)
def test_malformed_months_are_refused_in_japanese(text: str) -> None:
    with pytest.raises(MonthError, match="月は"):
        YearMonth.parse(text)


def test_months_print_as_year_dash_month_and_run_across_the_new_year() -> None:
    assert str(YearMonth(2022, 5)) == "2022-05"
    assert YearMonth(2022, 12).shift(1) == YearMonth(2023, 1)
    assert [str(m) for m in months_after(YearMonth(2022, 11), YearMonth(2023, 2))] == [
        "2022-12",
        "2023-01",
        "2023-02",
    ]
    assert months_after(YearMonth(2023, 3), YearMonth(2023, 3)) == []


# --- targets -----------------------------------------------------------------------------------


def test_even_targets_give_the_leftover_cards_to_the_earliest_months() -> None:
    # 100 over 7 months: 7 × 14 = 98, two left over → the first two months get 15.
    assert distribute(100, profile_weights(Profile.EVEN, 7)) == [15, 15, 14, 14, 14, 14, 14]


def test_front_loaded_weights_fall_linearly_from_about_twice_the_last_month() -> None:
    assert profile_weights(Profile.FRONT_LOADED, 3) == [5, 4, 3]
    assert profile_weights(Profile.FRONT_LOADED, 1) == [1]
    # 100 × 5/12 = 41.67 → 41, × 4/12 = 33.33 → 33, × 3/12 = 25; one left over → the first month.
    assert distribute(100, [5, 4, 3]) == [42, 33, 25]


@given(
    remaining=st.integers(min_value=0, max_value=10_000_000), months=st.integers(min_value=1, max_value=60)
)
def test_targets_always_sum_exactly_and_never_rise(remaining: int, months: int) -> None:
    for profile in Profile:
        targets = distribute(remaining, profile_weights(profile, months))
        assert sum(targets) == remaining
        assert all(a >= b for a, b in zip(targets, targets[1:], strict=False))
    even = distribute(remaining, profile_weights(Profile.EVEN, months))
    assert max(even) - min(even) <= 1


def _plan(**overrides: object) -> Plan:
    arguments: dict[str, object] = {
        "population": 10_001,
        "issued": 4_000,
        "base_month": YearMonth(2022, 12),
        "deadline": YearMonth(2023, 3),
        "windows": Windows(per_window_daily=30, windows=3),
        "weekend_days": 2,
    }
    arguments.update(overrides)
    return compute_plan(**arguments)  # type: ignore[arg-type]


def test_the_plan_runs_from_the_month_after_the_base_month_to_the_deadline() -> None:
    plan = _plan()

    assert [str(m.month) for m in plan.months] == ["2023-01", "2023-02", "2023-03"]
    assert [m.target for m in plan.months] == [2001, 2000, 2000]
    assert plan.planned_total == plan.remaining == 6001


def test_front_loaded_plan_sums_exactly_to_the_remaining_cards() -> None:
    plan = _plan(profile=Profile.FRONT_LOADED)

    # weights 5, 4, 3 of 6001: 2500.4 → 2500, 2000.3 → 2000, 1500.25 → 1500; one left → the first.
    assert [m.target for m in plan.months] == [2501, 2000, 1500]


def test_the_profile_can_be_named_by_its_string_or_given_as_weights() -> None:
    assert [m.target for m in _plan(profile="front-loaded").months] == [2501, 2000, 1500]
    assert [m.target for m in _plan(profile=[1, 0, 1]).months] == [3001, 0, 3000]
    with pytest.raises(PlanInputError, match="配分方法"):
        _plan(profile="back-loaded")


def test_targets_entered_by_hand_are_kept_and_need_not_reach_everyone() -> None:
    plan = _plan(targets=[1000, 1000, 1000])

    assert [m.target for m in plan.months] == [1000, 1000, 1000]
    with pytest.raises(PlanInputError, match="3 か月分"):
        _plan(targets=[1000, 1000])


def test_nothing_left_to_issue_needs_no_windows() -> None:
    plan = _plan(issued=10_001)

    assert [(m.target, m.windows_needed, m.staff_needed, m.feasible) for m in plan.months] == [
        (0, 0, 0, True)
    ] * 3


# --- windows, staff, terminals -----------------------------------------------------------------


def test_windows_needed_is_the_ceiling_of_target_over_a_windows_monthly_capacity() -> None:
    may = YearMonth(2022, 5)  # 19 business days × 80 cards = 1,520 cards per window
    windows = Windows(per_window_daily=80)

    assert size_month(may, 1520, windows=windows).windows_needed == 1
    assert size_month(may, 1521, windows=windows).windows_needed == 2
    assert size_month(may, 3040, windows=windows).windows_needed == 2
    # 4 weekend days: 23 opening days × 80 = 1,840 per window.
    with_weekends = size_month(may, 1840, windows=windows, weekend_days=4)
    assert (with_weekends.opening_days, with_weekends.windows_needed) == (23, 1)


def test_average_throughput_may_be_fractional() -> None:
    october = YearMonth(2022, 10)  # 20 business days × 37.5 = 750 per window
    windows = Windows(per_window_daily=Fraction(75, 2))

    assert size_month(october, 1500, windows=windows).windows_needed == 2
    assert size_month(october, 1501, windows=windows).windows_needed == 3


def test_shared_windows_carry_cards_first_and_dedicated_windows_the_rest() -> None:
    october = YearMonth(2022, 10)  # 20 business days; shared 20/day → 400, dedicated 80/day → 1,600
    windows = Windows(per_window_daily=80, windows=1, shared_windows=2, shared_per_window_daily=20)

    small = size_month(october, 300, windows=windows)
    assert (small.shared_windows_used, small.dedicated_windows_needed) == (1, 0)
    both = size_month(october, 800, windows=windows)
    assert (both.shared_windows_used, both.dedicated_windows_needed, both.feasible) == (2, 0, True)
    large = size_month(october, 2000, windows=windows)  # 800 by shared, 1,200 → 1 dedicated
    assert (large.shared_windows_used, large.dedicated_windows_needed, large.windows_needed) == (2, 1, 3)
    assert (large.feasible, large.capacity) == (True, 2400)
    too_large = size_month(october, 2401, windows=windows)
    assert (too_large.dedicated_windows_needed, too_large.feasible) == (2, False)


def test_feasibility_counts_temporary_windows_and_is_unknown_without_a_window_count() -> None:
    october = YearMonth(2022, 10)  # 1,600 per dedicated window
    assert size_month(october, 3200, windows=Windows(per_window_daily=80, windows=2)).feasible is True
    assert size_month(october, 3201, windows=Windows(per_window_daily=80, windows=2)).feasible is False
    assert size_month(
        october, 3201, windows=Windows(per_window_daily=80, windows=2, temporary_windows=1)
    ).feasible
    unknown = size_month(october, 3201, windows=Windows(per_window_daily=80))
    assert (unknown.feasible, unknown.capacity, unknown.windows_needed) == (None, None, 3)


def test_staff_and_terminals_follow_the_windows_by_configurable_ratios() -> None:
    october = YearMonth(2022, 10)
    month = size_month(
        october, 4800, windows=Windows(per_window_daily=80), ratios=Ratios(staff_per_window=Fraction(3, 2))
    )

    assert (month.windows_needed, month.staff_needed, month.terminals_needed) == (3, 5, 3)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"issued": 10_002}, "人口（10,001）を超えています"),
        ({"issued": -1}, "0以上"),
        ({"population": 0}, "人口は正の整数"),
        ({"deadline": YearMonth(2022, 12)}, "基準月（2022-12）より後"),
        ({"deadline": YearMonth(2022, 6)}, "より後の月"),
        ({"windows": Windows(per_window_daily=0)}, "正の数"),
        ({"windows": Windows(per_window_daily=-5)}, "正の数"),
        ({"windows": Windows(per_window_daily=80, windows=-1)}, "窓口数は0以上"),
        ({"windows": Windows(per_window_daily=80, shared_windows=2)}, "共用窓口"),
        ({"weekend_days": 9}, "土日開庁日数は0〜8日"),
        ({"weekend_days": -1}, "土日開庁日数"),
        ({"ratios": Ratios(staff_per_window=Fraction(-1))}, "職員数"),
    ],
)
def test_inconsistent_input_is_refused_with_a_japanese_message(
    overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(PlanInputError, match=message):
        _plan(**overrides)


def test_weekend_days_may_differ_month_by_month() -> None:
    plan = _plan(weekend_days={YearMonth(2023, 2): 8})

    assert [m.weekend_days for m in plan.months] == [0, 8, 0]
    assert [m.opening_days for m in plan.months] == [19, 27, 22]


# --- the prefecture's review -------------------------------------------------------------------


def _results(plan: Plan, **kwargs: object) -> list[bool | None]:
    return [check.passed for check in review_plan(plan, **kwargs)]  # type: ignore[arg-type]


def test_an_even_plan_with_enough_windows_and_weekends_passes_all_four_checks() -> None:
    # Needs 4, 4, 3 windows; has 4; the office holds 4; 2 weekend days a month.
    plan = _plan(windows=Windows(per_window_daily=30, windows=4))

    checks = review_plan(plan, office_max_windows=4, min_weekend_days=2)
    assert [c.passed for c in checks] == [True, True, True, True]
    assert [c.number for c in checks] == [1, 2, 3, 4]
    assert "ほとんどの住民" in checks[0].title


def test_check_1_reads_nearly_all_as_every_resident_unless_a_share_is_given() -> None:
    short_by_one = _plan(targets=[2000, 2000, 2000])  # 4,000 + 6,000 = 10,000 of 10,001

    assert _results(short_by_one)[0] is False
    # 99.99 %: ⌈10,001 × 0.9999⌉ = ⌈9,999.9999⌉ = 10,000 cards are enough, 9,999 are not.
    assert _results(short_by_one, reach_share=Fraction(9999, 10000))[0] is True
    short_by_two = _plan(targets=[2000, 2000, 1999])
    assert _results(short_by_two, reach_share=Fraction(9999, 10000))[0] is False
    # 9,999 of 10,001 prints as 100.0 %, so the detail states the shortfall itself.
    assert "2枚不足" in review_plan(short_by_two)[0].detail
    with pytest.raises(PlanInputError):
        review_plan(short_by_one, reach_share=Fraction(0))


def test_check_2_fails_on_any_month_short_of_windows_and_names_it() -> None:
    plan = _plan()  # needs 4, 4, 3; has 3

    check = review_plan(plan)[1]
    assert check.passed is False
    assert "2023-01（専用窓口 必要4／現有3）" in check.detail
    assert "2023-03" not in check.detail
    assert _results(_plan(windows=Windows(per_window_daily=30)))[1] is None


def test_check_3_wants_temporary_windows_where_the_office_cannot_hold_the_windows_needed() -> None:
    office_too_small = _plan(windows=Windows(per_window_daily=30, windows=4))

    assert _results(office_too_small, office_max_windows=4)[2] is True
    failing = review_plan(office_too_small, office_max_windows=3)[2]
    assert failing.passed is False
    assert "2023-01（必要4）" in failing.detail and "臨時窓口が予定されていません" in failing.detail
    with_temporary = _plan(windows=Windows(per_window_daily=30, windows=3, temporary_windows=1))
    assert _results(with_temporary, office_max_windows=3)[2] is True
    assert _results(office_too_small)[2] is None


def test_check_4_wants_weekend_opening_in_every_month() -> None:
    assert _results(_plan(weekend_days=0), min_weekend_days=1)[3] is False
    assert _results(_plan(weekend_days=1), min_weekend_days=1)[3] is True
    one_month_closed = review_plan(
        _plan(weekend_days={YearMonth(2023, 1): 4, YearMonth(2023, 3): 4}), min_weekend_days=1
    )[3]
    assert one_month_closed.passed is False
    assert "2023-02（0日／1日）" in one_month_closed.detail
    # By default the latest seed's rule (every Saturday and Sunday, seed 004 p.10) applies: 2023-01
    # has 9 weekend days, 1/1 (Sun) in the closure → 8 are asked, so 8 pass there and 4 do not.
    every_weekend = review_plan(_plan(weekend_days={YearMonth(2023, 1): 8, YearMonth(2023, 2): 8}))[3]
    assert every_weekend.passed is False
    assert "2023-03（0日／8日）" in every_weekend.detail and "2023-01" not in every_weekend.detail
    assert _results(_plan(weekend_days=2), min_weekend_days=4)[3] is False
