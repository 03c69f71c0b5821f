"""Walk-in window figures (発券の実績): waiting time and people served per window and hour.

Pure functions (no Django, no clock). A ticket is issued, later called to a window, and finished
(served, or left before the call was answered). The figures a municipality sizes its windows with:
for each window and hour of the day (JST, the hour the ticket was called), how many were served
per day on average, and how long they had waited; and over everything, people served per window
per day — the throughput a smoothing plan (交付円滑化計画) otherwise types in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

JST = dt.timezone(dt.timedelta(hours=9), "JST")


@dataclass(frozen=True)
class Call:
    """One ticket that was called: to ``window`` at ``called_at``, issued at ``issued_at``; ``served``
    is False when the person had left."""

    window: str
    issued_at: dt.datetime
    called_at: dt.datetime
    served: bool = True


@dataclass(frozen=True)
class HourFigure:
    window: str
    hour: int
    days: int
    served: int
    #: Mean people served in this hour on a day it was open (served / days).
    served_per_hour: Fraction
    #: Mean wait from the ticket to the call, in minutes (all calls of the hour, served or not).
    mean_wait_minutes: Fraction
    longest_wait_minutes: int


def wait_minutes(call: Call) -> Fraction:
    return Fraction(int((call.called_at - call.issued_at).total_seconds()), 60)


def hour_figures(calls: Iterable[Call]) -> list[HourFigure]:
    """Per window and JST hour of the call: days seen, served, served per hour, waits."""
    groups: dict[tuple[str, int], list[Call]] = defaultdict(list)
    for call in calls:
        groups[(call.window, call.called_at.astimezone(JST).hour)].append(call)
    out = []
    for (window, hour), group in sorted(groups.items()):
        days = len({c.called_at.astimezone(JST).date() for c in group})
        served = sum(1 for c in group if c.served)
        waits = [wait_minutes(c) for c in group]
        out.append(
            HourFigure(
                window=window,
                hour=hour,
                days=days,
                served=served,
                served_per_hour=Fraction(served, days),
                mean_wait_minutes=sum(waits, Fraction(0)) / len(waits),
                longest_wait_minutes=int(max(waits)),
            )
        )
    return out


def served_per_window_day(calls: Iterable[Call]) -> Fraction | None:
    """People served per window per day it served anyone (None without data): the plan's
    「1窓口1日あたりの交付件数」 as observed."""
    served: dict[tuple[str, dt.date], int] = defaultdict(int)
    for call in calls:
        if call.served:
            served[(call.window, call.called_at.astimezone(JST).date())] += 1
    if not served:
        return None
    return Fraction(sum(served.values()), len(served))
