"""The ONE booking service: every change of a booking or of a slot's seats goes through here.

Seats are counted in ``Slot.booked``. Taking a seat is a conditional UPDATE
(``booked < capacity``) in the transaction that writes the booking, so two concurrent requests can
never both take the last seat; the check constraint ``0 ≤ booked ≤ capacity`` backs it up. On
SQLite kofu opens every transaction IMMEDIATE (settings), on PostgreSQL the UPDATE takes the row
lock. Releasing a seat decrements the counter in the same transaction that ends the booking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from kofu.accounts.roles import SYSTEM, Actor, Role
from kofu.bookings import notify
from kofu.bookings.access import access_booking, access_slot
from kofu.bookings.models import ACTIVE, Booking, Slot
from kofu.bookings.services import seats as seats_sql
from kofu.bookings.services.party import number_clash, party_of, renumber
from kofu.bookings.services.records import BookingError, audit_booking, card_follows
from kofu.cards.access import access_card
from kofu.cards.models import Card
from kofu.core.inserting import insert
from kofu.rules import cards as card_rules
from kofu.rules.booking_calendar import can_change

Status = Booking.Status
Channel = Booking.Channel


DUPLICATE = "すでに予約があります。予約の変更か取消をしてください。"


class SlotFull(BookingError):
    def __init__(self, message: str = "この時間帯は満員です。別の時間帯を選んでください。") -> None:
        super().__init__(message, code="full")


def _now() -> dt.datetime:
    return timezone.now()


def _take_seat(slot_id: int, channel: str, seats: int = 1) -> None:
    """Take ``seats`` seats of ``channel``'s quota atomically or raise SlotFull (nothing changed)."""
    if not seats_sql.take(slot_id, channel, seats):
        name = _QUOTA_NAMES.get(channel)
        raise SlotFull(_STAFF_FULL.format(name)) if name else SlotFull()


#: Staff channels say which quota is full (the resident's web message stays the default).
_QUOTA_NAMES: dict[str, str] = {Channel.PHONE: "電話予約枠", Channel.WALK_IN: "窓口（当日）の枠"}
_STAFF_FULL = "この時間帯の{}に空きがありません。予約枠の画面で枠を振り替えるか、別の時間帯を選んでください。"


def _release_seat(booking: Booking) -> None:
    seats_sql.give_back(booking.slot_id, booking.channel)


def _bookable_card(card: Card) -> None:
    if card.state not in (card_rules.NOTICE_SENT, card_rules.APPOINTMENT_BOOKED) or not card.notice_number:
        raise BookingError(
            "このカードは来庁予約の対象ではありません（交付通知書の発送後に予約できます）。",
            code="not_bookable",
        )


def _check_window(slot: Slot, *, staff: bool) -> None:
    if slot.closed:
        raise SlotFull("この時間帯は休止になりました。別の時間帯を選んでください。")
    if staff:
        return
    today = timezone.localdate()
    first = today + dt.timedelta(days=settings.KOFU_BOOKING_CLOSING_DAYS)
    last = today + dt.timedelta(days=settings.KOFU_BOOKING_HORIZON_DAYS)
    day = timezone.localtime(slot.starts_at).date()
    if not first <= day <= last:
        raise BookingError(
            f"予約できるのは {first:%Y年%m月%d日} から {last:%Y年%m月%d日} までの時間帯です。", code="horizon"
        )


def bookings_create(
    *,
    cards: Sequence[Card],
    slot_id: int,
    channel: str = Channel.WEB,
    hold: bool = False,
    email: str = "",
    actor: Actor,
    slot: Slot | None = None,
    seat_taken: bool = False,
) -> list[Booking]:
    """Book one slot for one or more cards (a household) in one go: all or nothing.

    A :class:`~kofu.accounts.roles.Resident` books on the web (their own and their household's
    cards, within the booking horizon); staff pass themselves for phone and walk-in bookings. A
    slot or card the actor may not use is not found (:class:`~kofu.accounts.access.NotFound`).
    With ``hold`` the bookings are HELD until :func:`bookings_confirm` (or the hold expires).

    The slot is read and checked before the write transaction opens (on SQLite every write
    transaction holds the one writer's lock, so only the writes sit inside it); the seat itself is
    taken by the conditional UPDATE inside, which looks at the slot as it is then. A caller that
    read the slot (with its site) already passes it as ``slot`` (the API reads it with the card).
    ``seat_taken``: the caller took the one seat of ``channel`` for the one card in its open
    transaction (the API's booking in one writer turn, :mod:`kofu.bookings.one_turn`); a refusal
    raised here rolls it back with that transaction.
    """
    if seat_taken and (len(cards) != 1 or hold or not transaction.get_connection().in_atomic_block):
        raise ValueError("seat_taken: one card, booked, inside the transaction that took the seat")
    if not cards:
        raise BookingError("予約するカードがありません。", code="not_bookable")
    # ``slot``: the caller read it already (with its site), e.g. with the card; still checked here.
    slot = access_slot(actor, slot if slot is not None and slot.pk == slot_id else slot_id)
    resident = actor.role is Role.RESIDENT
    if resident and channel != Channel.WEB:
        raise PermissionDenied("住民の予約は Web 予約です")
    _check_window(slot, staff=not resident)
    for card in cards:
        access_card(actor, card)
        _bookable_card(card)
        if card.municipality_id != slot.site.municipality_id:
            raise BookingError(
                "この会場ではこのカードを交付できません（交付する市区町村が違います）。", code="not_bookable"
            )
    if len(cards) > slot.site.max_party:
        raise BookingError(f"この会場で一度に予約できるのは{slot.site.max_party}人までです。", code="party")
    now = _now()
    bookings = [
        Booking(
            card=card,
            slot=slot,
            status=Status.HELD if hold else Status.BOOKED,
            channel=channel,
            email=email,
            created_at=now,
            changed_at=now,
            hold_expires_at=now + dt.timedelta(seconds=settings.KOFU_BOOKING_HOLD_SECONDS) if hold else None,
        )
        for card in cards
    ]
    for attempt in range(3):
        try:
            _write_party(slot, channel, bookings, actor=actor, seat_taken=seat_taken)
        except BookingError as exc:
            if exc.code != "duplicate" or attempt == 2 or not number_clash(bookings):
                raise
            renumber(bookings)
        else:
            break
    return bookings


def _write_party(
    slot: Slot, channel: str, bookings: list[Booking], *, actor: Actor, seat_taken: bool = False
) -> None:
    """Take the seats of every card at once (unless the caller took them) and write the bookings
    (the first card's leads)."""
    day = timezone.localtime(slot.starts_at).date()
    with transaction.atomic():
        if not seat_taken:
            _take_seats(slot.pk, channel, [b.card for b in bookings])
        for booking in bookings:
            booking.lead = bookings[0] if booking is not bookings[0] else None
            _write_booking(booking, actor=actor, day=day)


def _take_seats(slot_id: int, channel: str, cards: Sequence[Card]) -> None:
    """One card: take the seat first; the partial unique index refuses a second active booking at
    its insert. Households, and a single card that found the slot full, look first, so an existing
    booking is reported as such rather than as "full"."""
    if len(cards) > 1 or not _try_take(slot_id, channel):
        if Booking.objects.filter(card__in=cards, status__in=ACTIVE).exists():
            raise BookingError(DUPLICATE, code="duplicate")
        _free_up(slot_id)
        _take_seat(slot_id, channel, seats=len(cards))


def _write_booking(booking: Booking, *, actor: Actor, day: dt.date) -> None:
    """Insert the booking, mirror it on the card (unless held) and audit both, in the caller's transaction."""
    try:
        insert(booking)  # Booking.save(force_insert=True), its INSERT written once (ADR 0035)
    except IntegrityError as exc:  # the partial unique index: a parallel booking for this card
        # Raised out of the atomic block, so the seat taken before is rolled back with it.
        raise BookingError(DUPLICATE, code="duplicate") from exc
    held = booking.status == Status.HELD
    change = None if held else card_follows(booking.card, card_rules.APPOINTMENT_BOOKED, actor=actor, on=day)
    audit_booking(actor, "hold" if held else "book", booking, card_change=change)
    if not held:
        notify.queue(booking, "confirm")


def _try_take(slot_id: int, channel: str) -> bool:
    try:
        _take_seat(slot_id, channel)
    except SlotFull:
        return False
    return True


def release_expired_holds(slot_id: int) -> int:
    """Give the seats of holds whose time ran out back to the slot."""
    expired = list(
        Booking.objects.filter(
            slot_id=slot_id, status=Status.HELD, hold_expires_at__lt=_now()
        ).select_for_update()
    )
    for booking in expired:
        _end(booking, Status.CANCELLED, actor=SYSTEM, reason="仮押さえの期限切れ", action="hold_expired")
    return len(expired)


@transaction.atomic
def bookings_confirm(*, booking_ids: Sequence[int], actor: Actor) -> list[Booking]:
    """Turn held bookings into bookings (the resident pressed 予約を確定する)."""
    out = []
    for booking in (
        Booking.objects.select_for_update().filter(pk__in=booking_ids).select_related("card", "slot__site")
    ):
        access_booking(actor, booking)
        if booking.status != Status.HELD:
            raise BookingError("仮押さえが見つかりません。もう一度時間帯を選んでください。", code="hold_lost")
        if booking.hold_expires_at and booking.hold_expires_at < _now():
            _end(booking, Status.CANCELLED, actor=SYSTEM, reason="仮押さえの期限切れ", action="hold_expired")
            raise BookingError(
                "仮押さえの期限が切れました。もう一度時間帯を選んでください。", code="hold_lost"
            )
        booking.status = Status.BOOKED
        booking.hold_expires_at = None
        booking.changed_at = _now()
        booking.save(update_fields=["status", "hold_expires_at", "changed_at"])
        change = card_follows(
            booking.card,
            card_rules.APPOINTMENT_BOOKED,
            actor=actor,
            on=timezone.localtime(booking.slot.starts_at).date(),
        )
        audit_booking(actor, "confirm", booking, before={"status": Status.HELD}, card_change=change)
        notify.queue(booking, "confirm")
        out.append(booking)
    return out


def _end(  # noqa: PLR0913 — one place ends every booking
    booking: Booking,
    status: str,
    *,
    actor: Actor,
    reason: str,
    action: str,
    mail: str = "",
    keep_seat: bool = False,
) -> Booking:
    """End an active booking and give its seat back (inside the caller's transaction).

    ``mail``: the kind of e-mail (``cancel``, ``closure``) queued for a booking that was booked —
    not for a hold, which the resident never confirmed, nor a no-show. ``keep_seat``: the seat stays
    counted until ``KOFU_BOOKING_RELEASE_MINUTES`` have passed (:func:`seats.release_due`).
    """
    before = booking.status
    booking.status = status
    booking.cancel_reason = reason[:200]
    booking.changed_at = _now()
    booking.hold_expires_at = None
    minutes = settings.KOFU_BOOKING_RELEASE_MINUTES
    if keep_seat and minutes > 0 and before != Status.HELD:
        booking.seat_release_at = booking.changed_at + dt.timedelta(minutes=minutes)
    else:
        _release_seat(booking)
    booking.save(
        update_fields=["status", "cancel_reason", "changed_at", "hold_expires_at", "seat_release_at"]
    )
    change = (
        card_follows(booking.card, card_rules.NOTICE_SENT, actor=actor) if before != Status.HELD else None
    )
    audit_booking(actor, action, booking, before={"status": before}, card_change=change)
    if mail and before == Status.BOOKED:
        notify.queue(booking, mail)
    return booking


def _free_up(slot_id: int) -> None:
    """Before refusing a full slot: give back expired holds and seats whose release time came."""
    release_expired_holds(slot_id)
    seats_sql.release_due(slot_id)


def _locked(actor: Actor, booking_id: int) -> Booking:
    return access_booking(
        actor, booking_id, rows=Booking.objects.select_for_update().select_related("card", "slot__site")
    )


@transaction.atomic
def booking_cancel(
    *, booking_id: int, actor: Actor, reason: str = "", resident_deadline: bool = True
) -> Booking:
    """Cancel (resident through the signed link before the cut-off, or staff at any time)."""
    booking = _locked(actor, booking_id)
    if booking.status not in ACTIVE or booking.status == Status.CHECKED_IN:
        raise BookingError("この予約は取り消せません（取消済みまたは受付済みです）。", code="not_active")
    if (
        actor.role is Role.RESIDENT
        and resident_deadline
        and not can_change(
            booking.slot.starts_at, _now(), cutoff_hours=settings.KOFU_BOOKING_CHANGE_CUTOFF_HOURS
        )
    ):
        raise BookingError(
            f"予約の変更・取消は来庁日時の{settings.KOFU_BOOKING_CHANGE_CUTOFF_HOURS}時間前までです。窓口にお電話ください。",
            code="cutoff",
        )
    for member in party_of(booking):
        _end(member, Status.CANCELLED, actor=actor, reason=reason or "取消", action="cancel", mail="cancel")
    return _end(
        booking,
        Status.CANCELLED,
        actor=actor,
        reason=reason or "取消",
        action="cancel",
        mail="cancel",
        keep_seat=actor.role is Role.RESIDENT,  # a resident's seat cannot go straight to someone else
    )


@transaction.atomic
def booking_change(*, booking_id: int, slot_id: int, actor: Actor) -> Booking:
    """Move a booking to another slot: take the new seat first, then give the old one back."""
    booking = _locked(actor, booking_id)
    if booking.status not in (Status.BOOKED, Status.HELD):
        raise BookingError("この予約は変更できません（取消済みまたは受付済みです）。", code="not_active")
    if booking.slot_id == slot_id:
        return booking
    new = access_slot(actor, slot_id)
    if new.site.municipality_id != booking.slot.site.municipality_id:
        raise BookingError("別の市区町村の会場には変更できません。", code="not_bookable")
    if actor.role is Role.RESIDENT:
        if not can_change(
            booking.slot.starts_at, _now(), cutoff_hours=settings.KOFU_BOOKING_CHANGE_CUTOFF_HOURS
        ):
            raise BookingError("予約の変更・取消の期限を過ぎています。窓口にお電話ください。", code="cutoff")
        _check_window(new, staff=False)
    elif new.closed:
        raise SlotFull("この時間帯は休止になりました。")
    party = [booking, *party_of(booking)]
    if len(party) > 1 and len(party) > new.site.max_party:
        raise BookingError(f"この会場で一度に予約できるのは{new.site.max_party}人までです。", code="party")
    if len(party) > 1 or not _try_take(new.pk, booking.channel):
        _free_up(new.pk)
        _take_seat(new.pk, booking.channel, seats=len(party))
    seats_sql.give_back(booking.slot_id, booking.channel, len(party))
    for moved in party:
        _move(moved, new, actor=actor)
    return booking


def _move(booking: Booking, new: Slot, *, actor: Actor) -> None:
    """Point ``booking`` at the slot whose seat was taken for it (the old seat already given back)."""
    before = {"status": booking.status, "slot": booking.slot_id}
    booking.slot = new
    booking.changed_at = _now()
    booking.window = None
    booking.save(update_fields=["slot", "changed_at", "window"])
    if booking.status == Status.BOOKED:
        day = timezone.localtime(new.starts_at).date()
        booking.card.appointment_on = day
        booking.card.save(update_fields=["appointment_on"])
    audit_booking(actor, "change", booking, before=before)
    if booking.status == Status.BOOKED:
        notify.queue(booking, "change")
