"""Smoothing plans (交付円滑化計画) with their versions and review history, monthly reports
(実績報告) and hearing records (事情聴取)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from kofu.core.history import TransitionRecord
from kofu.core.validators import no_my_number
from kofu.registry.models import Municipality
from kofu.rules.calendar import YearMonth

month_validator = RegexValidator(
    r"^\d{4}-(0[1-9]|1[0-2])$", "月は YYYY-MM の形式で入力してください（例: 2022-05）"
)


def month_field(label: str, **kwargs: object) -> models.CharField:  # type: ignore[type-arg]
    return models.CharField(label, max_length=7, validators=[month_validator, no_my_number], **kwargs)  # type: ignore[arg-type]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "作成中"
    SUBMITTED = "submitted", "提出済み（都道府県の確認待ち）"
    RETURNED = "returned", "差戻し（修正依頼）"
    ACCEPTED = "accepted", "確認済み"


#: The plan's own figures, as the form, the XLSX sheet and the versions hold them.
PLAN_FIGURES = (
    "base_month",
    "deadline",
    "population",
    "issued",
    "per_window_daily",
    "windows",
    "shared_windows",
    "shared_per_window_daily",
    "staff_per_window",
    "terminals_per_window",
    "office_max_windows",
    "notes",
)
#: Seed 003 §2–§5 and seed 004 p.10: costs, the re-revised plan and the other measures.
MEASURE_FIELDS = (
    "cost_fy2021",
    "cost_fy2022",
    "estimated_grant",
    "capacity_ready",
    "setup_outsourced",
    "pickup_booking",
    "part_time_early",
    "evening_days",
    "qr_letters_from",
    "qr_letters_until",
    "insurance_help",
)
#: Every field of :class:`SmoothingPlan` a municipality writes (not its state or version).
PLAN_FIELDS = PLAN_FIGURES + MEASURE_FIELDS
#: Every field of :class:`PlanMonth` but the plan.
MONTH_FIELDS = ("month", "target", "weekend_days", "windows", "staff", "terminals", "temporary_windows")


class SmoothingPlan(models.Model):
    """A municipality's current plan; each submission freezes a :class:`PlanVersion`."""

    municipality = models.OneToOneField(Municipality, on_delete=models.PROTECT, related_name="smoothing_plan")
    status = models.CharField(
        "状態", max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT, validators=[no_my_number]
    )
    version = models.PositiveIntegerField("版", default=0, help_text="提出した回数（最新の提出版の番号）")
    base_month = month_field("基準月")
    deadline = month_field("期限月", default="2023-03")
    population = models.PositiveIntegerField("住民基本台帳人口", validators=[MinValueValidator(1)])
    issued = models.PositiveIntegerField("基準月末の累計交付枚数")
    per_window_daily = models.DecimalField(
        "専用窓口の1窓口1日当たり交付枚数",
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    windows = models.PositiveIntegerField("専用窓口数（現有）")
    shared_windows = models.PositiveIntegerField("他業務との共用窓口数", default=0)
    shared_per_window_daily = models.DecimalField(
        "共用窓口の1窓口1日当たり交付枚数", max_digits=7, decimal_places=1, default=0
    )
    staff_per_window = models.DecimalField(
        "1窓口当たりの職員数",
        max_digits=4,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
        help_text="必要職員数 = 必要窓口数 × この値（切上げ）",
    )
    terminals_per_window = models.DecimalField(
        "1窓口当たりの統合端末数",
        max_digits=4,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
        help_text="必要統合端末数 = 必要窓口数 × この値（切上げ）。既定は1窓口に1台",
    )
    office_max_windows = models.PositiveIntegerField(
        "庁舎内に設置できる最大窓口数", null=True, blank=True, help_text="空欄: 確認項目3は判定しません"
    )
    notes = models.TextField("備考", blank=True, validators=[no_my_number])
    # Seed 003 §4–§5: expected costs and the notified estimate (integer yen; blank = not stated).
    cost_fy2021 = models.PositiveBigIntegerField(
        "令和3年度の交付事務に要する経費の見込額（円）", null=True, blank=True
    )
    cost_fy2022 = models.PositiveBigIntegerField(
        "令和4年度の交付事務に要する経費の見込額（円）", null=True, blank=True
    )
    estimated_grant = models.PositiveBigIntegerField(
        "交付事務費補助金の概算交付見込額（円）",
        null=True,
        blank=True,
        help_text="総務省からお知らせした額（資料003 5）",
    )
    # Seed 004 p.10: the re-revised plan of 2021-12-09.
    capacity_ready = month_field(
        "十分な交付体制が整う月",
        blank=True,
        default="",
        help_text="目安は遅くとも2022-06（資料004 p.10 2(1)）",
    )
    setup_outsourced = models.BooleanField("交付前設定の民間委託", null=True, blank=True)
    pickup_booking = models.BooleanField("受取日時の予約（交付平準化）", null=True, blank=True)
    # Seed 003 §2(3), §3(2), §3(4) and seed 002: other measures shown in the review and the report.
    part_time_early = models.BooleanField("会計年度任用職員の前倒し募集・採用", null=True, blank=True)
    evening_days = models.PositiveSmallIntegerField(
        "夜間開庁日数（月当たり）", null=True, blank=True, validators=[MaxValueValidator(31)]
    )
    qr_letters_from = month_field("QRコード付き交付申請書の送付開始月", blank=True, default="")
    qr_letters_until = month_field(
        "QRコード付き交付申請書の送付完了月",
        blank=True,
        default="",
        help_text="要請は2021-03まで（資料003 3(2)）",
    )
    insurance_help = models.BooleanField("窓口での健康保険証利用の申込支援", null=True, blank=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        ordering = ["municipality__code"]
        verbose_name = "交付円滑化計画"
        verbose_name_plural = "交付円滑化計画"
        constraints = [
            models.CheckConstraint(
                condition=Q(issued__lte=F("population")), name="plan_issued_le_population"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("base_month")), name="plan_deadline_after_base"
            ),
            models.CheckConstraint(condition=Q(per_window_daily__gt=0), name="plan_per_window_positive"),
            models.CheckConstraint(
                condition=Q(qr_letters_from="")
                | Q(qr_letters_until="")
                | Q(qr_letters_until__gte=F("qr_letters_from")),
                name="plan_qr_letters_in_order",
                violation_error_message="QRコード付き交付申請書の送付完了月が開始月より前です",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} 交付円滑化計画"

    @property
    def base(self) -> YearMonth:
        return YearMonth.parse(self.base_month)

    @property
    def deadline_month(self) -> YearMonth:
        return YearMonth.parse(self.deadline)


class PlanMonth(models.Model):
    """One month row of the plan's table (the layout of the ministry's plan sheet)."""

    plan = models.ForeignKey(SmoothingPlan, on_delete=models.CASCADE, related_name="months")
    month = month_field("月")
    target = models.PositiveIntegerField("交付枚数（計画）")
    weekend_days = models.PositiveSmallIntegerField(
        "土日開庁日数", default=0, validators=[MaxValueValidator(10)]
    )
    windows = models.PositiveIntegerField("窓口数（計画）", null=True, blank=True)
    staff = models.PositiveIntegerField("職員数（計画）", null=True, blank=True)
    terminals = models.PositiveIntegerField("統合端末数（計画）", null=True, blank=True)
    temporary_windows = models.PositiveIntegerField("臨時窓口数（庁舎外）", default=0)

    class Meta:
        ordering = ["plan", "month"]
        verbose_name = "交付円滑化計画（月）"
        verbose_name_plural = "交付円滑化計画（月）"
        constraints = [models.UniqueConstraint(fields=["plan", "month"], name="plan_month_unique")]

    def __str__(self) -> str:
        return f"{self.plan.municipality} {self.month}: {self.target}"


class PlanVersion(models.Model):
    """The plan as submitted (frozen content), one row per submission."""

    plan = models.ForeignKey(SmoothingPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版")
    content = models.JSONField("提出内容")
    submitted_at = models.DateTimeField("提出日時")

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = "交付円滑化計画（提出版）"
        verbose_name_plural = "交付円滑化計画（提出版）"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")]

    def __str__(self) -> str:
        return f"{self.plan.municipality} 第{self.number}版"


class PlanTransition(TransitionRecord):
    """One step of the workflow (submit, return with advice, accept): the plan's history, in the one
    history shape (:class:`kofu.core.history.TransitionRecord`) plus the version and organisation."""

    plan = models.ForeignKey(SmoothingPlan, on_delete=models.CASCADE, related_name="transitions")
    version = models.PositiveIntegerField("版")
    from_state = models.CharField(
        "変更前", max_length=20, choices=PlanStatus.choices, validators=[no_my_number]
    )
    to_state = models.CharField(
        "変更後", max_length=20, choices=PlanStatus.choices, validators=[no_my_number]
    )
    organisation = models.CharField("組織", max_length=64, blank=True, validators=[no_my_number])
    comment = models.TextField("助言・コメント", blank=True, validators=[no_my_number])

    class Meta:
        ordering = ["plan", "at", "id"]
        verbose_name = "交付円滑化計画（履歴）"
        verbose_name_plural = "交付円滑化計画（履歴）"

    def __str__(self) -> str:
        return f"{self.plan.municipality} 第{self.version}版 {self.action}"


class MonthlyReport(models.Model):
    """実績報告 of one municipality for one month (due the 15th of the next month)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="monthly_reports")
    month = month_field("対象月")
    cards_issued = models.PositiveIntegerField("交付枚数（当月）")
    cumulative_issued = models.PositiveIntegerField("累計交付枚数（月末）")
    cumulative_applications = models.PositiveIntegerField("累計申請件数（月末）")
    apps_at_counter = models.PositiveIntegerField("申請受付（申請時来庁方式）", default=0)
    apps_outreach = models.PositiveIntegerField("申請受付（出張申請受付方式）", default=0)
    apps_support = models.PositiveIntegerField("申請受付（申請サポート方式）", default=0)
    apps_online = models.PositiveIntegerField("申請受付（オンライン）", default=0)
    apps_mail = models.PositiveIntegerField("申請受付（郵便）", default=0)
    apps_other = models.PositiveIntegerField("申請受付（その他）", default=0)
    windows_open = models.PositiveIntegerField("交付窓口数")
    weekend_days_opened = models.PositiveSmallIntegerField(
        "土日開庁日数", default=0, validators=[MaxValueValidator(10)]
    )
    cards_waiting = models.PositiveIntegerField("未交付のカード枚数（月末）", default=0)
    days_arrival_to_notice = models.PositiveIntegerField(
        "J-LISからカードが届いてから交付通知書を発送するまでの日数", null=True, blank=True
    )
    notes = models.TextField("備考", blank=True, validators=[no_my_number])
    filed_at = models.DateTimeField("提出日時")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["municipality__code", "month"]
        verbose_name = "実績報告"
        verbose_name_plural = "実績報告"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "month"], name="report_unique_per_month"),
            models.CheckConstraint(
                condition=Q(cards_issued__lte=F("cumulative_issued")),
                name="report_month_le_cumulative",
                violation_error_message="交付枚数（当月）が累計交付枚数（月末）を超えています",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.month} 実績報告"

    @property
    def applications(self) -> int:
        return (
            self.apps_at_counter
            + self.apps_outreach
            + self.apps_support
            + self.apps_online
            + self.apps_mail
            + self.apps_other
        )


class HearingLevel(models.TextChoices):
    PREFECTURE = "prefecture", "都道府県による事情聴取"
    MINISTRY = "ministry", "総務省による個別ヒアリング"


class Hearing(models.Model):
    """The outcome of a hearing: why cards are backing up and what the municipality will do."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="hearings")
    month = month_field("対象月")
    level = models.CharField("種別", max_length=16, choices=HearingLevel.choices, validators=[no_my_number])
    reasons = models.TextField("選定理由", blank=True, validators=[no_my_number])
    backlog_reasons = models.TextField("滞留が生じている理由", validators=[no_my_number])
    action_plan = models.TextField("今後の対応方針", validators=[no_my_number])
    advice = models.TextField("助言", blank=True, validators=[no_my_number])
    recorded_at = models.DateTimeField("記録日時")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["month", "municipality__code"]
        verbose_name = "事情聴取"
        verbose_name_plural = "事情聴取"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "month", "level"], name="hearing_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.month} {self.get_level_display()}"
