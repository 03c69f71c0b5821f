"""Walk-in figures: served per window and hour, waits, and the observed per-window daily throughput."""

import datetime as dt
from fractions import Fraction

from kofu.rules.walkins import JST, Call, hour_figures, served_per_window_day


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=JST)


CALLS = [
    # Monday the 7th: window 1 serves three in the 9 o'clock hour, window 2 one (and one left)
    Call("1番窓口", at(7, 8, 50), at(7, 9, 0)),
    Call("1番窓口", at(7, 8, 55), at(7, 9, 20)),
    Call("1番窓口", at(7, 9, 0), at(7, 9, 45)),
    Call("2番窓口", at(7, 9, 10), at(7, 9, 30)),
    Call("2番窓口", at(7, 9, 15), at(7, 9, 50), served=False),
    # Tuesday the 8th: window 1 serves one at 9 and one at 10
    Call("1番窓口", at(8, 9, 0), at(8, 9, 5)),
    Call("1番窓口", at(8, 10, 0), at(8, 10, 30)),
]


def test_hour_figures_average_over_the_days_a_window_was_called_in_that_hour():
    rows = {(f.window, f.hour): f for f in hour_figures(CALLS)}
    nine = rows[("1番窓口", 9)]
    assert (nine.days, nine.served, nine.served_per_hour) == (2, 4, Fraction(2))
    assert nine.mean_wait_minutes == Fraction(10 + 25 + 45 + 5, 4)
    assert nine.longest_wait_minutes == 45
    two = rows[("2番窓口", 9)]
    assert (two.served, two.mean_wait_minutes) == (1, Fraction(20 + 35, 2))
    assert rows[("1番窓口", 10)].served_per_hour == 1
    assert list(rows) == [("1番窓口", 9), ("1番窓口", 10), ("2番窓口", 9)]


def test_hours_are_jst_even_for_utc_times():
    utc = Call(
        "1番窓口",
        dt.datetime(2026, 12, 7, 0, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 7, 0, 30, tzinfo=dt.UTC),
    )
    (figure,) = hour_figures([utc])
    assert figure.hour == 9


def test_served_per_window_day_counts_window_days_that_served_anyone():
    # window 1: 3 on the 7th, 2 on the 8th; window 2: 1 on the 7th → 6 served over 3 window-days
    assert served_per_window_day(CALLS) == Fraction(2)
    assert served_per_window_day([]) is None
    assert served_per_window_day([Call("1", at(7, 9), at(7, 9, 5), served=False)]) is None
