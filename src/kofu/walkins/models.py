"""Walk-in tickets (発券): numbered per site and day, called to a window, then finished.

A ticket carries no name and no card: it is the number a person without a booking takes at the
door. The database keeps the numbers unique per site and day and lets a window call one ticket at
a time (a partial unique index on the called tickets).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from kofu.bookings.models import Site, Window
from kofu.core.validators import no_my_number


class Ticket(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", "お待ち"
        CALLED = "called", "呼出中"
        SERVED = "served", "対応済み"
        LEFT = "left", "不在"

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    day = models.DateField("発券日")
    number = models.PositiveIntegerField("受付番号")
    status = models.CharField(
        "状態", max_length=16, choices=Status.choices, default=Status.WAITING, validators=[no_my_number]
    )
    issued_at = models.DateTimeField("発券日時")
    called_at = models.DateTimeField("呼出日時", null=True, blank=True)
    window = models.ForeignKey(Window, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    finished_at = models.DateTimeField("対応終了日時", null=True, blank=True)

    class Meta:
        ordering = ["site", "day", "number"]
        verbose_name = "受付番号札"
        verbose_name_plural = "受付番号札"
        constraints = [
            models.UniqueConstraint(fields=["site", "day", "number"], name="walkins_ticket_unique_number"),
            models.UniqueConstraint(
                fields=["window"], condition=Q(status="called"), name="walkins_one_call_per_window"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["waiting", "called", "served", "left"]), name="walkins_ticket_status"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="walkins_ticket_number"),
            models.CheckConstraint(
                condition=Q(status="waiting") | (Q(called_at__isnull=False) & Q(window__isnull=False)),
                name="walkins_ticket_called_at_a_window",
            ),
        ]
        indexes = [models.Index(fields=["site", "day", "status"], name="walkins_ticket_queue")]

    def __str__(self) -> str:
        return f"{self.number}番"
