"""Staff card acquisition (seed 002): organisations, departments and their reports at a date."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from kofu.core.validators import no_my_number
from kofu.registry.models import Municipality, Prefecture


class StaffOrganisation(models.Model):
    class Kind(models.TextChoices):
        LOCAL_GOVERNMENT = "local_government", "地方公共団体"
        FIRE_HQ = "fire_hq", "消防本部"
        OTHER = "other", "その他の機関"

    kind = models.CharField("種別", max_length=20, choices=Kind.choices, validators=[no_my_number])
    name = models.CharField("名称", max_length=100, validators=[no_my_number])
    prefecture = models.ForeignKey(Prefecture, on_delete=models.PROTECT, related_name="staff_organisations")
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_organisations",
        help_text="市区町村が報告する組織（消防本部は構成市町村の代表）",
    )

    class Meta:
        ordering = ["prefecture__code", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["prefecture", "kind", "name"], name="surveys_staff_org_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class StaffDepartment(models.Model):
    organisation = models.ForeignKey(StaffOrganisation, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField("部署名", max_length=100, validators=[no_my_number])

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="surveys_staff_department_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} {self.name}"


class StaffReport(models.Model):
    """Counts at a date: staff and dependants, their applications and the cards they hold."""

    department = models.ForeignKey(StaffDepartment, on_delete=models.PROTECT, related_name="reports")
    as_of = models.DateField("時点")
    staff = models.PositiveIntegerField("職員数")
    dependants = models.PositiveIntegerField("被扶養者数", default=0)
    staff_applications = models.PositiveIntegerField("職員の申請者数")
    dependant_applications = models.PositiveIntegerField("被扶養者の申請者数", default=0)
    staff_cards = models.PositiveIntegerField("職員の取得者数", default=0)
    dependant_cards = models.PositiveIntegerField("被扶養者の取得者数", default=0)
    reasons = models.TextField(
        "申請しない理由",
        blank=True,
        validators=[no_my_number],
        help_text="未申請の職員が挙げた理由（資料002 神戸市消防局: 各所属から報告）",
    )

    class Meta:
        ordering = ["department", "as_of"]
        constraints = [
            models.UniqueConstraint(fields=["department", "as_of"], name="surveys_staff_report_once"),
            models.CheckConstraint(
                condition=Q(staff_applications__lte=F("staff")), name="surveys_staff_applications_le_staff"
            ),
            models.CheckConstraint(
                condition=Q(dependant_applications__lte=F("dependants")),
                name="surveys_dependant_applications_le_dependants",
            ),
            models.CheckConstraint(
                condition=Q(staff_cards__lte=F("staff_applications")),
                name="surveys_staff_cards_le_applications",
            ),
            models.CheckConstraint(
                condition=Q(dependant_cards__lte=F("dependant_applications")),
                name="surveys_dependant_cards_le_applications",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.as_of}"
