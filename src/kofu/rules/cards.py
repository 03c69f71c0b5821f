"""The card pipeline at the municipality as data: states, allowed transitions, channels, staggering.

Pure: no ORM, no clock. The transition service in ``kofu.cards.services`` applies these rules
under a row lock and records the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import jpholiday

from kofu.rules import workflow
from kofu.rules.calendar import is_business_day

# --- states -------------------------------------------------------------------------------------
APPLIED = "applied"
DELIVERED = "delivered"
SETUP_DONE = "setup_done"
NOTICE_SENT = "notice_sent"
APPOINTMENT_BOOKED = "appointment_booked"
HANDED_OVER = "handed_over"
MAILED = "mailed"
UNCLAIMED = "unclaimed"
RETURNED = "returned"
DEFECTIVE = "defective"
CANCELLED = "cancelled"

STATE_LABELS: dict[str, str] = {
    APPLIED: "申請受付",
    DELIVERED: "J-LISから納品",
    SETUP_DONE: "交付前設定済み",
    NOTICE_SENT: "交付通知書発送済み",
    APPOINTMENT_BOOKED: "来庁予約済み",
    HANDED_OVER: "交付済み",
    MAILED: "郵送済み（本人限定受取郵便）",
    UNCLAIMED: "保管期間経過・未受取",
    RETURNED: "返戻",
    DEFECTIVE: "不良",
    CANCELLED: "取消・廃止",
}

#: Allowed transitions: from-state → the states it may move to. Anything else is refused.
_TABLE: dict[str, frozenset[str]] = {
    APPLIED: frozenset({DELIVERED, CANCELLED}),
    DELIVERED: frozenset({SETUP_DONE, DEFECTIVE, CANCELLED}),
    SETUP_DONE: frozenset({NOTICE_SENT, MAILED, DEFECTIVE, CANCELLED}),
    NOTICE_SENT: frozenset({APPOINTMENT_BOOKED, HANDED_OVER, UNCLAIMED, RETURNED, CANCELLED}),
    APPOINTMENT_BOOKED: frozenset({HANDED_OVER, NOTICE_SENT, UNCLAIMED, CANCELLED}),
    MAILED: frozenset({HANDED_OVER, RETURNED}),
    RETURNED: frozenset({NOTICE_SENT, UNCLAIMED, CANCELLED}),
    UNCLAIMED: frozenset({HANDED_OVER, CANCELLED}),
    DEFECTIVE: frozenset({DELIVERED, CANCELLED}),
    HANDED_OVER: frozenset(),
    CANCELLED: frozenset(),
}

#: The pipeline in the one workflow shape (:mod:`kofu.rules.workflow`): each action is named after
#: its target state; no role restriction (the card's access function decides who may move it).
WORKFLOW = workflow.by_target("カード", STATE_LABELS, _TABLE)
#: From-state → the states it may move to, read from :data:`WORKFLOW` (pages list the targets).
TRANSITIONS: dict[str, frozenset[str]] = {state: WORKFLOW.targets(state) for state in STATE_LABELS}

FINAL_STATES = frozenset(state for state, targets in TRANSITIONS.items() if not targets)
#: Cards at the municipality, waiting for something (the backlog, 滞留).
WAITING_STATES = (DELIVERED, SETUP_DONE, NOTICE_SENT, APPOINTMENT_BOOKED, RETURNED, UNCLAIMED, DEFECTIVE)

# --- channels -----------------------------------------------------------------------------------
COUNTER = "counter"
OUTREACH = "outreach"
SUPPORT = "support"
ONLINE = "online"
SMARTPHONE = "smartphone"
QR_FORM = "qr_form"
MAIL = "mail"

CHANNEL_LABELS: dict[str, str] = {
    COUNTER: "申請時来庁方式",
    OUTREACH: "出張申請受付方式",
    SUPPORT: "申請サポート方式",
    ONLINE: "オンライン申請（パソコン）",
    SMARTPHONE: "スマートフォン申請",
    QR_FORM: "証明写真機・QRコード申請",
    MAIL: "郵便申請",
}

#: Identity checked at application: the card may be mailed (本人限定受取郵便) instead of picked up.
MAIL_DELIVERY_CHANNELS = frozenset({COUNTER, OUTREACH})


class TransitionError(workflow.TransitionRefused):
    """A transition the state machine does not allow (the message is for the user, in Japanese)."""


def check_transition(current: str, target: str, *, channel: str) -> None:
    """Raise :class:`TransitionError` unless ``current → target`` is allowed for ``channel``."""
    if current not in TRANSITIONS or target not in TRANSITIONS:
        raise TransitionError(f"不明な状態です: {current} → {target}")
    if not WORKFLOW.allowed(current, target):
        allowed = (
            "、".join(STATE_LABELS[s] for s in sorted(TRANSITIONS[current])) or "なし（完了した状態です）"
        )
        raise TransitionError(
            f"「{STATE_LABELS[current]}」のカードを「{STATE_LABELS[target]}」にはできません"
            f"（変更できる状態: {allowed}）。"
        )
    if target == MAILED and channel not in MAIL_DELIVERY_CHANNELS:
        raise TransitionError(
            f"「{CHANNEL_LABELS.get(channel, channel)}」の申請は申請時に本人確認をしていないため、"
            "郵送できません（交付時来庁方式で交付してください）。"
        )


#: The hearing criterion (seed 004): arrival from J-LIS to dispatch of the notice ≥ 3 weeks.
HEARING_DAYS = 21


def is_slow_notice(days: int) -> bool:
    return days >= HEARING_DAYS


# --- staggered notices ------------------------------------------------------------------------------
@dataclass(frozen=True)
class NoticeWave:
    """One wave of notices: how many, and the visiting period printed on them."""

    size: int
    visit_from: dt.date
    visit_until: dt.date


def business_days_from(
    start: dt.date, count: int, is_holiday: Callable[[dt.date], bool] = jpholiday.is_holiday
) -> list[dt.date]:
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if is_business_day(day, is_holiday):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def stagger(
    waiting: int,
    *,
    capacity_per_day: int,
    days_per_wave: int,
    start: dt.date,
    is_holiday: Callable[[dt.date], bool] = jpholiday.is_holiday,
) -> list[NoticeWave]:
    """Split ``waiting`` cards into waves sized to the window capacity.

    Each wave holds ``capacity_per_day × days_per_wave`` notices and asks residents to come in its
    own run of business days, so the windows are never asked for more than their capacity.
    """
    if capacity_per_day < 1 or days_per_wave < 1:
        raise ValueError("窓口の1日あたりの交付可能枚数と1回あたりの日数は1以上にしてください")
    size = capacity_per_day * days_per_wave
    waves: list[NoticeWave] = []
    day = start
    remaining = waiting
    while remaining > 0:
        days: Sequence[dt.date] = business_days_from(day, days_per_wave, is_holiday)
        waves.append(NoticeWave(min(size, remaining), days[0], days[-1]))
        remaining -= size
        day = days[-1] + dt.timedelta(days=1)
    return waves
