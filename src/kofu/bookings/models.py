"""Pickup appointments: sites, windows, opening rules, closures, slots and bookings.

The slot's ``booked`` counter is the single source of truth for seats: every change of a booking
goes through :mod:`kofu.bookings.services`, which moves the counter with a conditional UPDATE in
the same transaction, and the database refuses ``booked > capacity`` (check constraint).

A slot's seats are split by channel: ``web_capacity`` for residents booking on the web,
``phone_capacity`` for bookings staff take by phone, and the remainder for walk-ins. Each channel
books only its own seats (``web_booked`` / ``phone_booked``; walk-ins are the rest of ``booked``),
and check constraints keep every channel within its quota.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import F, Q

from kofu.cards.models import Card
from kofu.core.validators import no_my_number
from kofu.registry.models import Municipality
from kofu.rules.booking_numbers import new_number


class Site(models.Model):
    class Kind(models.TextChoices):
        TOWN_HALL = "town_hall", "本庁舎"
        BRANCH = "branch", "支所・出張所"
        SPECIAL = "special", "特設センター"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("会場名", max_length=100, validators=[no_my_number])
    kind = models.CharField(
        "種別", max_length=16, choices=Kind.choices, default=Kind.TOWN_HALL, validators=[no_my_number]
    )
    address = models.CharField("所在地", max_length=200, blank=True, validators=[no_my_number])
    service_minutes = models.PositiveSmallIntegerField("1人あたりの交付時間（分）", default=15)
    people_per_window = models.PositiveSmallIntegerField("1枠・1窓口あたりの人数", default=2)
    web_percent = models.PositiveSmallIntegerField("Web予約の割合（%）", default=60)
    phone_percent = models.PositiveSmallIntegerField("電話予約の割合（%）", default=20)
    year_end_closed = models.BooleanField("年末年始（12/29〜1/3）は休み", default=True)
    closed_weekend = models.PositiveSmallIntegerField(
        "毎月休みにする第n土曜日とその翌日曜日", null=True, blank=True
    )
    active = models.BooleanField("受付中", default=True)
    max_party = models.PositiveSmallIntegerField(
        "一度に予約できる人数（同じ世帯のカード）",
        default=4,
        help_text="ご家族のカードをまとめて予約できる上限。1 にするとまとめての予約はできません。",
    )
    extra_person_minutes = models.PositiveSmallIntegerField(
        "2人目から1人ごとに加える交付時間（分）",
        default=10,
        help_text="例: 1人15分・2人目から10分なら、2人で25分。",
    )

    class Meta:
        ordering = ["municipality", "id"]
        verbose_name = "交付会場"
        verbose_name_plural = "交付会場"
        constraints = [
            models.CheckConstraint(
                condition=Q(web_percent__lte=100 - F("phone_percent")), name="bookings_site_quota_sum"
            ),
            models.CheckConstraint(condition=Q(service_minutes__gte=1), name="bookings_site_service_minutes"),
            models.CheckConstraint(condition=Q(people_per_window__gte=1), name="bookings_site_people"),
            models.CheckConstraint(
                condition=Q(max_party__gte=1) & Q(max_party__lte=10), name="bookings_site_max_party"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Window(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="windows")
    name = models.CharField("窓口名", max_length=50, validators=[no_my_number])
    active = models.BooleanField("使用中", default=True)

    class Meta:
        ordering = ["site", "id"]
        verbose_name = "交付窓口"
        verbose_name_plural = "交付窓口"
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="bookings_window_unique_name")]

    def __str__(self) -> str:
        return self.name


class OpeningRule(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="rules")
    weekdays = models.CharField("曜日（0=月〜6=日、カンマ区切り）", max_length=20, validators=[no_my_number])
    weeks = models.CharField("第何週（空欄は毎週）", max_length=20, blank=True, validators=[no_my_number])
    start = models.TimeField("開始時刻")
    end = models.TimeField("終了時刻")
    windows = models.PositiveSmallIntegerField("開ける窓口数")
    valid_from = models.DateField("適用開始日", null=True, blank=True)
    valid_to = models.DateField("適用終了日", null=True, blank=True)
    label = models.CharField(
        "名称（平日・夜間・休日など）", max_length=50, blank=True, validators=[no_my_number]
    )

    class Meta:
        ordering = ["site", "start"]
        verbose_name = "開庁時間"
        verbose_name_plural = "開庁時間"
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="bookings_rule_hours")]

    def __str__(self) -> str:
        return self.label or f"{self.weekdays} {self.start:%H:%M}-{self.end:%H:%M}"


class Closure(models.Model):
    """Days a site (or every site of a municipality when ``site`` is empty) is closed."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, related_name="closures")
    start = models.DateField("休業開始日")
    end = models.DateField("休業終了日")
    reason = models.CharField("理由", max_length=100, validators=[no_my_number])
    created_at = models.DateTimeField("登録日時", auto_now_add=True)

    class Meta:
        ordering = ["start"]
        verbose_name = "休業日"
        verbose_name_plural = "休業日"
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="bookings_closure_range")
        ]

    def __str__(self) -> str:
        return f"{self.start}〜{self.end} {self.reason}"


class Slot(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="slots")
    starts_at = models.DateTimeField("開始日時")
    ends_at = models.DateTimeField("終了日時")
    capacity = models.PositiveIntegerField("定員")
    booked = models.PositiveIntegerField("予約数", default=0)
    web_capacity = models.PositiveIntegerField("Web予約枠", default=0)
    web_booked = models.PositiveIntegerField("Web予約数", default=0)
    phone_capacity = models.PositiveIntegerField("電話予約枠", default=0)
    phone_booked = models.PositiveIntegerField("電話予約数", default=0)
    closed = models.BooleanField("休止", default=False)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = "予約枠"
        verbose_name_plural = "予約枠"
        constraints = [
            models.CheckConstraint(
                condition=Q(booked__gte=0) & Q(booked__lte=F("capacity")), name="bookings_slot_not_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(web_booked__gte=0)
                & Q(web_booked__lte=F("web_capacity"))
                & Q(web_capacity__lte=F("capacity"))
                & Q(web_booked__lte=F("booked")),
                name="bookings_slot_web_quota",
            ),
            models.CheckConstraint(
                condition=Q(phone_booked__gte=0)
                & Q(phone_booked__lte=F("phone_capacity"))
                & Q(phone_capacity__lte=F("capacity"))
                & Q(phone_booked__lte=F("booked")),
                name="bookings_slot_phone_quota",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=F("web_capacity") + F("phone_capacity")),
                name="bookings_slot_quota_sum",
            ),
            # Walk-ins (booked − web − phone) stay within the remainder (capacity − web − phone).
            models.CheckConstraint(
                condition=Q(booked__gte=F("web_booked") + F("phone_booked"))
                & Q(
                    capacity__gte=F("booked")
                    + F("web_capacity")
                    + F("phone_capacity")
                    - F("web_booked")
                    - F("phone_booked")
                ),
                name="bookings_slot_walk_in_quota",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="bookings_slot_times"),
            models.UniqueConstraint(fields=["site", "starts_at"], name="bookings_slot_unique_start"),
        ]
        indexes = [models.Index(fields=["site", "starts_at"], name="bookings_slot_site_start")]

    def __str__(self) -> str:
        return f"{self.site} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def free(self) -> int:
        return self.capacity - self.booked

    @property
    def walk_in_capacity(self) -> int:
        """The walk-in seats: what the web and phone quotas leave."""
        return self.capacity - self.web_capacity - self.phone_capacity

    @property
    def walk_in_booked(self) -> int:
        return self.booked - self.web_booked - self.phone_booked

    @property
    def web_free(self) -> int:
        return self.web_capacity - self.web_booked

    @property
    def phone_free(self) -> int:
        return self.phone_capacity - self.phone_booked

    @property
    def walk_in_free(self) -> int:
        return self.walk_in_capacity - self.walk_in_booked


def booking_number() -> str:
    """A fresh booking number (``K7QM-3HXP``); the unique constraint refuses a repeat."""
    return new_number(secrets.choice)


class Booking(models.Model):
    class Status(models.TextChoices):
        HELD = "held", "仮押さえ"
        BOOKED = "booked", "予約済み"
        CHECKED_IN = "checked_in", "受付済み"
        NO_SHOW = "no_show", "来庁なし"
        EXCUSED = "excused", "欠席の連絡あり"
        CANCELLED = "cancelled", "取消"
        OFFICE_CANCELLED = "office_cancelled", "市区町村による取消"

    class Channel(models.TextChoices):
        WEB = "web", "Web"
        PHONE = "phone", "電話"
        WALK_IN = "walk_in", "窓口（当日）"

    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="bookings")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    window = models.ForeignKey(Window, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField("状態", max_length=16, choices=Status.choices, validators=[no_my_number])
    channel = models.CharField("予約方法", max_length=16, choices=Channel.choices, validators=[no_my_number])
    email = models.EmailField("連絡先メールアドレス", blank=True, validators=[no_my_number])
    created_at = models.DateTimeField("予約日時")
    hold_expires_at = models.DateTimeField("仮押さえの期限", null=True, blank=True)
    changed_at = models.DateTimeField("変更日時")
    cancel_reason = models.CharField("取消の理由", max_length=200, blank=True, validators=[no_my_number])
    reminded_at = models.DateTimeField("リマインド送信日時", null=True, blank=True)
    reminders_off = models.BooleanField("リマインドを受け取らない", default=False)
    #: A seat a resident gave up stays counted in its slot until then (so seats cannot be traded);
    #: ``kofu bookings release-holds`` (and the next booking of a full slot) gives it back.
    seat_release_at = models.DateTimeField("席を戻す日時", null=True, blank=True)
    #: The short number a resident reads out or types back (``kofu.rules.booking_numbers``).
    number = models.CharField("予約番号", max_length=9, default=booking_number, validators=[no_my_number])
    #: A family booking: the booking of the card that booked for the others (None for that one).
    lead = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party",
        verbose_name="代表の予約",
    )

    class Meta:
        ordering = ["slot__starts_at", "id"]
        verbose_name = "来庁予約"
        verbose_name_plural = "来庁予約"
        constraints = [
            models.UniqueConstraint(
                fields=["card"],
                condition=Q(status__in=["held", "booked", "checked_in"]),
                name="bookings_one_active_per_card",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "held",
                        "booked",
                        "checked_in",
                        "no_show",
                        "excused",
                        "cancelled",
                        "office_cancelled",
                    ]
                ),
                name="bookings_booking_known_status",
            ),
            models.UniqueConstraint(fields=["number"], name="bookings_booking_unique_number"),
            models.CheckConstraint(condition=~Q(lead=F("id")), name="bookings_booking_lead_not_self"),
        ]
        indexes = [models.Index(fields=["slot", "status"], name="bookings_booking_slot_status")]

    def __str__(self) -> str:
        return f"予約 {self.pk}"


#: Statuses that hold a seat in their slot (counted in ``Slot.booked``).
ACTIVE = (Booking.Status.HELD, Booking.Status.BOOKED, Booking.Status.CHECKED_IN)

#: The per-channel counter a booking of that channel moves along with ``Slot.booked`` (walk-ins
#: have none: they are ``booked − web_booked − phone_booked``).
CHANNEL_BOOKED: dict[str, str] = {Booking.Channel.WEB: "web_booked", Booking.Channel.PHONE: "phone_booked"}


def has_seats(channel: str, seats: int = 1) -> Q:
    """Slots with ``seats`` free seats for ``channel``: in the whole slot and in the channel's quota."""
    room = Q(booked__lte=F("capacity") - seats)
    if channel == Booking.Channel.WEB:
        return room & Q(web_booked__lte=F("web_capacity") - seats)
    if channel == Booking.Channel.PHONE:
        return room & Q(phone_booked__lte=F("phone_capacity") - seats)
    return room & Q(
        capacity__gte=F("booked")
        + F("web_capacity")
        + F("phone_capacity")
        - F("web_booked")
        - F("phone_booked")
        + seats
    )


class IdempotencyRecord(models.Model):
    """The answer given to a submit with an ``Idempotency-Key``: a retry gets the same body.

    ``key`` and ``fingerprint`` are keyed digests (kofu.core.keyed) of the header and the request
    body, never the typed values; ``body`` is kofu's own answer.
    """

    key = models.CharField(max_length=100, unique=True)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "冪等キー"
        verbose_name_plural = "冪等キー"

    def __str__(self) -> str:
        return self.key


class WaitlistEntry(models.Model):
    """A resident with a booking asks to be moved to an earlier slot of the same site when a seat
    frees up (:mod:`kofu.bookings.waitlist`). An offer holds the seat (taken in the slot's counter)
    until ``offer_expires_at``; at most ``KOFU_WAITLIST_MAX_OFFERS`` offers are made."""

    class Status(models.TextChoices):
        WAITING = "waiting", "空き待ち"
        OFFERED = "offered", "空きを案内中"
        MOVED = "moved", "移動済み"
        CLOSED = "closed", "終了"

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="waitlist")
    status = models.CharField(
        "状態", max_length=16, choices=Status.choices, default=Status.WAITING, validators=[no_my_number]
    )
    created_at = models.DateTimeField("申込日時")
    #: Place in the line: when the entry joined, or when its last offer ended (back of the line).
    queued_at = models.DateTimeField("並んだ日時")
    offers = models.PositiveSmallIntegerField("案内した回数", default=0)
    offered_slot = models.ForeignKey(Slot, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    offer_expires_at = models.DateTimeField("案内の期限", null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "id"]
        verbose_name = "空き待ち"
        verbose_name_plural = "空き待ち"
        constraints = [
            models.UniqueConstraint(
                fields=["booking"],
                condition=Q(status__in=["waiting", "offered"]),
                name="bookings_one_open_wait",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["waiting", "offered", "moved", "closed"]), name="bookings_wait_status"
            ),
            models.CheckConstraint(
                condition=~Q(status="offered")
                | (Q(offered_slot__isnull=False) & Q(offer_expires_at__isnull=False)),
                name="bookings_wait_offer_has_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"空き待ち {self.pk}"
