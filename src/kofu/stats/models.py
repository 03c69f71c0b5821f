"""Issuance snapshots: per-municipality figures and, where only those were published, totals."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q

from kofu.core.validators import no_my_number
from kofu.registry.models import Municipality, Prefecture
from kofu.rules.measures import LABELS, Measure


class IssuanceSnapshot(models.Model):
    """One publication date: 交付枚数 (or 保有枚数) as of ``as_of``, population at ``population_base``."""

    class MeasureChoice(models.TextChoices):
        ISSUED = Measure.ISSUED.value, LABELS[Measure.ISSUED].count
        HELD = Measure.HELD.value, LABELS[Measure.HELD].count

    as_of = models.DateField("交付枚数基準日", unique=True)
    population_base = models.DateField("人口算出基準日")
    source = models.CharField("出典ファイル", max_length=255, blank=True, validators=[no_my_number])
    imported_at = models.DateTimeField("取込日時", auto_now_add=True)
    complete = models.BooleanField(
        "全市区町村分あり", default=False, help_text="全市区町村の数値があり、集計表を市区町村から計算できる"
    )
    measure = models.CharField(
        "数えているもの",
        max_length=8,
        choices=MeasureChoice.choices,
        default=MeasureChoice.ISSUED,
        help_text="交付枚数（2023年6月末分まで）または保有枚数（2023年6月末分から）",
        validators=[no_my_number],
    )
    credit = models.CharField(
        "出典の表記",
        max_length=255,
        blank=True,
        help_text="空欄は「総務省公表資料」と取込ファイル名",
        validators=[no_my_number],
    )
    applications = models.PositiveBigIntegerField("申請件数（全国）", null=True, blank=True)
    applications_note = models.CharField(
        "申請件数の注記",
        max_length=255,
        blank=True,
        help_text="出典・単位（例: 万枚単位の公表値）",
        validators=[no_my_number],
    )
    #: Changes whenever the snapshot is saved (import, replacement): the key of cached tables.
    cache_token = models.UUIDField("キャッシュ識別子", default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["-as_of"]
        verbose_name = "交付状況（時点）"
        verbose_name_plural = "交付状況（時点）"
        constraints = [
            models.CheckConstraint(
                condition=Q(measure__in=[m.value for m in Measure]), name="snapshot_measure_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.as_of:%Y-%m-%d}時点"


class _Counts(models.Model):
    population = models.PositiveBigIntegerField("総数（人口）")
    #: The snapshot's measure: cards issued, or cards held when ``snapshot.measure`` is ``held``.
    issued = models.PositiveBigIntegerField("交付枚数（保有枚数の時点は保有枚数）")
    applications = models.PositiveBigIntegerField("申請件数", null=True, blank=True)

    class Meta:
        abstract = True


class MunicipalityFigure(_Counts):
    #: No index of its own: the unique (snapshot, municipality) index serves every look-up by
    #: snapshot, and a second index cost each import's 1,741 inserts and deletes (ADR 0034).
    snapshot = models.ForeignKey(
        IssuanceSnapshot, on_delete=models.CASCADE, related_name="municipality_figures", db_index=False
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


class AgeFigure(_Counts):
    """One age band and sex of the 男女・年齢別 table (age as published: 全体, 0～4歳, 5～9 … 90歳以上)."""

    class Sex(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"
        TOTAL = "total", "計"

    snapshot = models.ForeignKey(IssuanceSnapshot, on_delete=models.CASCADE, related_name="age_figures")
    position = models.PositiveSmallIntegerField("表の順")
    age = models.CharField("年齢", max_length=16, validators=[no_my_number])
    sex = models.CharField("性別", max_length=8, choices=Sex.choices, validators=[no_my_number])
    printed_rate = models.DecimalField("公表率", max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "男女・年齢別交付枚数（公表値）"
        verbose_name_plural = "男女・年齢別交付枚数（公表値）"
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "age", "sex"], name="age_figure_unique"),
            models.CheckConstraint(condition=Q(population__gt=0), name="age_figure_population_positive"),
            models.CheckConstraint(
                condition=Q(sex__in=["male", "female", "total"]), name="age_figure_sex_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.age} {self.get_sex_display()} {self.snapshot}: {self.issued}/{self.population}"


class ConvenienceParticipation(models.Model):
    """A municipality taking part in コンビニ交付 (certificates at convenience stores) from a date."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.PROTECT, related_name="convenience_participation"
    )
    joined_on = models.DateField("参加日")
    joined_on_exact = models.BooleanField(
        "参加開始日",
        default=True,
        help_text="偽: 参加開始日は不明で、この日には参加していた（公表資料の時点）",
    )
    source = models.CharField("出典ファイル", max_length=255, blank=True, validators=[no_my_number])

    class Meta:
        ordering = ["municipality__code"]
        verbose_name = "コンビニ交付の参加団体"
        verbose_name_plural = "コンビニ交付の参加団体"

    def __str__(self) -> str:
        return f"{self.municipality} {self.joined_on:%Y-%m-%d}"


class ConvenienceVolume(models.Model):
    """Certificates issued at convenience stores in one fiscal year, by kind (年度別コンビニ交付通数)."""

    class Kind(models.TextChoices):
        RESIDENT = "resident", "住民票"
        RESIDENT_ITEMS = "resident_items", "住記載"
        SEAL = "seal", "印鑑"
        TAX = "tax", "税"
        FAMILY_REGISTER = "family_register", "戸籍"
        ADDRESS_HISTORY = "address_history", "附票"

    fiscal_year = models.PositiveSmallIntegerField("年度（西暦）")
    kind = models.CharField("種別", max_length=16, choices=Kind.choices, validators=[no_my_number])
    count = models.PositiveBigIntegerField("通数")
    counted_to = models.DateField(
        "集計時点", null=True, blank=True, help_text="年度の途中までの数値のとき、その時点"
    )
    source = models.CharField("出典ファイル", max_length=255, blank=True, validators=[no_my_number])

    class Meta:
        ordering = ["fiscal_year", "id"]
        verbose_name = "年度別コンビニ交付通数"
        verbose_name_plural = "年度別コンビニ交付通数"
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "kind"], name="convenience_volume_unique"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "resident",
                        "resident_items",
                        "seal",
                        "tax",
                        "family_register",
                        "address_history",
                    ]
                ),
                name="convenience_volume_kind_known",
            ),
            models.CheckConstraint(condition=Q(fiscal_year__gte=1989), name="convenience_volume_year_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}年度 {self.get_kind_display()}: {self.count}"
