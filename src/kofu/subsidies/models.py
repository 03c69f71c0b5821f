"""Subsidy and grant data: goal declarations, unit-price ceilings, claims and their workflow."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from kofu.core.history import TransitionRecord
from kofu.core.validators import no_my_number
from kofu.registry.models import Municipality
from kofu.rules.subsidy_claims import COST_CATEGORIES


class GoalDeclaration(models.Model):
    """A municipality's stated goal of issuing the card to all its residents (全住民への交付の目標).

    One of the two conditions of the advanced types of the Digital Garden City grant (seed 001).
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="goal_declarations", verbose_name="市区町村"
    )
    declared_on = models.DateField("目標を掲げた日")
    note = models.CharField("備考（根拠資料など）", max_length=255, blank=True, validators=[no_my_number])

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
    note = models.CharField("備考（根拠通知など）", max_length=255, blank=True, validators=[no_my_number])

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


class Claim(models.Model):
    """A municipality's claim for one fiscal year (April–March): spend per category and applications.

    The payable amounts are not stored: the statement computes them from these figures, the
    imported snapshots and the rules (:mod:`kofu.rules.subsidy_claims`).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "作成中"
        SUBMITTED = "submitted", "提出済み（総務省の確認待ち）"
        CHECKED = "checked", "確認済み"
        RETURNED = "returned", "差戻し"

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="subsidy_claims", verbose_name="市区町村"
    )
    fiscal_year = models.PositiveSmallIntegerField("年度", help_text="4月始まりの年度（西暦）")
    status = models.CharField(
        "状態", max_length=16, choices=Status.choices, default=Status.DRAFT, validators=[no_my_number]
    )
    at_counter = models.PositiveIntegerField("申請時来庁方式の受付件数", default=0)
    outreach = models.PositiveIntegerField("出張申請受付方式の受付件数", default=0)
    support = models.PositiveIntegerField("申請サポート方式の受付件数", default=0)
    unit_price = models.PositiveIntegerField(
        "宣伝及び集客経費の単価（円）", default=0, help_text="団体の取組状況に応じた単価"
    )
    note = models.TextField("備考", blank=True, max_length=2000, validators=[no_my_number])
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "municipality__code"]
        verbose_name = "補助金の実績報告（申請）"
        verbose_name_plural = "補助金の実績報告（申請）"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "fiscal_year"], name="claim_one_per_municipality_and_year"
            ),
            models.CheckConstraint(condition=Q(fiscal_year__gte=2000), name="claim_fiscal_year_plausible"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "checked", "returned"]),
                name="claim_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.fiscal_year}年度"


class ClaimSpend(models.Model):
    """Actual spend (実支出額, yen) of one claim in one cost category."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="spends", verbose_name="申請")
    category = models.CharField(
        "経費区分",
        max_length=32,
        choices=[(c.key, c.label) for c in COST_CATEGORIES],
        validators=[no_my_number],
    )
    amount = models.PositiveBigIntegerField("実支出額（円）", default=0)

    class Meta:
        ordering = ["claim", "id"]
        verbose_name = "経費区分別の実支出額"
        verbose_name_plural = "経費区分別の実支出額"
        constraints = [
            models.UniqueConstraint(fields=["claim", "category"], name="claim_spend_one_per_category"),
            models.CheckConstraint(
                condition=Q(category__in=[c.key for c in COST_CATEGORIES]), name="claim_spend_category_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} {self.category}: {self.amount:,}円"


class ClaimTransition(TransitionRecord):
    """One step of a claim's workflow (who, when, from which state to which, and why), in the one
    history shape (:class:`kofu.core.history.TransitionRecord`)."""

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="transitions", verbose_name="申請"
    )
    from_state = models.CharField(
        "変更前の状態", max_length=20, choices=Claim.Status.choices, validators=[no_my_number]
    )
    to_state = models.CharField(
        "変更後の状態", max_length=20, choices=Claim.Status.choices, validators=[no_my_number]
    )

    class Meta:
        ordering = ["claim", "at", "id"]
        verbose_name = "申請の状態の変更"
        verbose_name_plural = "申請の状態の変更"

    def __str__(self) -> str:
        return f"{self.claim} {self.from_state}→{self.to_state}"


class GeneralBaseAmount(models.Model):
    """A municipality's general 基準額 of one fiscal year, as the ministry notifies it (資料000,
    資料004 p.12–13): the 「基準額の枠内」 frame of its claim is paid at most this. The 概算交付見込額
    is not stored here: it is the plan's (``SmoothingPlan.estimated_grant``), read from there."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="general_base_amounts", verbose_name="市区町村"
    )
    fiscal_year = models.PositiveSmallIntegerField("年度", help_text="4月始まりの年度（西暦）")
    amount = models.PositiveBigIntegerField("基準額（円）")
    note = models.CharField("備考", max_length=200, blank=True, validators=[no_my_number])
    set_at = models.DateTimeField("登録日時", auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "municipality__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "fiscal_year"], name="general_base_one_per_municipality_and_year"
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000), name="general_base_fiscal_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.fiscal_year}年度 基準額 {self.amount:,}円"
