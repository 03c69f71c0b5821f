"""Booking ahead for outreach events (事前予約制, seed 002 事例集 P7・P8・P10).

A municipality opens booking on an :class:`~kofu.surveys.models.outreach.OutreachEvent` with time
slots of so many seats; residents book a slot with the least data (a name to call and a phone
number or an e-mail address — no notice number: they have no card yet). Seats are taken by one
conditional UPDATE (:mod:`kofu.core.seats`), as the pickup bookings' are (ADR 0006, 0026, 0030).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from kofu.core.validators import no_my_number
from kofu.surveys.models.outreach import OutreachEvent


class OutreachSlot(models.Model):
    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField("開始日時")
    ends_at = models.DateTimeField("終了日時")
    seats = models.PositiveSmallIntegerField("定員")
    booked = models.PositiveSmallIntegerField("予約数", default=0)

    class Meta:
        ordering = ["event", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "starts_at"], name="surveys_outreach_slot_once"),
            models.CheckConstraint(
                condition=Q(booked__lte=F("seats")), name="surveys_outreach_slot_not_over"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="surveys_outreach_slot_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def free(self) -> int:
        return max(self.seats - self.booked, 0)


class OutreachBooking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", "予約中"
        CANCELLED = "cancelled", "取消し"

    slot = models.ForeignKey(OutreachSlot, on_delete=models.PROTECT, related_name="bookings")
    number = models.CharField("予約番号", max_length=9, unique=True, validators=[no_my_number])
    name = models.CharField("お呼びするお名前", max_length=60, validators=[no_my_number])
    phone = models.CharField("電話番号", max_length=20, blank=True, validators=[no_my_number])
    email = models.EmailField("メールアドレス", blank=True, validators=[no_my_number])
    status = models.CharField(
        "状態", max_length=10, choices=Status.choices, default=Status.BOOKED, validators=[no_my_number]
    )
    created_at = models.DateTimeField("予約日時", auto_now_add=True)
    cancelled_at = models.DateTimeField("取消日時", null=True, blank=True)

    class Meta:
        ordering = ["slot", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""),
                name="surveys_outreach_booking_contact",
                violation_error_message="電話番号かメールアドレスのどちらかを入力してください",
            ),
        ]

    def __str__(self) -> str:
        return self.number
