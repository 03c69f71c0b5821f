"""The registry as of 0003, in one migration for new databases (ADR 0033, "Migrations squashed").

Written from the models (the operations ``makemigrations`` gives for an empty database), so a new
database renders a few model states instead of replaying every change; ``replaces`` keeps the three
originals for databases that already applied some of them. Carried over by hand: the registry's
version token row of 0003 (kofu.registry.changes reads it). Nothing of 0001–0002 touches data.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models

import kofu.core.validators


def first_token(apps, schema_editor):
    """As 0003: the one version row, renewed by every registry write."""
    apps.get_model("registry", "RegistryVersion").objects.create(pk=1, token=uuid.uuid4())


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("registry", "0001_initial"),
        ("registry", "0002_my_number_guard_on_every_text_field"),
        ("registry", "0003_registry_version"),
    ]

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Prefecture",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        max_length=2,
                        unique=True,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="都道府県コード",
                    ),
                ),
                (
                    "lgcode",
                    models.CharField(
                        max_length=6,
                        unique=True,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="団体コード",
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        max_length=8,
                        unique=True,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="都道府県名",
                    ),
                ),
                (
                    "kana",
                    models.CharField(
                        blank=True,
                        max_length=32,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="よみ",
                    ),
                ),
            ],
            options={
                "verbose_name": "都道府県",
                "verbose_name_plural": "都道府県",
                "ordering": ["code"],
            },
        ),
        migrations.CreateModel(
            name="RegistryVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.UUIDField(verbose_name="版")),
            ],
            options={
                "verbose_name": "団体台帳の版",
                "verbose_name_plural": "団体台帳の版",
            },
        ),
        migrations.RunPython(first_token, migrations.RunPython.noop),
        migrations.CreateModel(
            name="Municipality",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        max_length=6,
                        unique=True,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="団体コード",
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        max_length=32,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="市区町村名",
                    ),
                ),
                (
                    "kana",
                    models.CharField(
                        blank=True,
                        max_length=64,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="よみ",
                    ),
                ),
                (
                    "district",
                    models.CharField(
                        blank=True,
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="郡名",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("municipality", "市区町村"), ("ward", "指定都市の区（行政区）")],
                        default="municipality",
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="種別",
                    ),
                ),
                (
                    "valid_from",
                    models.DateField(
                        blank=True, help_text="空欄は記録開始以前から", null=True, verbose_name="設置日"
                    ),
                ),
                (
                    "valid_to",
                    models.DateField(
                        blank=True,
                        help_text="この日から存在しない（合併等）",
                        null=True,
                        verbose_name="廃止日",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="wards",
                        to="registry.municipality",
                        verbose_name="指定都市",
                    ),
                ),
                (
                    "prefecture",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="municipalities",
                        to="registry.prefecture",
                    ),
                ),
            ],
            options={
                "verbose_name": "市区町村",
                "verbose_name_plural": "市区町村",
                "ordering": ["code"],
                "indexes": [
                    models.Index(fields=["prefecture", "name"], name="registry_mu_prefect_d2b642_idx")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("valid_to__isnull", True),
                            ("valid_from__isnull", True),
                            ("valid_to__gt", models.F("valid_from")),
                            _connector="OR",
                        ),
                        name="municipality_valid_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kind", "municipality"), ("parent__isnull", True)),
                            models.Q(("kind", "ward"), ("parent__isnull", False)),
                            _connector="OR",
                        ),
                        name="municipality_ward_has_parent",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="MunicipalityCategory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("指定都市", "指定都市"),
                            ("特別区", "特別区"),
                            ("中核市", "中核市"),
                            ("その他の市", "その他の市"),
                            ("町", "町"),
                            ("村", "村"),
                        ],
                        max_length=8,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="団体区分",
                    ),
                ),
                (
                    "valid_from",
                    models.DateField(
                        blank=True, help_text="空欄は記録開始以前から", null=True, verbose_name="適用開始日"
                    ),
                ),
                (
                    "valid_to",
                    models.DateField(
                        blank=True, help_text="この日から適用しない", null=True, verbose_name="適用終了日"
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="categories",
                        to="registry.municipality",
                    ),
                ),
            ],
            options={
                "verbose_name": "団体区分",
                "verbose_name_plural": "団体区分",
                "ordering": ["municipality__code", "valid_from"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("valid_from__isnull", True)),
                        fields=("municipality",),
                        name="category_one_open_start",
                    ),
                    models.UniqueConstraint(
                        fields=("municipality", "valid_from"), name="category_unique_start"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("valid_to__isnull", True),
                            ("valid_from__isnull", True),
                            ("valid_to__gt", models.F("valid_from")),
                            _connector="OR",
                        ),
                        name="category_valid_range",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PopulationSnapshot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("base_date", models.DateField(verbose_name="人口算出基準日")),
                ("population", models.PositiveIntegerField(verbose_name="人口")),
                (
                    "source",
                    models.CharField(
                        blank=True,
                        max_length=255,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="出典ファイル",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="populations",
                        to="registry.municipality",
                    ),
                ),
            ],
            options={
                "verbose_name": "住民基本台帳人口",
                "verbose_name_plural": "住民基本台帳人口",
                "ordering": ["municipality__code", "base_date"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("municipality", "base_date"), name="population_unique_per_date"
                    )
                ],
            },
        ),
    ]
