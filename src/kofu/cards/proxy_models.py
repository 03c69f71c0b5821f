"""The record of a card handed to a proxy (代理交付) for a resident who could not come.

Kept apart from ``kofu.cards.models`` (which imports it at its end) to keep that module short. It
holds the checks the window made, never the proxy's name or documents' numbers.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from kofu.cards.models import Card
from kofu.core.validators import no_my_number
from kofu.rules import proxy_handover as rules


def _choices(labels: dict[str, str]) -> list[tuple[str, str]]:
    return list(labels.items())


class ProxyHandover(models.Model):
    card = models.OneToOneField(Card, on_delete=models.CASCADE, related_name="proxy_handover")
    handed_over_on = models.DateField("交付日")
    reason = models.CharField(
        "出頭できない理由", max_length=24, choices=_choices(rules.REASONS), validators=[no_my_number]
    )
    facility = models.CharField("施設名", max_length=100, blank=True, validators=[no_my_number])
    relation = models.CharField(
        "代理人", max_length=24, choices=_choices(rules.RELATIONS), validators=[no_my_number]
    )
    applicant_id = models.CharField(
        "本人の本人確認書類", max_length=32, choices=_choices(rules.APPLICANT_IDS), validators=[no_my_number]
    )
    hardship_proof = models.BooleanField("出頭困難を証する書類を確認")
    proxy_identity = models.BooleanField("代理人の本人確認書類を確認")
    delegation = models.BooleanField("照会書兼回答書の委任欄を確認")
    pin_sealed = models.BooleanField("暗証番号を封をして受領")
    recorded_by = models.CharField("確認した職員", max_length=150, validators=[no_my_number])
    recorded_at = models.DateTimeField("記録日時", auto_now_add=True)

    class Meta:
        verbose_name = "代理人への交付"
        verbose_name_plural = "代理人への交付"
        constraints = [
            models.CheckConstraint(
                condition=Q(hardship_proof=True, proxy_identity=True, delegation=True, pin_sealed=True),
                name="cards_proxy_every_check_done",
                violation_error_message="代理人への交付は、すべての確認が済んでから記録します",
            ),
            models.CheckConstraint(
                condition=~Q(applicant_id="facility_photo_certificate")
                | Q(reason__in=rules.FACILITY_REASONS),
                name="cards_proxy_photo_certificate_in_a_facility",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.card_id} {self.get_relation_display()}"
