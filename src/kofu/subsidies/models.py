"""Subsidy and grant configuration: goal declarations and per-fiscal-year unit-price ceilings."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from kofu.registry.models import Municipality


class GoalDeclaration(models.Model):
    """A municipality's stated goal of issuing the card to all its residents (全住民への交付の目標).

    One of the two conditions of the advanced types of the Digital Garden City grant (seed 001).
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="goal_declarations", verbose_name="市区町村"
    )
    declared_on = models.DateField("目標を掲げた日")
    note = models.CharField("備考（根拠資料など）", max_length=255, blank=True)

    class Meta:
        ordering = ["municipality__code"]
        verbose_name = "全住民への交付目標の表明"
        verbose_name_plural = "全住民への交付目標の表明"
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="goal_declaration_one_per_municipality"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.declared_on:%Y-%m-%d} 表明"


class FiscalYearUnitPrice(models.Model):
    """Ceiling of the unit price for publicity and customer attraction (宣伝及び集客) in one fiscal year.

    Overrides the ceilings built into :mod:`kofu.rules.subsidy` (¥1,000; ¥2,000 in FY2021–2022).
    """

    fiscal_year = models.PositiveSmallIntegerField("年度", unique=True, help_text="4月始まりの年度（西暦）")
    max_unit_price = models.PositiveIntegerField("上限単価（円）")
    note = models.CharField("備考（根拠通知など）", max_length=255, blank=True)

    class Meta:
        ordering = ["fiscal_year"]
        verbose_name = "宣伝及び集客経費の上限単価（年度別）"
        verbose_name_plural = "宣伝及び集客経費の上限単価（年度別）"
        constraints = [
            models.CheckConstraint(condition=Q(max_unit_price__gt=0), name="unit_price_ceiling_positive"),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000), name="unit_price_fiscal_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}年度: 上限 {self.max_unit_price:,}円"
