"""Time slots of an outreach event booked ahead (事前予約制, seed 002 事例集 P7・P8・P10:
札幌市・福岡市・静岡市). Pure functions: the slots of each day between the reception hours."""

from __future__ import annotations

import datetime as dt


def slot_starts(
    *, starts_on: dt.date, ends_on: dt.date, opens_at: dt.time, closes_at: dt.time, minutes: int
) -> list[dt.datetime]:
    """The start of every slot of ``minutes`` that ends by ``closes_at``, each day of the event
    (naive local times; the caller makes them aware). A slot that would end after closing is left out."""
    if minutes < 5 or minutes > 240:
        raise ValueError("1枠の長さは5〜240分にしてください。")
    if ends_on < starts_on:
        raise ValueError("終了日は開始日以降にしてください。")
    if closes_at <= opens_at:
        raise ValueError("受付終了時刻は受付開始時刻より後にしてください。")
    step = dt.timedelta(minutes=minutes)
    out: list[dt.datetime] = []
    day = starts_on
    while day <= ends_on:
        at, end = dt.datetime.combine(day, opens_at), dt.datetime.combine(day, closes_at)
        while at + step <= end:
            out.append(at)
            at += step
        day += dt.timedelta(days=1)
    return out


def seats_left(seats: int, booked: int) -> int:
    """Free seats of a slot (never negative)."""
    return max(seats - booked, 0)


def may_book(starts_at: dt.datetime, now: dt.datetime, *, day_before: bool) -> bool:
    """Whether a slot starting at ``starts_at`` may still be booked at ``now`` (both local times):
    before it starts, or — 前日までの事前予約制 (札幌市, seed 002 事例集 P7) — up to the end of
    the day before."""
    if day_before:
        return now.date() < starts_at.date()
    return now < starts_at
