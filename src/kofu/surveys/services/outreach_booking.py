"""Booking ahead for outreach events (事前予約制, seed 002 事例集 P7・P8・P10; ADR 0030).

The municipality opens booking on an event with time slots of so many seats
(:func:`outreach_booking_open`); a resident books a slot with a name to call and a phone number or
an e-mail address (:func:`outreach_book`), gets a booking number, a signed link and — with an
e-mail address — a confirmation through the outbox, and may cancel (:func:`outreach_cancel`).
Seats are taken by one conditional UPDATE (:func:`kofu.core.seats.seats_take`): overbooking is
impossible under concurrency, as with the pickup bookings.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.core.seats import seats_give_back, seats_take
from kofu.core.validators import clean_email, no_my_number, single_line
from kofu.outbox.services import message_queue
from kofu.rules.booking_numbers import new_number
from kofu.rules.outreach_slots import may_book, slot_starts
from kofu.surveys.access import access_bookable_event, access_outreach_booking, access_outreach_event
from kofu.surveys.models import OutreachBooking, OutreachEvent, OutreachSlot

SALT = "kofu.surveys.outreach_booking"
TOKEN_MAX_AGE = dt.timedelta(days=180)
Status = OutreachBooking.Status


class SlotFull(ValidationError):
    """The slot has no free seat (someone took the last one first)."""


def booking_token(booking: OutreachBooking) -> str:
    """The signed link's credential: it opens and cancels this one booking."""
    return signing.dumps({"o": booking.pk}, salt=SALT)


def booking_of_token(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    value = data.get("o") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def booking_url(booking: OutreachBooking) -> str:
    return settings.KOFU_PUBLIC_URL + reverse("surveys:outreach_booking", args=[booking_token(booking)])


@transaction.atomic
def outreach_booking_open(
    *, event: OutreachEvent, minutes: int, seats: int, day_before: bool = True, actor: Actor
) -> list[OutreachSlot]:
    """Open booking ahead on ``event``: a slot of ``minutes`` with ``seats`` seats every step of each
    day's reception hours (slots already made are kept); ``day_before``: bookings close at the end
    of the day before (札幌市の前日までの事前予約制). The municipality's own staff only."""
    event = access_outreach_event(actor, event.pk, rows=OutreachEvent.objects.select_for_update())
    if not event.published or event.opens_at is None or event.closes_at is None:
        raise ValidationError("事前予約は、所在地と受付時刻を入れて住民に公開した出張申請受付で受け付けます")
    if not 1 <= seats <= 500:
        raise ValidationError("1枠の定員は1〜500人にしてください")
    try:
        starts = slot_starts(
            starts_on=event.starts_on, ends_on=event.ends_on,
            opens_at=event.opens_at, closes_at=event.closes_at, minutes=minutes,
        )  # fmt: skip
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    if not starts:
        raise ValidationError("受付時間内に入る枠がありません（1枠の長さを短くしてください）")
    made = []
    have = set(event.slots.values_list("starts_at", flat=True))
    step = dt.timedelta(minutes=minutes)
    for start in starts:
        aware = timezone.make_aware(start)
        if aware not in have:
            made.append(OutreachSlot(event=event, starts_at=aware, ends_at=aware + step, seats=seats))
    OutreachSlot.objects.bulk_create(made)
    event.booking_open, event.booking_day_before = True, day_before
    event.save(update_fields=["booking_open", "booking_day_before"])
    audit_record(
        actor=actor, action="outreach_booking_open", object_type="outreach_event", object_id=event.pk,
        after={"minutes": minutes, "seats": seats, "day_before": day_before, "slots_made": len(made)},
    )  # fmt: skip
    return made


@transaction.atomic
def outreach_booking_close(*, event: OutreachEvent, actor: Actor) -> OutreachEvent:
    """Stop taking bookings (those made stay; residents may still cancel)."""
    event = access_outreach_event(actor, event.pk, rows=OutreachEvent.objects.select_for_update())
    event.booking_open = False
    event.save(update_fields=["booking_open"])
    audit_record(
        actor=actor, action="outreach_booking_close", object_type="outreach_event", object_id=event.pk
    )
    return event


def _contact(name: str, phone: str, email: str) -> tuple[str, str, str]:
    name, phone = name.strip(), phone.strip()
    for value in (name, phone):
        no_my_number(value)
        single_line(value)
    email = clean_email(email)
    if not name:
        raise ValidationError("お呼びするお名前を入力してください")
    if not phone and not email:
        raise ValidationError("電話番号かメールアドレスのどちらかを入力してください")
    return name, phone, email


def _message(booking: OutreachBooking, *, kind: str, subject: str, lead: str) -> None:
    if not booking.email:
        return
    slot, event = booking.slot, booking.slot.event
    when = timezone.localtime(slot.starts_at)
    body = (
        f"{lead}\n\n予約番号: {booking.number}\n"
        f"出張申請受付: {event.title}\n会場: {event.venue}（{event.address}）\n"
        f"日時: {when:%Y年%m月%d日 %H:%M}〜{timezone.localtime(slot.ends_at):%H:%M}\n\n"
        f"予約の確認・取消し: {booking_url(booking)}\n\n"
        "本人確認書類をお持ちください。マイナンバー（個人番号）をこのメールに返信しないでください。\n"
        f"{event.municipality.name}\n"
    )
    message_queue(
        kind=kind, to=booking.email, subject=subject, body=body,
        municipality_id=event.municipality_id, related=("outreach_booking", booking.pk),
    )  # fmt: skip


@transaction.atomic
def outreach_book(
    *, event: OutreachEvent, slot_id: int, name: str, phone: str, email: str, actor: Actor
) -> OutreachBooking:
    """Book one seat of ``slot_id`` (of a bookable ``event``) for a resident; raises :class:`SlotFull`
    when the slot has no free seat, ValidationError for missing or refused contact data."""
    event = access_bookable_event(event.pk, timezone.localdate())
    name, phone, email = _contact(name, phone, email)
    slot = OutreachSlot.objects.filter(pk=slot_id, event=event).first()
    if slot is None or not may_book(
        timezone.localtime(slot.starts_at), timezone.localtime(), day_before=event.booking_day_before
    ):
        raise ValidationError("この時間枠は予約できません")
    if not seats_take(OutreachSlot.objects.all(), slot.pk):
        raise SlotFull("この時間枠は満席です。ほかの時間枠を選んでください", code="full")
    booking = OutreachBooking(slot=slot, name=name, phone=phone, email=email)
    for _attempt in range(5):
        booking.number = new_number(secrets.choice)
        try:
            with transaction.atomic():
                booking.full_clean()
                booking.save()
            break
        except IntegrityError:  # the number was taken: draw another
            continue
    else:
        raise ValidationError("予約番号を作れませんでした。もう一度お試しください")
    audit_record(
        actor=actor, action="outreach_book", object_type="outreach_booking", object_id=booking.pk,
        after={"event": event.pk, "slot": slot.pk, "number": booking.number},
    )  # fmt: skip
    _message(booking, kind="outreach_booking.confirm", subject="出張申請受付の予約を受け付けました",
             lead="マイナンバーカードの出張申請受付の予約を受け付けました。")  # fmt: skip
    return booking


@transaction.atomic
def outreach_cancel(*, booking_id: int, actor: Actor, token_holder: bool = False) -> OutreachBooking:
    """Cancel a booking (the resident by the signed link, or the municipality's staff); its seat is
    given back once, by a conditional UPDATE of the booking's status."""
    booking = access_outreach_booking(actor, booking_id, token_holder=token_holder)
    now = timezone.now()
    if not OutreachBooking.objects.filter(pk=booking.pk, status=Status.BOOKED).update(
        status=Status.CANCELLED, cancelled_at=now
    ):
        raise ValidationError("この予約はすでに取り消されています")
    seats_give_back(OutreachSlot.objects.all(), booking.slot_id)
    booking.status, booking.cancelled_at = Status.CANCELLED, now
    audit_record(
        actor=actor, action="outreach_cancel", object_type="outreach_booking", object_id=booking.pk,
        before={"status": Status.BOOKED}, after={"status": Status.CANCELLED},
    )  # fmt: skip
    _message(booking, kind="outreach_booking.cancel", subject="出張申請受付の予約を取り消しました",
             lead="次の予約を取り消しました。")  # fmt: skip
    return booking
