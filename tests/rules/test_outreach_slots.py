"""Slots of an outreach event booked ahead (seed 002 事例集 P7・P8・P10: 事前予約制)."""

from __future__ import annotations

import datetime as dt

import pytest

from kofu.rules.outreach_slots import may_book, seats_left, slot_starts


def test_slots_fill_each_day_of_the_reception_hours_and_none_runs_past_closing():
    starts = slot_starts(
        starts_on=dt.date(2022, 2, 5), ends_on=dt.date(2022, 2, 6),
        opens_at=dt.time(10), closes_at=dt.time(12, 15), minutes=30,
    )  # fmt: skip
    assert len(starts) == 8  # 10:00 … 11:30 on each of two days; 11:45–12:15 is not a 30-minute slot
    assert starts[0] == dt.datetime(2022, 2, 5, 10) and starts[3] == dt.datetime(2022, 2, 5, 11, 30)
    assert starts[4] == dt.datetime(2022, 2, 6, 10)


@pytest.mark.parametrize(("minutes", "message"), [(4, "5〜240分"), (241, "5〜240分")])
def test_slot_length_is_bounded(minutes, message):
    with pytest.raises(ValueError, match=message):
        slot_starts(
            starts_on=dt.date(2022, 2, 5), ends_on=dt.date(2022, 2, 5),
            opens_at=dt.time(10), closes_at=dt.time(12), minutes=minutes,
        )  # fmt: skip


def test_booking_closes_the_day_before_as_in_sapporo_or_at_the_start():
    start = dt.datetime(2022, 2, 5, 10)
    assert may_book(start, dt.datetime(2022, 2, 4, 23, 59), day_before=True)
    assert not may_book(start, dt.datetime(2022, 2, 5, 0, 0), day_before=True)  # 前日まで
    assert may_book(start, dt.datetime(2022, 2, 5, 9, 59), day_before=False)
    assert not may_book(start, dt.datetime(2022, 2, 5, 10, 0), day_before=False)


def test_seats_left_never_negative():
    assert seats_left(5, 3) == 2 and seats_left(5, 5) == 0 and seats_left(5, 7) == 0
