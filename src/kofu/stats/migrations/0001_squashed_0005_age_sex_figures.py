"""Statistics as of 0005, in one migration for new databases (ADR 0033, "Migrations squashed").

Written from the models (the operations ``makemigrations`` gives for an empty database), so a new
database renders a few model states instead of replaying every change; ``replaces`` keeps the
originals for databases that already applied some of them. The originals hold no data operation.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models

import kofu.core.validators


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("stats", "0001_initial"),
        ("stats", "0002_my_number_guard_on_every_text_field"),
        ("stats", "0003_snapshot_measure_credit_cache_convenience_stores"),
        ("stats", "0004_my_number_guard_on_the_measure_and_convenience_fields"),
        ("stats", "0005_age_sex_figures"),
    ]

    dependencies = [
        ("registry", "0003_registry_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="ConvenienceParticipation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("joined_on", models.DateField(verbose_name="参加日")),
                (
                    "joined_on_exact",
                    models.BooleanField(
                        default=True,
                        help_text="偽: 参加開始日は不明で、この日には参加していた（公表資料の時点）",
                        verbose_name="参加開始日",
                    ),
                ),
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
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="convenience_participation",
                        to="registry.municipality",
                    ),
                ),
            ],
            options={
                "verbose_name": "コンビニ交付の参加団体",
                "verbose_name_plural": "コンビニ交付の参加団体",
                "ordering": ["municipality__code"],
            },
        ),
        migrations.CreateModel(
            name="ConvenienceVolume",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("fiscal_year", models.PositiveSmallIntegerField(verbose_name="年度（西暦）")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("resident", "住民票"),
                            ("resident_items", "住記載"),
                            ("seal", "印鑑"),
                            ("tax", "税"),
                            ("family_register", "戸籍"),
                            ("address_history", "附票"),
                        ],
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="種別",
                    ),
                ),
                ("count", models.PositiveBigIntegerField(verbose_name="通数")),
                (
                    "counted_to",
                    models.DateField(
                        blank=True,
                        help_text="年度の途中までの数値のとき、その時点",
                        null=True,
                        verbose_name="集計時点",
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        blank=True,
                        max_length=255,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="出典ファイル",
                    ),
                ),
            ],
            options={
                "verbose_name": "年度別コンビニ交付通数",
                "verbose_name_plural": "年度別コンビニ交付通数",
                "ordering": ["fiscal_year", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("fiscal_year", "kind"), name="convenience_volume_unique"),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "resident",
                                    "resident_items",
                                    "seal",
                                    "tax",
                                    "family_register",
                                    "address_history",
                                ],
                            )
                        ),
                        name="convenience_volume_kind_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("fiscal_year__gte", 1989)), name="convenience_volume_year_sane"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="IssuanceSnapshot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("as_of", models.DateField(unique=True, verbose_name="交付枚数基準日")),
                ("population_base", models.DateField(verbose_name="人口算出基準日")),
                (
                    "source",
                    models.CharField(
                        blank=True,
                        max_length=255,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="出典ファイル",
                    ),
                ),
                ("imported_at", models.DateTimeField(auto_now_add=True, verbose_name="取込日時")),
                (
                    "complete",
                    models.BooleanField(
                        default=False,
                        help_text="全市区町村の数値があり、集計表を市区町村から計算できる",
                        verbose_name="全市区町村分あり",
                    ),
                ),
                (
                    "measure",
                    models.CharField(
                        choices=[("issued", "交付枚数"), ("held", "保有枚数")],
                        default="issued",
                        help_text="交付枚数（2023年6月末分まで）または保有枚数（2023年6月末分から）",
                        max_length=8,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="数えているもの",
                    ),
                ),
                (
                    "credit",
                    models.CharField(
                        blank=True,
                        help_text="空欄は「総務省公表資料」と取込ファイル名",
                        max_length=255,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="出典の表記",
                    ),
                ),
                (
                    "applications",
                    models.PositiveBigIntegerField(blank=True, null=True, verbose_name="申請件数（全国）"),
                ),
                (
                    "applications_note",
                    models.CharField(
                        blank=True,
                        help_text="出典・単位（例: 万枚単位の公表値）",
                        max_length=255,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="申請件数の注記",
                    ),
                ),
                (
                    "cache_token",
                    models.UUIDField(default=uuid.uuid4, editable=False, verbose_name="キャッシュ識別子"),
                ),
            ],
            options={
                "verbose_name": "交付状況（時点）",
                "verbose_name_plural": "交付状況（時点）",
                "ordering": ["-as_of"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("measure__in", ["issued", "held"])), name="snapshot_measure_known"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="GroupTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("population", models.PositiveBigIntegerField(verbose_name="総数（人口）")),
                (
                    "issued",
                    models.PositiveBigIntegerField(verbose_name="交付枚数（保有枚数の時点は保有枚数）"),
                ),
                (
                    "applications",
                    models.PositiveBigIntegerField(blank=True, null=True, verbose_name="申請件数"),
                ),
                (
                    "label",
                    models.CharField(
                        max_length=32, validators=[kofu.core.validators.no_my_number], verbose_name="区分"
                    ),
                ),
                (
                    "snapshot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="group_totals",
                        to="stats.issuancesnapshot",
                    ),
                ),
            ],
            options={
                "verbose_name": "団体区分別交付枚数（公表値）",
                "verbose_name_plural": "団体区分別交付枚数（公表値）",
                "ordering": ["id"],
                "constraints": [
                    models.UniqueConstraint(fields=("snapshot", "label"), name="group_total_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("population__gt", 0)), name="group_total_population_positive"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="AgeFigure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("population", models.PositiveBigIntegerField(verbose_name="総数（人口）")),
                (
                    "issued",
                    models.PositiveBigIntegerField(verbose_name="交付枚数（保有枚数の時点は保有枚数）"),
                ),
                (
                    "applications",
                    models.PositiveBigIntegerField(blank=True, null=True, verbose_name="申請件数"),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="表の順")),
                (
                    "age",
                    models.CharField(
                        max_length=16, validators=[kofu.core.validators.no_my_number], verbose_name="年齢"
                    ),
                ),
                (
                    "sex",
                    models.CharField(
                        choices=[("male", "男"), ("female", "女"), ("total", "計")],
                        max_length=8,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="性別",
                    ),
                ),
                (
                    "printed_rate",
                    models.DecimalField(
                        blank=True, decimal_places=1, max_digits=5, null=True, verbose_name="公表率"
                    ),
                ),
                (
                    "snapshot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="age_figures",
                        to="stats.issuancesnapshot",
                    ),
                ),
            ],
            options={
                "verbose_name": "男女・年齢別交付枚数（公表値）",
                "verbose_name_plural": "男女・年齢別交付枚数（公表値）",
                "ordering": ["position", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("snapshot", "age", "sex"), name="age_figure_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("population__gt", 0)), name="age_figure_population_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("sex__in", ["male", "female", "total"])),
                        name="age_figure_sex_known",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="MunicipalityFigure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("population", models.PositiveBigIntegerField(verbose_name="総数（人口）")),
                (
                    "issued",
                    models.PositiveBigIntegerField(verbose_name="交付枚数（保有枚数の時点は保有枚数）"),
                ),
                (
                    "applications",
                    models.PositiveBigIntegerField(blank=True, null=True, verbose_name="申請件数"),
                ),
                (
                    "printed_rate",
                    models.DecimalField(
                        blank=True, decimal_places=1, max_digits=5, null=True, verbose_name="公表交付率"
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="issuance_figures",
                        to="registry.municipality",
                    ),
                ),
                (
                    "snapshot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="municipality_figures",
                        to="stats.issuancesnapshot",
                    ),
                ),
            ],
            options={
                "verbose_name": "市区町村別交付枚数",
                "verbose_name_plural": "市区町村別交付枚数",
                "ordering": ["municipality__code"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("snapshot", "municipality"), name="figure_unique_per_snapshot"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("population__gt", 0)), name="figure_population_positive"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PrefectureFigure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("population", models.PositiveBigIntegerField(verbose_name="総数（人口）")),
                (
                    "issued",
                    models.PositiveBigIntegerField(verbose_name="交付枚数（保有枚数の時点は保有枚数）"),
                ),
                (
                    "applications",
                    models.PositiveBigIntegerField(blank=True, null=True, verbose_name="申請件数"),
                ),
                (
                    "prefecture",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="issuance_figures",
                        to="registry.prefecture",
                    ),
                ),
                (
                    "snapshot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="prefecture_figures",
                        to="stats.issuancesnapshot",
                    ),
                ),
            ],
            options={
                "verbose_name": "都道府県別交付枚数（公表値）",
                "verbose_name_plural": "都道府県別交付枚数（公表値）",
                "ordering": ["prefecture__code"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("snapshot", "prefecture"), name="prefecture_figure_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("population__gt", 0)),
                        name="prefecture_figure_population_positive",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("issued__lte", models.F("population"))),
                        name="prefecture_figure_issued_le_pop",
                    ),
                ],
            },
        ),
    ]
