"""Prefectures, municipalities (with wards of designated cities), dated categories, populations."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from kofu.core.validators import no_my_number
from kofu.rules.categories import Category


class Prefecture(models.Model):
    code = models.CharField("都道府県コード", max_length=2, unique=True, validators=[no_my_number])
    lgcode = models.CharField("団体コード", max_length=6, unique=True, validators=[no_my_number])
    name = models.CharField("都道府県名", max_length=8, unique=True, validators=[no_my_number])
    kana = models.CharField("よみ", max_length=32, blank=True, validators=[no_my_number])

    class Meta:
        ordering = ["code"]
        verbose_name = "都道府県"
        verbose_name_plural = "都道府県"

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", "市区町村"
        WARD = "ward", "指定都市の区（行政区）"

    code = models.CharField("団体コード", max_length=6, unique=True, validators=[no_my_number])
    prefecture = models.ForeignKey(Prefecture, on_delete=models.PROTECT, related_name="municipalities")
    name = models.CharField("市区町村名", max_length=32, validators=[no_my_number])
    kana = models.CharField("よみ", max_length=64, blank=True, validators=[no_my_number])
    district = models.CharField("郡名", max_length=16, blank=True, validators=[no_my_number])
    kind = models.CharField(
        "種別", max_length=16, choices=Kind.choices, default=Kind.MUNICIPALITY, validators=[no_my_number]
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="wards", verbose_name="指定都市"
    )
    valid_from = models.DateField("設置日", null=True, blank=True, help_text="空欄は記録開始以前から")
    valid_to = models.DateField("廃止日", null=True, blank=True, help_text="この日から存在しない（合併等）")

    class Meta:
        ordering = ["code"]
        verbose_name = "市区町村"
        verbose_name_plural = "市区町村"
        indexes = [models.Index(fields=["prefecture", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="municipality_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(kind="municipality", parent__isnull=True) | Q(kind="ward", parent__isnull=False),
                name="municipality_ward_has_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefecture.name}{self.name}"

    @property
    def full_name(self) -> str:
        return f"{self.prefecture.name}{self.name}"


class MunicipalityCategory(models.Model):
    """The category of a municipality over a period (a city becomes a core city on a date)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(
        "団体区分", max_length=8, choices=[(c.value, c.value) for c in Category], validators=[no_my_number]
    )
    valid_from = models.DateField("適用開始日", null=True, blank=True, help_text="空欄は記録開始以前から")
    valid_to = models.DateField("適用終了日", null=True, blank=True, help_text="この日から適用しない")

    class Meta:
        ordering = ["municipality__code", "valid_from"]
        verbose_name = "団体区分"
        verbose_name_plural = "団体区分"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"], condition=Q(valid_from__isnull=True), name="category_one_open_start"
            ),
            models.UniqueConstraint(fields=["municipality", "valid_from"], name="category_unique_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="category_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.category}"


class PopulationSnapshot(models.Model):
    """住民基本台帳人口 of one municipality at a base date."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="populations")
    base_date = models.DateField("人口算出基準日")
    population = models.PositiveIntegerField("人口")
    source = models.CharField("出典ファイル", max_length=255, blank=True, validators=[no_my_number])

    class Meta:
        ordering = ["municipality__code", "base_date"]
        verbose_name = "住民基本台帳人口"
        verbose_name_plural = "住民基本台帳人口"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "base_date"], name="population_unique_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.base_date:%Y-%m-%d}: {self.population}人"


class RegistryVersion(models.Model):
    """One row: a token renewed by every write to prefectures, municipalities or their categories
    (:mod:`kofu.registry.changes`), in the writing transaction. What is computed from the registry
    and kept between requests or imports (the statistics importer's name and code index) is keyed
    by it, so every process sees a change made by any other, and a rolled-back change takes its
    token with it."""

    token = models.UUIDField("版")

    class Meta:
        verbose_name = "団体台帳の版"
        verbose_name_plural = "団体台帳の版"

    def __str__(self) -> str:
        return str(self.token)
