"""A pickup slot's seats by channel: web, phone, and walk-in (the remainder).

A slot of ``capacity`` seats reserves ``web`` seats for residents booking on the web and
``phone`` seats for bookings staff take by phone; walk-ins get ``capacity − web − phone``. Each
channel books only its own seats. These functions choose and check the quotas when staff (or a
closing window) change a slot; the database enforces the same limits with check constraints.

Pure: no ORM, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass


class QuotaError(ValueError):
    """Quotas that cannot be set (negative, more than the capacity); the message is Japanese."""


@dataclass(frozen=True)
class Booked:
    """Seats taken in a slot: all of them, and those of the web and phone quotas."""

    total: int
    web: int
    phone: int

    @property
    def walk_in(self) -> int:
        return self.total - self.web - self.phone


def fit(capacity: int, web: int, phone: int, *, booked: Booked) -> tuple[int, int]:
    """The (web, phone) quotas nearest to the wanted ones that still hold every booked seat.

    Each channel keeps at least what it has booked and the walk-in remainder keeps at least the
    walk-ins booked; web is served first. Needs ``booked.total ≤ capacity`` (else QuotaError).
    """
    if min(capacity, web, phone, booked.web, booked.phone, booked.walk_in) < 0:
        raise QuotaError("定員と予約枠は0以上にしてください。")
    if booked.total > capacity:
        raise QuotaError(f"定員（{capacity}人）を予約数（{booked.total}人）より少なくはできません。")
    web = max(booked.web, min(web, capacity - booked.phone - booked.walk_in))
    phone = max(booked.phone, min(phone, capacity - web - booked.walk_in))
    return web, phone


def choose(
    capacity: int, web: int | None, phone: int | None, *, now: tuple[int, int], booked: Booked
) -> tuple[int, int]:
    """The (web, phone) quotas for a new ``capacity``: the given ones as they are, each one left
    out (``None``) kept at its current value (``now``) where it fits, else shrunk only as far as
    needed. Whether the result holds the bookings is :func:`shortfall`'s question."""
    if capacity < 0 or (web is not None and web < 0) or (phone is not None and phone < 0):
        raise QuotaError("定員・Web予約枠・電話予約枠は0以上にしてください。")
    if web is None and phone is None:
        if booked.total > capacity:
            return now  # refused by shortfall()
        return fit(capacity, now[0], now[1], booked=booked)
    if web is None:
        assert phone is not None
        web = max(booked.web, min(now[0], capacity - phone - booked.walk_in))
    elif phone is None:
        phone = max(booked.phone, min(now[1], capacity - web - booked.walk_in))
    if web + phone > capacity:
        raise QuotaError(
            f"Web予約枠（{web}人）と電話予約枠（{phone}人）の合計は定員（{capacity}人）以下にしてください。"
        )
    return web, phone


def shortfall(capacity: int, web: int, phone: int, *, booked: Booked) -> str:
    """Which seats would fall below what is booked (a Japanese sentence), or ``""`` when all fit."""
    for label, seats, taken in (
        ("定員", capacity, booked.total),
        ("Web予約枠", web, booked.web),
        ("電話予約枠", phone, booked.phone),
        ("窓口（当日）の枠", capacity - web - phone, booked.walk_in),
    ):
        if seats < taken:
            return f"{label}（{seats}人）を予約数（{taken}人）より少なくはできません。"
    return ""
