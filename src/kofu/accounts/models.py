"""Organisations, staff memberships (role and scope) and the append-only audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from kofu.core.validators import no_my_number
from kofu.registry.models import Municipality, Prefecture


class Organisation(models.Model):
    """The ministry, a prefecture or a municipality: what a staff account belongs to."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", "総務省"
        PREFECTURE = "prefecture", "都道府県"
        MUNICIPALITY = "municipality", "市区町村"

    kind = models.CharField("種別", max_length=16, choices=Kind.choices, validators=[no_my_number])
    name = models.CharField("名称", max_length=64, validators=[no_my_number])
    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    municipality = models.OneToOneField(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="organisation"
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "組織"
        verbose_name_plural = "組織"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="ministry", prefecture__isnull=True, municipality__isnull=True)
                    | Q(kind="prefecture", prefecture__isnull=False, municipality__isnull=True)
                    | Q(kind="municipality", prefecture__isnull=False, municipality__isnull=False)
                ),
                name="organisation_scope_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["prefecture"], condition=Q(kind="prefecture"), name="organisation_one_per_prefecture"
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="ministry"), name="organisation_one_ministry"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StaffMembership(models.Model):
    """A staff account's organisation; administrators create the accounts of their organisation."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="members")
    display_name = models.CharField(
        "表示名", max_length=64, blank=True, validators=[no_my_number], help_text="例：都城市 市民課 山田"
    )
    is_admin = models.BooleanField("組織の管理者", default=False)
    #: 持ち出し: may export residents' personal data (CSV/PDF), with a purpose; granted by the
    #: organisation's administrator (kofu.accounts.grants), municipality staff only.
    export_resident_pii = models.BooleanField("住民の個人情報の出力（持ち出し）", default=False)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        verbose_name = "職員の所属"
        verbose_name_plural = "職員の所属"

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.organisation})"


class AuditEvent(models.Model):
    """One write (or read of a resident record), chained by hash so that tampering shows.

    Rows are only ever inserted (:func:`kofu.accounts.audit.audit_record`); ``hash`` covers the
    row's content and the previous row's hash, ``seq`` numbers the chain from 1 without gaps.
    Database triggers refuse UPDATE and DELETE and keep the head in :class:`LogHead`
    (:mod:`kofu.core.append_only`). ``kofu audit verify`` recomputes the chain.
    """

    at = models.DateTimeField("日時")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(
        "実行者", max_length=150, help_text="利用者名またはコマンド名", validators=[no_my_number]
    )
    organisation = models.CharField("組織", max_length=64, blank=True, validators=[no_my_number])
    action = models.CharField("操作", max_length=64, validators=[no_my_number])
    object_type = models.CharField("対象の種類", max_length=64, validators=[no_my_number])
    object_id = models.CharField("対象のID", max_length=64, blank=True, validators=[no_my_number])
    purpose = models.CharField("目的", max_length=64, blank=True, validators=[no_my_number])
    before = models.JSONField("変更前", null=True, blank=True)
    after = models.JSONField("変更後", null=True, blank=True)
    seq = models.PositiveBigIntegerField("通し番号", unique=True)
    prev_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "監査ログ"
        verbose_name_plural = "監査ログ"
        default_permissions = ("view",)

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("監査ログは追記のみです（変更できません）")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("監査ログは追記のみです（削除できません）")


class RateCounter(models.Model):
    """A counter for throttling (login failures, resident identification), shared by all workers.

    ``key`` is a digest (never a username, IP address or notice number in clear); the count is
    valid until ``expires``. Written only by :mod:`kofu.accounts.counters` (one upsert per count).
    """

    key = models.CharField("キー", max_length=64, primary_key=True)
    n = models.PositiveIntegerField("回数")
    expires = models.DateTimeField("有効期限")

    class Meta:
        verbose_name = "回数制限のカウンタ"
        verbose_name_plural = "回数制限のカウンタ"
        indexes = [models.Index(fields=["expires"], name="accounts_ratecounter_expires")]

    def __str__(self) -> str:
        return f"{self.key[:12]}… {self.n}"


class LogHead(models.Model):
    """The newest row of each hash-chained log (``audit``, ``access``): sequence number and hash.

    Written only by the logs' AFTER INSERT triggers (:mod:`kofu.core.append_only`), never by
    Python; ``kofu audit verify`` compares it with the last row of each log, so rows deleted at the
    end of a log behind kofu's back show even without an off-host checkpoint.
    """

    chain = models.CharField("記録", max_length=16, primary_key=True, editable=False)
    seq = models.PositiveBigIntegerField("最後の通し番号", editable=False)
    hash = models.CharField("最後のハッシュ", max_length=64, editable=False)

    class Meta:
        db_table = "kofu_log_head"
        verbose_name = "記録の最後の行"
        verbose_name_plural = "記録の最後の行"
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.chain} {self.seq}:{self.hash}"


class WaitingRoom(models.Model):
    """A first-come queue in front of a busy service (the booking API at a surge).

    Every request takes the next ticket (``issued``); tickets up to ``frontier`` are let in.
    The frontier moves on at the configured rate (tickets per second, from ``at``, a Unix time)
    and at most ``burst`` tickets ahead of the last one issued. Written only by
    :mod:`kofu.accounts.waiting_room` (one upsert per request); nothing about a person is kept.
    """

    name = models.CharField("名前", max_length=40, primary_key=True, validators=[no_my_number])
    issued = models.BigIntegerField("発行済みの番号")
    frontier = models.FloatField("案内済みの番号")
    at = models.FloatField("更新時刻（Unix 時刻）")

    class Meta:
        verbose_name = "順番待ち"
        verbose_name_plural = "順番待ち"

    def __str__(self) -> str:
        return f"{self.name}: {self.issued}"
