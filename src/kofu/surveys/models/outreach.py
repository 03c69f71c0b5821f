"""Outreach application events (出張申請受付) and the best-practice catalogue (seed 002)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from kofu.core.validators import no_my_number
from kofu.registry.models import Municipality, Prefecture


class VenueType(models.TextChoices):
    VACCINE = "vaccine", "ワクチン接種会場"
    TAX_RETURN = "tax_return", "確定申告会場"
    EARLY_VOTING = "early_voting", "期日前投票所"
    MALL = "mall", "商業施設"
    PUBLIC_FACILITY = "public_facility", "公共施設"
    COMMUNITY_CENTRE = "community_centre", "公民館"
    STATION = "station", "駅複合施設"
    UNIVERSITY = "university", "大学・専門学校"
    LICENCE_CENTRE = "licence_centre", "運転免許更新センター"
    SENIOR_CENTRE = "senior_centre", "老人福祉センター"
    CARE_HOME = "care_home", "障がい者支援施設・介護施設"
    EMPLOYER = "employer", "企業（一括申請受付）"
    HOME_VISIT = "home_visit", "個人宅訪問（公用車等）"
    OTHER = "other", "その他"


class Channel(models.TextChoices):
    OUTREACH = "outreach", "出張申請受付"
    SUPPORT = "support", "申請サポート"
    AT_COUNTER = "at_counter", "申請時来庁"


class OutreachEvent(models.Model):
    """An outreach application event (出張申請受付), the one model for the term (ADR 0019).

    Planned and published here by the municipality, or created by the application-list import
    (``kofu.cards``) from a row's venue and date — then without address or hours until completed;
    cards taken at the event point to it (``Card.outreach_event``).
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="outreach_events")
    title = models.CharField("名称", max_length=200, validators=[no_my_number])
    venue_type = models.CharField(
        "会場の種類", max_length=20, choices=VenueType.choices, validators=[no_my_number]
    )
    venue = models.CharField("会場名", max_length=200, validators=[no_my_number])
    address = models.CharField("所在地", max_length=300, blank=True, validators=[no_my_number])
    starts_on = models.DateField("開始日")
    ends_on = models.DateField("終了日")
    opens_at = models.TimeField("受付開始時刻", null=True, blank=True)
    closes_at = models.TimeField("受付終了時刻", null=True, blank=True)
    staff = models.PositiveSmallIntegerField("従事職員数", default=1)
    has_camera = models.BooleanField("写真撮影あり", default=True)
    has_terminal = models.BooleanField("端末（申請用）あり", default=True)
    notes = models.TextField("住民へのお知らせ", blank=True, validators=[no_my_number])
    published = models.BooleanField("住民に公開", default=False)
    #: 事前予約制: residents book a time slot ahead (``OutreachSlot``, ``OutreachBooking``).
    booking_open = models.BooleanField("事前予約を受け付ける", default=False)
    booking_day_before = models.BooleanField(
        "予約は前日まで",
        default=True,
        help_text="資料002 事例集 P7（札幌市）: 密を避けるため前日までの事前予約制",
    )

    class Meta:
        ordering = ["starts_on", "opens_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="surveys_event_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="surveys_event_hours_ordered",
            ),
            models.CheckConstraint(
                condition=Q(published=False)
                | (Q(opens_at__isnull=False) & Q(closes_at__isnull=False) & ~Q(address="")),
                name="surveys_event_published_complete",
                violation_error_message="住民に公開するには所在地と受付時刻を入力してください",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class EventApplications(models.Model):
    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="applications")
    channel = models.CharField("申請方式", max_length=16, choices=Channel.choices, validators=[no_my_number])
    count = models.PositiveIntegerField("受付件数")

    class Meta:
        ordering = ["event", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["event", "channel"], name="surveys_event_channel_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.count}"


class PracticeTheme(models.TextChoices):
    """The headings of seed 002's casebook (目次) and of the fire headquarters' cases."""

    OUTREACH = "outreach", "人が多く集まる場所での出張申請受付等"
    ENTERPRISE = "enterprise", "企業に対する働きかけ"
    PUBLICITY = "publicity", "宣伝集客等の実施"
    CAPACITY = "capacity", "交付体制整備"
    PREFECTURE = "prefecture", "都道府県による支援"
    STAFF = "staff", "職員の取得促進（消防本部）"
    OTHER = "other", "その他"


class BestPractice(models.Model):
    """A case of good practice, owned by a municipality or by a prefecture (exactly one)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="best_practices"
    )
    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, null=True, blank=True, related_name="best_practices"
    )
    theme = models.CharField(
        "分類", max_length=16, choices=PracticeTheme.choices, default=PracticeTheme.OTHER,
        validators=[no_my_number],
    )  # fmt: skip
    measure = models.CharField("取組", max_length=200, validators=[no_my_number])
    venue_type = models.CharField(
        "会場の種類", max_length=20, choices=VenueType.choices, blank=True, validators=[no_my_number]
    )
    period = models.CharField("期間", max_length=100, blank=True, validators=[no_my_number])
    outcome = models.TextField("成果", blank=True, validators=[no_my_number])
    source = models.CharField(
        "出典", max_length=100, blank=True, validators=[no_my_number], help_text="例: 資料002 事例集 P11"
    )
    created_at = models.DateTimeField("登録日時", auto_now_add=True)

    class Meta:
        ordering = ["theme", "measure", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, prefecture__isnull=True)
                | Q(municipality__isnull=True, prefecture__isnull=False),
                name="surveys_practice_one_owner",
                violation_error_message="事例の団体は市区町村か都道府県のどちらか一つです",
            ),
        ]

    def __str__(self) -> str:
        return self.measure

    @property
    def owner_name(self) -> str:
        if self.municipality is not None:
            return f"{self.municipality.prefecture.name}{self.municipality.name}"
        return self.prefecture.name if self.prefecture is not None else ""


class PracticeSelection(models.Model):
    """Cases the ministry picked to pass on (横展開); prefectures see it once shared."""

    title = models.CharField("名称", max_length=200, validators=[no_my_number])
    note = models.TextField("説明", blank=True, validators=[no_my_number])
    practices = models.ManyToManyField(BestPractice, related_name="selections", verbose_name="事例")
    shared_at = models.DateTimeField("都道府県への共有日時", null=True, blank=True)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return self.title
