"""The waiting list for an earlier slot (RDV-Service-Public's file d'attente).

A resident with a booking joins (:func:`waitlist_join`). :func:`waitlist_offer_round` — run by
``kofu bookings waitlist`` from cron — first ends the offers whose time ran out (their seat goes
back and their resident queues again at the end), then walks the list first come, first served: each waiting resident is offered the earliest
open slot of their site with a free seat in their booking's channel that is at least
``KOFU_WAITLIST_MIN_DAYS_EARLIER`` days before their booking. The offer takes the seat at once
(the same conditional UPDATE as a booking), so it is held for them until ``offer_expires_at``, and
the offer is e-mailed through the outbox with a signed link. Accepting moves the booking and gives
the old seat back; declining or letting it expire gives the offered seat back. After
``KOFU_WAITLIST_MAX_OFFERS`` offers the entry ends.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.bookings import notify
from kofu.bookings.access import access_booking
from kofu.bookings.models import Booking, Slot, WaitlistEntry, has_seats
from kofu.bookings.services import seats
from kofu.bookings.services.records import BookingError
from kofu.outbox.services import message_queue
from kofu.rules.booking_calendar import jst

Wait = WaitlistEntry.Status
SALT = "kofu.bookings.waitlist"
SUBJECT = "【来庁予約】早い日時に空きが出ました"


def offer_token(entry: WaitlistEntry) -> str:
    return signing.dumps({"w": entry.pk}, salt=SALT)


def entry_of_token(token: str) -> WaitlistEntry | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=dt.timedelta(days=30))
    except signing.BadSignature:
        return None
    entry_id = data.get("w") if isinstance(data, dict) else None
    if not isinstance(entry_id, int):
        return None
    return (
        WaitlistEntry.objects.select_related("booking__slot__site", "booking__card", "offered_slot")
        .filter(pk=entry_id)
        .first()
    )


def _audit(actor: Actor, action: str, entry: WaitlistEntry, before: str | None) -> None:
    audit_record(
        actor=actor,
        action=f"bookings.waitlist_{action}",
        object_type="waitlist",
        object_id=entry.pk,
        before={"status": before} if before else None,
        after={"status": entry.status, "booking": entry.booking_id, "slot": entry.offered_slot_id},
        purpose="来庁予約",
    )


@transaction.atomic
def waitlist_join(*, booking_id: int, actor: Actor) -> WaitlistEntry:
    """Put the booking on the waiting list (it needs an e-mail address: offers go by e-mail)."""
    booking = access_booking(
        actor, booking_id, rows=Booking.objects.select_for_update().select_related("slot__site")
    )
    if booking.status != Booking.Status.BOOKED:
        raise BookingError("予約済みの予約だけ空き待ちに登録できます。", code="not_active")
    if not booking.email:
        raise BookingError(
            "空きの案内はメールで送ります。メールアドレスのある予約だけ登録できます。", code="no_email"
        )
    try:
        with transaction.atomic():
            now = timezone.now()
            entry = WaitlistEntry.objects.create(booking=booking, created_at=now, queued_at=now)
    except IntegrityError:
        raise BookingError("すでに空き待ちに登録しています。", code="duplicate") from None
    _audit(actor, "join", entry, None)
    return entry


def _earliest(booking: Booking, now: dt.datetime) -> Slot | None:
    latest = booking.slot.starts_at - dt.timedelta(days=settings.KOFU_WAITLIST_MIN_DAYS_EARLIER)
    earliest = now + dt.timedelta(hours=settings.KOFU_BOOKING_CHANGE_CUTOFF_HOURS)
    rows = Slot.objects.filter(
        has_seats(booking.channel),
        site_id=booking.slot.site_id,
        closed=False,
        starts_at__gt=earliest,
        starts_at__lte=latest,
    )
    return rows.order_by("starts_at", "id").first()


def _offer(entry: WaitlistEntry, slot: Slot, now: dt.datetime, actor: Actor) -> bool:
    if not seats.take(slot.pk, entry.booking.channel):
        return False  # taken meanwhile
    entry.status = Wait.OFFERED
    entry.offers += 1
    entry.offered_slot = slot
    entry.offer_expires_at = now + dt.timedelta(hours=settings.KOFU_WAITLIST_OFFER_HOURS)
    entry.save(update_fields=["status", "offers", "offered_slot", "offer_expires_at"])
    _audit(actor, "offer", entry, Wait.WAITING)
    booking = entry.booking
    link = settings.KOFU_PUBLIC_URL + reverse("bookings:waitlist_offer", args=[offer_token(entry)])
    body = "\n".join(
        [
            "空き待ちに登録された予約より早い日時に空きが出ました。",
            "",
            f"予約番号: {booking.pk}",
            f"会場: {slot.site.name}",
            f"空いた日時: {jst(slot.starts_at)} 〜 {jst(slot.ends_at)}",
            f"今の予約: {jst(booking.slot.starts_at)}",
            f"この席は {jst(entry.offer_expires_at)} までお取りしています。",
            "",
            f"移る・移らない: {link}",
            "",
            "移らない場合は、今の予約のままです。",
        ]
    )
    message_queue(
        kind="booking.waitlist_offer",
        to=booking.email,
        subject=SUBJECT,
        body=body + "\n",
        municipality_id=slot.site.municipality_id,
        card=booking.card,
        related=("booking", booking.pk),
    )
    return True


def _give_back(entry: WaitlistEntry, actor: Actor, action: str, now: dt.datetime) -> None:
    """End an offer: its seat goes back; the entry queues again at the end of the line (so the
    seat goes to the next in line), or ends after the last offer."""
    assert entry.offered_slot_id is not None
    seats.give_back(entry.offered_slot_id, entry.booking.channel)
    last = entry.offers >= settings.KOFU_WAITLIST_MAX_OFFERS
    entry.status = Wait.CLOSED if last else Wait.WAITING
    entry.offered_slot = None
    entry.offer_expires_at = None
    entry.queued_at = now
    entry.save(update_fields=["status", "offered_slot", "offer_expires_at", "queued_at"])
    _audit(actor, action, entry, Wait.OFFERED)


def waitlist_offer_round(*, actor: Actor, now: dt.datetime | None = None) -> tuple[int, int]:
    """Expire the offers whose time ran out, then offer seats first come, first served.
    Returns (offers made, offers expired); each entry in its own transaction."""
    now = now or timezone.now()
    expired = made = 0
    for entry_id in WaitlistEntry.objects.filter(status=Wait.OFFERED, offer_expires_at__lt=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            entry = WaitlistEntry.objects.select_for_update().select_related("booking").get(pk=entry_id)
            if entry.status == Wait.OFFERED:
                _give_back(entry, actor, "expire", now)
                expired += 1
    for entry_id in (
        WaitlistEntry.objects.filter(status=Wait.WAITING)
        .order_by("queued_at", "id")
        .values_list("pk", flat=True)
    ):
        with transaction.atomic():
            entry = (
                WaitlistEntry.objects.select_for_update()
                .select_related("booking__slot__site", "booking__card")
                .get(pk=entry_id)
            )
            if entry.status != Wait.WAITING:
                continue
            if entry.booking.status != Booking.Status.BOOKED:
                entry.status = Wait.CLOSED
                entry.save(update_fields=["status"])
                continue
            slot = _earliest(entry.booking, now)
            if slot is not None and _offer(entry, slot, now, actor):
                made += 1
    return made, expired


@transaction.atomic
def waitlist_answer(*, entry_id: int, accept: bool, actor: Actor) -> WaitlistEntry:
    """The resident moves to the offered slot (the old seat goes back) or stays where they are."""
    entry = (
        WaitlistEntry.objects.select_for_update(of=("self",))
        .select_related("offered_slot__site")
        .get(pk=entry_id)
    )
    booking = access_booking(
        actor, entry.booking_id, rows=Booking.objects.select_for_update().select_related("card", "slot__site")
    )
    entry.booking = booking
    if (
        entry.status != Wait.OFFERED
        or entry.offer_expires_at is None
        or entry.offer_expires_at < timezone.now()
    ):
        raise BookingError("この案内は期限が切れたか、すでに回答済みです。", code="offer_lost")
    if not accept or booking.status != Booking.Status.BOOKED:
        _give_back(entry, actor, "decline", timezone.now())
        return entry
    new = entry.offered_slot
    assert new is not None
    seats.give_back(booking.slot_id, booking.channel)
    old = booking.slot_id
    booking.slot = new
    booking.window = None
    booking.changed_at = timezone.now()
    booking.reminded_at = None
    booking.save(update_fields=["slot", "window", "changed_at", "reminded_at"])
    booking.card.appointment_on = timezone.localtime(new.starts_at).date()
    booking.card.save(update_fields=["appointment_on"])
    entry.status = Wait.MOVED
    entry.offer_expires_at = None
    entry.save(update_fields=["status", "offer_expires_at"])
    _audit(actor, "move", entry, Wait.OFFERED)
    audit_record(
        actor=actor,
        action="bookings.change",
        object_type="booking",
        object_id=booking.pk,
        before={"slot": old},
        after={"slot": new.pk, "status": booking.status, "channel": booking.channel},
        purpose="来庁予約（空き待ち）",
    )
    notify.queue(booking, "change")
    return entry
