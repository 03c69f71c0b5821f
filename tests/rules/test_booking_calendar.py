import datetime as dt

import pytest

from kofu.rules.booking_calendar import (
    CalendarError,
    Closure,
    OpeningRule,
    bookable_days,
    can_change,
    check_rules,
    closed_reason,
    describe_rule,
    is_monthly_closed_weekend,
    jst,
    slot_minutes,
    slots_on,
    split_quota,
)

WEEKDAYS = frozenset(range(5))
DAYTIME = OpeningRule(WEEKDAYS, dt.time(8, 30), dt.time(17, 15), windows=3)


@pytest.mark.parametrize("day", ["2019-05-01", "2021-07-22", "2021-07-23", "2021-08-09"])
def test_holidays_including_the_moved_2021_ones_are_closed(day):
    assert closed_reason(dt.date.fromisoformat(day)).startswith("祝日")
    assert slots_on(dt.date.fromisoformat(day), [DAYTIME], service_minutes=15, people_per_window=1) == []


@pytest.mark.parametrize("day", ["2021-07-19", "2021-10-11"])
def test_the_days_the_2021_holidays_moved_away_from_are_open(day):
    assert closed_reason(dt.date.fromisoformat(day)) is None
    assert slots_on(dt.date.fromisoformat(day), [DAYTIME], service_minutes=15, people_per_window=1)


@pytest.mark.parametrize("day", ["2025-12-29", "2025-12-31", "2026-01-02", "2026-01-03"])
def test_the_year_end_closure_is_on_by_default(day):
    assert "年末年始" in closed_reason(dt.date.fromisoformat(day))


def test_the_year_end_closure_can_be_switched_off_for_a_special_centre():
    assert closed_reason(dt.date(2025, 12, 29), year_end=False) is None


def test_a_site_closure_closes_its_days_only():
    closure = Closure(dt.date(2025, 6, 10), dt.date(2025, 6, 11), "システム更新")
    assert closed_reason(dt.date(2025, 6, 10), closures=[closure]) == "システム更新"
    assert closed_reason(dt.date(2025, 6, 12), closures=[closure]) is None


def test_third_saturday_and_the_sunday_after_it_are_closed():
    # June 2025: Saturdays 7, 14, 21, 28; the third is the 21st, the Sunday after it the 22nd.
    assert is_monthly_closed_weekend(dt.date(2025, 6, 21), 3)
    assert is_monthly_closed_weekend(dt.date(2025, 6, 22), 3)
    assert not is_monthly_closed_weekend(dt.date(2025, 6, 15), 3)  # the third Sunday is not it
    # March 2026 starts on a Sunday: the Sunday after the third Saturday (21st) is the 4th Sunday.
    assert is_monthly_closed_weekend(dt.date(2026, 3, 22), 3)
    assert not is_monthly_closed_weekend(dt.date(2026, 3, 15), 3)


def test_overlapping_rules_are_rejected_with_a_japanese_message():
    evening = OpeningRule(frozenset({2}), dt.time(17, 0), dt.time(19, 0), windows=1)
    with pytest.raises(CalendarError, match="重なっています"):
        check_rules([DAYTIME, evening])


def test_the_overlap_message_names_the_rule_it_overlaps():
    daytime = OpeningRule(WEEKDAYS, dt.time(8, 30), dt.time(17, 15), windows=3, label="平日")
    evening = OpeningRule(
        frozenset({2, 6}),
        dt.time(17, 0),
        dt.time(19, 0),
        windows=1,
        valid_from=dt.date(2025, 4, 1),
        label="夜間",
    )
    with pytest.raises(CalendarError) as caught:
        check_rules([daytime, evening])
    assert str(caught.value) == (
        "開庁時間が重なっています：「夜間」（水・日 17:00–19:00、2025-04-01〜）は登録済みの開庁時間"
        "「平日」（月・火・水・木・金 08:30–17:15）と水曜日の時間が重なります。"
    )
    unlabelled = OpeningRule(frozenset({5}), dt.time(9), dt.time(12), windows=1, weeks=frozenset({1, 3}))
    assert describe_rule(unlabelled) == "（第1・第3土 09:00–12:00）"


def test_adjacent_or_disjoint_rules_are_accepted():
    evening = OpeningRule(frozenset({2}), dt.time(17, 15), dt.time(19, 0), windows=1)
    saturday = OpeningRule(
        frozenset({5}), dt.time(9, 0), dt.time(12, 0), windows=2, weeks=frozenset({1, 2, 4, 5})
    )
    check_rules([DAYTIME, evening, saturday])


def test_empty_hours_are_rejected():
    with pytest.raises(CalendarError, match="終了時刻"):
        check_rules([OpeningRule(WEEKDAYS, dt.time(9, 0), dt.time(9, 0), windows=1)])


def test_slots_fill_the_hours_and_capacity_is_windows_times_people():
    rule = OpeningRule(WEEKDAYS, dt.time(9, 0), dt.time(10, 0), windows=3)
    slots = slots_on(
        dt.date(2025, 6, 10),
        [rule],
        service_minutes=10,
        people_per_window=2,
        web_percent=70,
        phone_percent=20,
    )
    assert slot_minutes(10, 2) == 20
    assert [s.starts_at.strftime("%H:%M") for s in slots] == ["09:00", "09:20", "09:40"]
    assert {s.capacity for s in slots} == {6}
    assert {(s.web_capacity, s.phone_capacity) for s in slots} == {(4, 1)}  # walk-in: 6 − 4 − 1 = 1
    assert slots[0].starts_at.utcoffset() == dt.timedelta(hours=9)


def test_quotas_always_add_up_to_the_capacity():
    for capacity in range(0, 30):
        assert sum(split_quota(capacity, 60, 25)) == capacity
    with pytest.raises(CalendarError):
        split_quota(10, 80, 30)


def test_booking_horizon_and_change_cutoff():
    assert bookable_days(dt.date(2025, 6, 1)) == (dt.date(2025, 6, 4), dt.date(2025, 7, 2))
    start = dt.datetime(2025, 6, 10, 9, 0, tzinfo=dt.UTC)
    assert can_change(start, start - dt.timedelta(hours=25), cutoff_hours=24)
    assert not can_change(start, start - dt.timedelta(hours=23), cutoff_hours=24)


def test_times_are_shown_in_jst_with_an_explicit_offset():
    assert jst(dt.datetime(2025, 3, 31, 23, 30, tzinfo=dt.UTC)) == "2025-04-01 08:30+09:00"
