"""One e-mail message in the outbox: who it goes to, what it says, and how its delivery went."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from kofu.cards.models import Card
from kofu.core.validators import no_my_number
from kofu.registry.models import Municipality


class Message(models.Model):
    """A message queued by a service; ``state`` moves queued → sending → sent, or → failed (and back).

    ``municipality`` scopes it (whose administrators see it); ``card`` is the resident's record it
    is about (the purge blanks the message with the card's personal data); ``related_type`` /
    ``related_id`` name the object that caused it (``booking`` 12). No My Number, no birth date.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "送信待ち"
        SENDING = "sending", "送信中"
        SENT = "sent", "送信済み"
        FAILED = "failed", "送信失敗"

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="市区町村",
    )
    card = models.ForeignKey(
        Card, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="カード"
    )
    #: What the message is, ``<app>.<kind>`` (``booking.confirm``, ``booking.closure`` …).
    kind = models.CharField("種類", max_length=30, validators=[no_my_number])
    related_type = models.CharField(
        "関連する記録の種類", max_length=30, blank=True, validators=[no_my_number]
    )
    related_id = models.BigIntegerField("関連する記録の番号", null=True, blank=True)
    recipient = models.EmailField("宛先", blank=True, validators=[no_my_number])
    subject = models.CharField("件名", max_length=200, validators=[no_my_number])
    body = models.TextField("本文", blank=True, validators=[no_my_number])
    ics = models.TextField("予定表（ICS）", blank=True, validators=[no_my_number])
    ics_name = models.CharField("予定表のファイル名", max_length=100, blank=True, validators=[no_my_number])
    state = models.CharField(
        "状態", max_length=10, choices=State.choices, default=State.QUEUED, validators=[no_my_number]
    )
    attempts = models.PositiveIntegerField("送信を試みた回数", default=0)
    last_error = models.CharField("最後のエラー", max_length=500, blank=True, validators=[no_my_number])
    created_at = models.DateTimeField("作成日時")
    #: When the current sender claimed it (state sending); a sender that died leaves it stale.
    claimed_at = models.DateTimeField("送信開始日時", null=True, blank=True)
    #: A failed message is retried by ``kofu outbox send`` from this moment on.
    next_attempt_at = models.DateTimeField("次に送信を試みる日時", null=True, blank=True)
    sent_at = models.DateTimeField("送信日時", null=True, blank=True)

    class Meta:
        verbose_name = "送信メール"
        verbose_name_plural = "送信メール"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["municipality", "-created_at"], name="outbox_by_municipality"),
            models.Index(fields=["related_type", "related_id"], name="outbox_by_related"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["queued", "sending", "sent", "failed"]), name="outbox_message_state"
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False), name="outbox_sent_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}（{self.get_state_display()}）"
