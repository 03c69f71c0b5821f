"""Resident e-mails (confirmation, change, cancellation, reminder) with an ICS attachment.

The booking services queue them in the outbox (:func:`queue`, inside their own transaction), so
every caller — web page, API, staff screen, command — tells the resident the same way; delivery is
attempted after the commit and retried by ``kofu outbox send``. Times are shown in JST with an
explicit ``+09:00``; the ICS carries ``DTSTART`` in UTC (``Z``) and the description repeats the JST
time. Nothing here names the resident or prints a notice number or birth date.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse

from kofu.bookings.models import Booking
from kofu.bookings.selectors import venue
from kofu.outbox.models import Message
from kofu.outbox.services import message_queue
from kofu.rules.booking_calendar import jst

SALT = "kofu.bookings.manage"
#: Kinds whose e-mail carries the link to change or cancel the booking.
WITH_LINK = frozenset({"confirm", "change", "reminder"})
SUBJECTS = {
    "confirm": "【来庁予約】予約を受け付けました",
    "change": "【来庁予約】予約を変更しました",
    "cancel": "【来庁予約】予約を取り消しました",
    "closure": "【来庁予約】休業のため予約を取り消しました",
    "reminder": "【来庁予約】マイナンバーカードの受取日が近づいています",
}
#: What a resident brings to the pickup (the reminder lists it).
TO_BRING = (
    "交付通知書（はがき）",
    "本人確認書類（運転免許証・パスポートなど。顔写真のないものは2点）",
    "通知カード・住民基本台帳カード（お持ちの方）",
    "今お持ちのマイナンバーカード（更新の方）",
)
OPT_OUT_SALT = "kofu.bookings.reminders_off"


def manage_token(booking: Booking) -> str:
    return signing.dumps({"b": booking.pk}, salt=SALT)


def manage_url(booking: Booking) -> str:
    """The absolute address of the booking's own page (``KOFU_PUBLIC_URL`` + the signed link)."""
    return settings.KOFU_PUBLIC_URL + reverse("bookings:manage", args=[manage_token(booking)])


def opt_out_token(booking: Booking) -> str:
    """The reminder opt-out link's own token (it cannot open, change or cancel the booking)."""
    return signing.dumps({"b": booking.pk}, salt=OPT_OUT_SALT)


def opt_out_url(booking: Booking) -> str:
    """The absolute address that stops reminders for this booking."""
    return settings.KOFU_PUBLIC_URL + reverse("bookings:reminders_off", args=[opt_out_token(booking)])


def booking_of_token(token: str, *, salt: str = SALT) -> int | None:
    try:
        data = signing.loads(token, salt=salt, max_age=dt.timedelta(days=120))
    except signing.BadSignature:
        return None
    value = data.get("b") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def ics(booking: Booking) -> str:
    slot = booking.slot
    site = slot.site
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kofu//bookings//JA",
        "METHOD:CANCEL" if booking.status == Booking.Status.CANCELLED else "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:kofu-booking-{booking.pk}@kofu",
        f"DTSTAMP:{_utc(booking.changed_at)}",
        f"DTSTART:{_utc(slot.starts_at)}",
        f"DTEND:{_utc(slot.ends_at)}",
        f"SUMMARY:マイナンバーカードの受取（{site.name}）",
        f"LOCATION:{site.name} {site.address}".rstrip(),
        f"DESCRIPTION:予約番号 {booking.number} 来庁日時 {jst(slot.starts_at)}〜{jst(slot.ends_at)}"
        " 持ち物 交付通知書・本人確認書類",
        "STATUS:CANCELLED" if booking.status == Booking.Status.CANCELLED else "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def body(booking: Booking, kind: str, link: str = "") -> str:
    slot = booking.slot
    place = venue(slot.site)
    parts = [
        SUBJECTS[kind].split("】", 1)[1] + "。",
        "",
        f"予約番号: {booking.number}",
        f"会場: {slot.site.name}",
        f"所在地: {slot.site.address or '交付通知書に記載の会場'}",
        f"地図: {place.map_url}",
        f"来庁日時: {jst(slot.starts_at)} 〜 {jst(slot.ends_at)}",
        f"状態: {booking.get_status_display()}",
    ]
    if place.hours:
        parts.append("受付時間: " + " / ".join(place.hours))
    if booking.cancel_reason and kind in {"cancel", "closure"}:
        parts.append(f"理由: {booking.cancel_reason}")
    if link and kind != "cancel" and kind != "closure":
        parts += [
            "",
            f"変更・取消（来庁の{settings.KOFU_BOOKING_CHANGE_CUTOFF_HOURS}時間前まで）: {link}",
        ]
    if kind == "reminder":
        return "\n".join(parts + _reminder_parts(booking)) + "\n"
    if kind not in {"cancel", "closure"}:
        parts += ["", "持ち物:", *(f"・{item}" for item in place.to_bring)]
    parts += ["", "予約番号と生年月日で、予約の確認・変更・取消のページを開けます。"]
    return "\n".join(parts) + "\n"


def _reminder_parts(booking: Booking) -> list[str]:
    """The end of a reminder: what to bring and the link that stops reminders."""
    return [
        "",
        "お持ちいただくもの:",
        *(f"・{item}" for item in TO_BRING),
        "",
        f"このようなお知らせが不要な方: {opt_out_url(booking)}",
    ]


def queue(booking: Booking, kind: str) -> Message | None:
    """Queue the e-mail of ``kind`` about ``booking`` in the caller's transaction (None without an
    address). The booking's slot, site and card are read from the booking."""
    if not booking.email:
        return None
    slot = booking.slot
    return message_queue(
        kind=f"booking.{kind}",
        to=booking.email,
        subject=SUBJECTS[kind],
        body=body(booking, kind, manage_url(booking) if kind in WITH_LINK else ""),
        municipality_id=slot.site.municipality_id,
        card=booking.card,
        related=("booking", booking.pk),
        ics=ics(booking),
        ics_name=f"kofu-booking-{booking.pk}.ics",
    )
