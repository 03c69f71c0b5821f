"""Applications and the cards made from them, J-LIS delivery batches, notices, history, access log.

One row per application (``Card``): the application (channel, date received, the least personal
data needed to hand the card over) and the card's lifecycle state. kofu never stores the 個人番号.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models, transaction

from kofu.accounts.roles import ROLE_LABELS, Role
from kofu.core.history import TransitionRecord
from kofu.core.validators import no_my_number
from kofu.registry.models import Municipality
from kofu.rules import cards as rules

#: Notice numbers are two groups of five letters/digits (no 0/1/I/O): never a 12-digit run.
NOTICE_NUMBER_FORMAT = RegexValidator(
    r"^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$", "交付通知書番号は「ABCDE-23456」の形式です"
)


class DeliveryBatch(models.Model):
    """One J-LIS delivery (カードの納品) imported from a delivery file."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    batch_number = models.CharField("納品番号", max_length=32, validators=[no_my_number])
    delivered_on = models.DateField("納品日")
    file_name = models.CharField("ファイル名", max_length=200, blank=True, validators=[no_my_number])
    row_count = models.PositiveIntegerField("枚数", default=0)
    imported_at = models.DateTimeField("取込日時")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: Who imported it as the history shows it (like ``CardTransition.actor_label``): the history
    #: row of every card this delivery created (ADR 0007).
    imported_by_label = models.CharField(
        "取込者", max_length=150, default="system", validators=[no_my_number]
    )

    class Meta:
        ordering = ["-delivered_on", "-id"]
        verbose_name = "J-LIS納品"
        verbose_name_plural = "J-LIS納品"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "batch_number"], name="cards_batch_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.batch_number}（{self.delivered_on:%Y-%m-%d}）"


class NoticeBatch(models.Model):
    """One wave of issuance notices (交付通知書) sent together."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField("発送日")
    visit_from = models.DateField("来庁期間（開始）")
    visit_until = models.DateField("来庁期間（終了）")
    size = models.PositiveIntegerField("通数")
    created_at = models.DateTimeField("作成日時")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = "交付通知書の発送"
        verbose_name_plural = "交付通知書の発送"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visit_until__gte=models.F("visit_from")), name="cards_notice_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sent_on:%Y-%m-%d} {self.size}通"


class Card(models.Model):
    """An application and the card made from it: one row, one lifecycle."""

    # The members are made from kofu.rules' labels by Enum's functional API, which django-stubs'
    # TextChoices overloads (a member's lookup by value) do not describe.
    State = models.TextChoices(  # type: ignore[call-overload]
        "State", {k.upper(): (k, v) for k, v in rules.STATE_LABELS.items()}
    )
    # As State.
    Channel = models.TextChoices(  # type: ignore[call-overload]
        "Channel", {k.upper(): (k, v) for k, v in rules.CHANNEL_LABELS.items()}
    )

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    application_id = models.CharField("申請書ID", max_length=32, validators=[no_my_number])
    channel = models.CharField("申請方式", max_length=16, choices=Channel.choices, validators=[no_my_number])
    received_on = models.DateField("申請受付日")
    outreach_event = models.ForeignKey(
        "surveys.OutreachEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cards",
        verbose_name="出張申請受付",
    )
    # The least personal data needed to hand the card over and to send the notice.
    name = models.CharField("氏名", max_length=100, validators=[no_my_number])
    name_kana = models.CharField("氏名（カナ）", max_length=100, blank=True, validators=[no_my_number])
    # Empty (NULL) only once the retention period has passed and the personal data was purged.
    birth_date = models.DateField("生年月日", null=True)
    address = models.CharField("住所", max_length=200, validators=[no_my_number])
    phone = models.CharField("連絡先電話番号", max_length=20, blank=True, validators=[no_my_number])
    note = models.TextField("メモ", blank=True, validators=[no_my_number])

    state = models.CharField(
        "状態", max_length=20, choices=State.choices, default=rules.APPLIED, validators=[no_my_number]
    )
    state_changed_at = models.DateTimeField("状態の変更日時")
    state_since = models.DateField("現在の状態になった日", help_text="滞留日数の起点")
    batch = models.ForeignKey(
        DeliveryBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cards",
        verbose_name="納品",
    )
    delivered_on = models.DateField("納品日", null=True, blank=True)
    history_in_batch = models.BooleanField(
        "納品の履歴は納品の記録",
        default=False,
        db_default=False,
        help_text="J-LIS納品で作られたカード: その納品（申請受付→納品済み）の履歴は、"
        "カードごとの行でなく納品（batch）の取込日時・取込者です（ADR 0007）",
    )
    setup_on = models.DateField("交付前設定日", null=True, blank=True)
    notice_number = models.CharField(
        "交付通知書番号",
        max_length=16,
        null=True,
        blank=True,
        unique=True,
        validators=[NOTICE_NUMBER_FORMAT, no_my_number],
    )
    notice_batch = models.ForeignKey(
        NoticeBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="cards"
    )
    notice_sent_on = models.DateField("交付通知書発送日", null=True, blank=True)
    appointment_on = models.DateField("来庁予約日", null=True, blank=True)
    handed_over_on = models.DateField("交付日", null=True, blank=True)
    #: Set when the personal values were erased after the retention period (kofu cards purge).
    deletion = models.ForeignKey(
        "PersonalDataDeletion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cards",
        verbose_name="個人情報の削除記録",
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "申請・カード"
        verbose_name_plural = "申請・カード"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "application_id"], name="cards_card_unique_application"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=list(rules.STATE_LABELS)), name="cards_card_known_state"
            ),
            models.CheckConstraint(
                condition=models.Q(outreach_event__isnull=True) | models.Q(channel=rules.OUTREACH),
                name="cards_card_event_only_for_outreach",
            ),
        ]
        indexes = [
            # The backlog: count, oldest and median per state without touching other rows.
            models.Index(fields=["municipality", "state", "state_since"], name="cards_card_state_since"),
        ]

    def __str__(self) -> str:
        return f"申請書ID {self.application_id}"

    @property
    def is_purged(self) -> bool:
        return self.deletion_id is not None


class CardTransition(TransitionRecord):
    """History: every state change of a card, when and by whom (the one history shape,
    :class:`kofu.core.history.TransitionRecord`; the action is the target state).

    Except one: a card created by a J-LIS delivery (``Card.history_in_batch``) has its delivery
    recorded once for the whole batch, on its ``DeliveryBatch``; read a card's history with
    ``kofu.cards.selectors.card_history``, which shows both (ADR 0007).
    """

    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="transitions")
    comment = models.CharField("メモ", max_length=200, blank=True, validators=[no_my_number])

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "カードの状態履歴"
        verbose_name_plural = "カードの状態履歴"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.from_state or '-'} → {self.to_state}"


class ResidentAccess(models.Model):
    """Access log: who read a resident's record, when and why. No personal values are stored.

    Hash-chained like the audit log (``seq``, ``prev_hash``, ``hash``; :mod:`kofu.accounts.chains`,
    written by :func:`kofu.cards.access_log.record`) and append-only in the database: triggers
    refuse UPDATE and DELETE and keep the head (:mod:`kofu.core.append_only`).
    """

    class Purpose(models.TextChoices):
        ISSUANCE = "issuance", "交付事務"
        INQUIRY = "inquiry", "問合せ対応"
        NOTICE = "notice", "交付通知書の作成"
        EXPORT = "export", "一覧の出力"
        RENEWAL = "renewal", "有効期限の更新案内"
        AUDIT = "audit", "監査・内部点検"
        OTHER = "other", "その他"
        SELF_SERVICE = "self", "本人による確認・予約"

    class Action(models.TextChoices):
        VIEW = "view", "閲覧"
        UPDATE = "update", "更新"
        PRINT = "print", "印刷"
        EXPORT = "export", "出力"

    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="accesses")
    at = models.DateTimeField("日時")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField("利用者", max_length=150, validators=[no_my_number])
    organisation = models.CharField("組織", max_length=100, blank=True, validators=[no_my_number])
    #: The reader's role (kofu.accounts.roles.Role value); blank for a command.
    role = models.CharField(
        "役割",
        max_length=32,
        blank=True,
        choices=[
            (role.value, ROLE_LABELS[role]) for role in Role if role not in (Role.ANONYMOUS, Role.SYSTEM)
        ],
        validators=[no_my_number],
    )
    #: The request's source address (kofu.accounts.request_source); empty for a command.
    source_ip = models.GenericIPAddressField("接続元IPアドレス", null=True, blank=True)
    action = models.CharField("操作", max_length=16, choices=Action.choices, validators=[no_my_number])
    purpose = models.CharField("目的", max_length=16, choices=Purpose.choices, validators=[no_my_number])
    #: The hash chain (kofu.accounts.chains): written by kofu, never typed by anyone.
    seq = models.PositiveBigIntegerField("通し番号", unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "住民記録のアクセス記録"
        verbose_name_plural = "住民記録のアクセス記録"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.organisation} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        """Append only; a row saved on its own is chained here (``record`` chains rows in bulk)."""
        if self.pk is not None:
            raise PermissionError("アクセス記録は追記のみです（変更できません）")
        from kofu.accounts import chains
        from kofu.cards.access_log import CHAIN

        with transaction.atomic(savepoint=False):
            if not self.hash:
                chains.link(CHAIN, [self])
            super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("アクセス記録は追記のみです（削除できません）")


class DailyCount(models.Model):
    """Stage counters per day, kept in the same transaction as the writes they count.

    ``stage``: received (per channel), delivered, setup, notice_sent (per days from arrival to
    notice, the hearing criterion), handed_over. The dashboard and the monthly figures sum these
    few rows instead of counting millions of cards.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    day = models.DateField("日付")
    stage = models.CharField("段階", max_length=16, validators=[no_my_number])
    channel = models.CharField("申請方式", max_length=16, blank=True, validators=[no_my_number])
    days = models.IntegerField("到着から通知までの日数", default=-1)
    n = models.PositiveIntegerField("件数", default=0)

    class Meta:
        verbose_name = "日ごとの件数"
        verbose_name_plural = "日ごとの件数"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "stage", "day", "channel", "days"], name="cards_dailycount_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.stage} {self.n}"


class PersonalDataDeletion(models.Model):
    """Deletion record (削除記録): one purge of personal data after the retention period.

    Counts, the cards concerned (``cards``: the rows keep their id, application ID, dates and state;
    their personal values are erased), operator, time and retention days. No personal values.
    """

    at = models.DateTimeField("実行日時")
    as_of = models.DateField("基準日")
    retention_days = models.PositiveIntegerField("保存期間（日）")
    cutoff = models.DateField("対象：この日より前に完了したカード")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField("実行者", max_length=150, validators=[no_my_number])
    card_count = models.PositiveIntegerField("カードの件数")
    booking_count = models.PositiveIntegerField("来庁予約の件数", default=0)
    #: {municipality code: {state: cards}}
    counts = models.JSONField("団体・状態ごとの件数", default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "個人情報の削除記録"
        verbose_name_plural = "個人情報の削除記録"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} 削除 {self.card_count}件"


class PersonalDataExport(models.Model):
    """An export of residents' personal data (持ち出し): who, when, what, why, how many rows."""

    class Kind(models.TextChoices):
        RENEWALS = "renewals", "有効期限の更新案内の一覧（CSV）"
        NOTICES = "notices", "交付通知書（PDF）"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("日時")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField("利用者", max_length=150, validators=[no_my_number])
    organisation = models.CharField("組織", max_length=100, blank=True, validators=[no_my_number])
    kind = models.CharField("出力したもの", max_length=16, choices=Kind.choices, validators=[no_my_number])
    purpose = models.CharField(
        "目的", max_length=16, choices=ResidentAccess.Purpose.choices, validators=[no_my_number]
    )
    purpose_text = models.CharField("目的（内容）", max_length=200, blank=True, validators=[no_my_number])
    rows = models.PositiveIntegerField("件数")
    #: What was selected (period, kind of expiry, notice batch); never personal values.
    parameters = models.JSONField("条件", default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "個人情報の持ち出し記録"
        verbose_name_plural = "個人情報の持ち出し記録"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.rows}件"


# The proxy handover record lives in its own module (it needs Card, defined above); importing it
# here is what registers it with the app.
from kofu.cards.proxy_models import ProxyHandover  # noqa: E402, F401
