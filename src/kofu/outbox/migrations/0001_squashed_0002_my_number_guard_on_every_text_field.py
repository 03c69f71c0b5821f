"""The outbox as of 0002, in one migration for new databases (ADR 0033, "Migrations squashed").

Written from the models (the operations ``makemigrations`` gives for an empty database), so a new
database renders a few model states instead of replaying every change; ``replaces`` keeps the
originals for databases that already applied some of them. The originals hold no data operation.
"""

import django.db.models.deletion
from django.db import migrations, models

import kofu.core.validators


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("outbox", "0001_outbox_messages"),
        ("outbox", "0002_my_number_guard_on_every_text_field"),
    ]

    dependencies = [
        ("cards", "0013_cardtransition_action_and_actor_fields"),
        ("registry", "0003_registry_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="Message",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        max_length=30, validators=[kofu.core.validators.no_my_number], verbose_name="種類"
                    ),
                ),
                (
                    "related_type",
                    models.CharField(
                        blank=True,
                        max_length=30,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="関連する記録の種類",
                    ),
                ),
                (
                    "related_id",
                    models.BigIntegerField(blank=True, null=True, verbose_name="関連する記録の番号"),
                ),
                (
                    "recipient",
                    models.EmailField(
                        blank=True,
                        max_length=254,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="宛先",
                    ),
                ),
                (
                    "subject",
                    models.CharField(
                        max_length=200, validators=[kofu.core.validators.no_my_number], verbose_name="件名"
                    ),
                ),
                (
                    "body",
                    models.TextField(
                        blank=True, validators=[kofu.core.validators.no_my_number], verbose_name="本文"
                    ),
                ),
                (
                    "ics",
                    models.TextField(
                        blank=True,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="予定表（ICS）",
                    ),
                ),
                (
                    "ics_name",
                    models.CharField(
                        blank=True,
                        max_length=100,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="予定表のファイル名",
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("queued", "送信待ち"),
                            ("sending", "送信中"),
                            ("sent", "送信済み"),
                            ("failed", "送信失敗"),
                        ],
                        default="queued",
                        max_length=10,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="状態",
                    ),
                ),
                ("attempts", models.PositiveIntegerField(default=0, verbose_name="送信を試みた回数")),
                (
                    "last_error",
                    models.CharField(
                        blank=True,
                        max_length=500,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="最後のエラー",
                    ),
                ),
                ("created_at", models.DateTimeField(verbose_name="作成日時")),
                ("claimed_at", models.DateTimeField(blank=True, null=True, verbose_name="送信開始日時")),
                (
                    "next_attempt_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="次に送信を試みる日時"),
                ),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="送信日時")),
                (
                    "card",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cards.card",
                        verbose_name="カード",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.municipality",
                        verbose_name="市区町村",
                    ),
                ),
            ],
            options={
                "verbose_name": "送信メール",
                "verbose_name_plural": "送信メール",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["state", "next_attempt_at"], name="outbox_due"),
                    models.Index(fields=["municipality", "-created_at"], name="outbox_by_municipality"),
                    models.Index(fields=["related_type", "related_id"], name="outbox_by_related"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("state__in", ["queued", "sending", "sent", "failed"])),
                        name="outbox_message_state",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("state", "sent"), _negated=True),
                            ("sent_at__isnull", False),
                            _connector="OR",
                        ),
                        name="outbox_sent_has_time",
                    ),
                ],
            },
        ),
    ]
