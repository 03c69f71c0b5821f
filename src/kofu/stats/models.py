"""Issuance snapshots: per-municipality figures and, where only those were published, totals."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from kofu.core.validators import no_my_number
from kofu.registry.models import Municipality, Prefecture


class IssuanceSnapshot(models.Model):
    """One publication date: 交付枚数 as of ``as_of``, population at ``population_base``."""

    as_of = models.DateField("交付枚数基準日", unique=True)
    population_base = models.DateField("人口算出基準日")
    source = models.CharField("出典ファイル", max_length=255, blank=True, validators=[no_my_number])
    imported_at = models.DateTimeField("取込日時", auto_now_add=True)
    complete = models.BooleanField(
        "全市区町村分あり", default=False, help_text="全市区町村の数値があり、集計表を市区町村から計算できる"
    )

    class Meta:
        ordering = ["-as_of"]
        verbose_name = "交付状況（時点）"
        verbose_name_plural = "交付状況（時点）"

    def __str__(self) -> str:
        return f"{self.as_of:%Y-%m-%d}時点"


class _Counts(models.Model):
    population = models.PositiveBigIntegerField("総数（人口）")
    issued = models.PositiveBigIntegerField("交付枚数")
    applications = models.PositiveBigIntegerField("申請件数", null=True, blank=True)

    class Meta:
        abstract = True


class MunicipalityFigure(_Counts):
    snapshot = models.ForeignKey(
        IssuanceSnapshot, on_delete=models.CASCADE, related_name="municipality_figures"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="issuance_figures")
    printed_rate = models.DecimalField("公表交付率", max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["municipality__code"]
        verbose_name = "市区町村別交付枚数"
        verbose_name_plural = "市区町村別交付枚数"
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "municipality"], name="figure_unique_per_snapshot"),
            models.CheckConstraint(condition=Q(population__gt=0), name="figure_population_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.snapshot}: {self.issued}/{self.population}"


class PrefectureFigure(_Counts):
    """A prefecture's published totals (used when a snapshot lacks municipality detail)."""

    snapshot = models.ForeignKey(
        IssuanceSnapshot, on_delete=models.CASCADE, related_name="prefecture_figures"
    )
    prefecture = models.ForeignKey(Prefecture, on_delete=models.PROTECT, related_name="issuance_figures")

    class Meta:
        ordering = ["prefecture__code"]
        verbose_name = "都道府県別交付枚数（公表値）"
        verbose_name_plural = "都道府県別交付枚数（公表値）"
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "prefecture"], name="prefecture_figure_unique"),
            models.CheckConstraint(
                condition=Q(population__gt=0), name="prefecture_figure_population_positive"
            ),
            models.CheckConstraint(
                condition=Q(issued__lte=F("population")), name="prefecture_figure_issued_le_pop"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefecture} {self.snapshot}: {self.issued}/{self.population}"


class GroupTotal(_Counts):
    """A published category-group total (全国, 特別区, 町村 …) as printed."""

    snapshot = models.ForeignKey(IssuanceSnapshot, on_delete=models.CASCADE, related_name="group_totals")
    label = models.CharField("区分", max_length=32, validators=[no_my_number])

    class Meta:
        ordering = ["id"]
        verbose_name = "団体区分別交付枚数（公表値）"
        verbose_name_plural = "団体区分別交付枚数（公表値）"
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "label"], name="group_total_unique"),
            models.CheckConstraint(condition=Q(population__gt=0), name="group_total_population_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.snapshot}: {self.issued}/{self.population}"
