"""Accounts as of 0010, in one migration for new databases (ADR 0033, "Migrations squashed").

Written from the models (the operations ``makemigrations`` gives for an empty database), so a new
database renders a few model states instead of replaying every change; ``replaces`` keeps the ten
originals for databases that already applied some of them. Of their RunPython/RunSQL operations:

- kept: the audit log's triggers (append-only, the chain's head) as 0008 leaves them, installed
  last, after every table of the app exists (:mod:`kofu.core.append_only`, as 0008 does);
- left out, each a no-op on the new, empty tables of a new database: 0002's first triggers (0008
  drops and replaces them), 0003's cache table (``CACHES`` names no database cache, so it created
  nothing; 0009 drops it where it exists), 0008's numbering of existing events and its head row.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import kofu.core.validators
from kofu.core import append_only

AUDIT_LOG = "accounts_auditevent"


def install_triggers(apps, schema_editor):
    append_only.install(schema_editor.connection, [AUDIT_LOG])


def remove_triggers(apps, schema_editor):
    append_only.uninstall(schema_editor.connection, [AUDIT_LOG])


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("accounts", "0001_organisations_staff_and_audit_log"),
        ("accounts", "0002_audit_log_append_only"),
        ("accounts", "0003_login_throttle_cache_table"),
        ("accounts", "0004_membership_export_resident_pii"),
        ("accounts", "0005_rate_counters_for_throttling"),
        ("accounts", "0006_staff_display_name"),
        ("accounts", "0007_my_number_guard_on_every_text_field"),
        ("accounts", "0008_audit_log_sequence_head_and_delete_triggers"),
        ("accounts", "0009_drop_unused_cache_table"),
        ("accounts", "0010_waiting_room_for_the_booking_api"),
    ]

    dependencies = [
        ("registry", "0003_registry_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LogHead",
            fields=[
                (
                    "chain",
                    models.CharField(
                        editable=False, max_length=16, primary_key=True, serialize=False, verbose_name="記録"
                    ),
                ),
                ("seq", models.PositiveBigIntegerField(editable=False, verbose_name="最後の通し番号")),
                ("hash", models.CharField(editable=False, max_length=64, verbose_name="最後のハッシュ")),
            ],
            options={
                "verbose_name": "記録の最後の行",
                "verbose_name_plural": "記録の最後の行",
                "db_table": "kofu_log_head",
                "default_permissions": ("view",),
            },
        ),
        migrations.CreateModel(
            name="WaitingRoom",
            fields=[
                (
                    "name",
                    models.CharField(
                        max_length=40,
                        primary_key=True,
                        serialize=False,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="名前",
                    ),
                ),
                ("issued", models.BigIntegerField(verbose_name="発行済みの番号")),
                ("frontier", models.FloatField(verbose_name="案内済みの番号")),
                ("at", models.FloatField(verbose_name="更新時刻（Unix 時刻）")),
            ],
            options={
                "verbose_name": "順番待ち",
                "verbose_name_plural": "順番待ち",
            },
        ),
        migrations.CreateModel(
            name="AuditEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(verbose_name="日時")),
                (
                    "actor_label",
                    models.CharField(
                        help_text="利用者名またはコマンド名",
                        max_length=150,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="実行者",
                    ),
                ),
                (
                    "organisation",
                    models.CharField(
                        blank=True,
                        max_length=64,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="組織",
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        max_length=64, validators=[kofu.core.validators.no_my_number], verbose_name="操作"
                    ),
                ),
                (
                    "object_type",
                    models.CharField(
                        max_length=64,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="対象の種類",
                    ),
                ),
                (
                    "object_id",
                    models.CharField(
                        blank=True,
                        max_length=64,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="対象のID",
                    ),
                ),
                (
                    "purpose",
                    models.CharField(
                        blank=True,
                        max_length=64,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="目的",
                    ),
                ),
                ("before", models.JSONField(blank=True, null=True, verbose_name="変更前")),
                ("after", models.JSONField(blank=True, null=True, verbose_name="変更後")),
                ("seq", models.PositiveBigIntegerField(verbose_name="通し番号")),
                ("prev_hash", models.CharField(max_length=64, unique=True)),
                ("hash", models.CharField(max_length=64, unique=True)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "監査ログ",
                "verbose_name_plural": "監査ログ",
                "ordering": ["id"],
                "default_permissions": ("view",),
            },
        ),
        migrations.CreateModel(
            name="Organisation",
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
                        choices=[
                            ("ministry", "総務省"),
                            ("prefecture", "都道府県"),
                            ("municipality", "市区町村"),
                        ],
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="種別",
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        max_length=64, validators=[kofu.core.validators.no_my_number], verbose_name="名称"
                    ),
                ),
                (
                    "municipality",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="organisation",
                        to="registry.municipality",
                    ),
                ),
                (
                    "prefecture",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="organisations",
                        to="registry.prefecture",
                    ),
                ),
            ],
            options={
                "verbose_name": "組織",
                "verbose_name_plural": "組織",
                "ordering": ["kind", "name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("kind", "ministry"),
                                ("municipality__isnull", True),
                                ("prefecture__isnull", True),
                            ),
                            models.Q(
                                ("kind", "prefecture"),
                                ("municipality__isnull", True),
                                ("prefecture__isnull", False),
                            ),
                            models.Q(
                                ("kind", "municipality"),
                                ("municipality__isnull", False),
                                ("prefecture__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="organisation_scope_matches_kind",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("kind", "prefecture")),
                        fields=("prefecture",),
                        name="organisation_one_per_prefecture",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("kind", "ministry")),
                        fields=("kind",),
                        name="organisation_one_ministry",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="RateCounter",
            fields=[
                (
                    "key",
                    models.CharField(max_length=64, primary_key=True, serialize=False, verbose_name="キー"),
                ),
                ("n", models.PositiveIntegerField(verbose_name="回数")),
                ("expires", models.DateTimeField(verbose_name="有効期限")),
            ],
            options={
                "verbose_name": "回数制限のカウンタ",
                "verbose_name_plural": "回数制限のカウンタ",
                "indexes": [models.Index(fields=["expires"], name="accounts_ratecounter_expires")],
            },
        ),
        migrations.CreateModel(
            name="StaffMembership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "display_name",
                    models.CharField(
                        blank=True,
                        help_text="例：都城市 市民課 山田",
                        max_length=64,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="表示名",
                    ),
                ),
                ("is_admin", models.BooleanField(default=False, verbose_name="組織の管理者")),
                (
                    "export_resident_pii",
                    models.BooleanField(default=False, verbose_name="住民の個人情報の出力（持ち出し）"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="作成日時")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="members",
                        to="accounts.organisation",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="membership",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "職員の所属",
                "verbose_name_plural": "職員の所属",
            },
        ),
        # Made unique by ALTER, as 0008/0009 did: PostgreSQL then names the constraint as an
        # installation of the originals has it (*_seq_<hash>_uniq, not the *_seq_key of CREATE TABLE).
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True, verbose_name="通し番号"),
        ),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
