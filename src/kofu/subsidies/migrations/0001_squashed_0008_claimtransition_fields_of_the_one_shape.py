"""Subsidies as of 0008, in one migration for new databases (ADR 0033, "Migrations squashed").

Written from the models (the operations ``makemigrations`` gives for an empty database), so a new
database renders a few model states instead of replaying every change; ``replaces`` keeps the
originals for databases that already applied some of them. The originals hold no data operation.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import kofu.core.validators


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("subsidies", "0001_goal_declarations_and_unit_price_ceilings"),
        ("subsidies", "0002_claims_with_spend_per_category_and_workflow"),
        ("subsidies", "0003_claim_spend_categories_from_the_rules"),
        ("subsidies", "0004_my_number_guard_on_every_text_field"),
        ("subsidies", "0005_claim_categories_number_writing_offsite_centre_post_office"),
        ("subsidies", "0006_general_base_amount_per_municipality"),
        ("subsidies", "0007_claimtransition_one_history_shape"),
        ("subsidies", "0008_claimtransition_fields_of_the_one_shape"),
    ]

    dependencies = [
        ("registry", "0003_registry_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Claim",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "fiscal_year",
                    models.PositiveSmallIntegerField(
                        help_text="4月始まりの年度（西暦）", verbose_name="年度"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "作成中"),
                            ("submitted", "提出済み（総務省の確認待ち）"),
                            ("checked", "確認済み"),
                            ("returned", "差戻し"),
                        ],
                        default="draft",
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="状態",
                    ),
                ),
                (
                    "at_counter",
                    models.PositiveIntegerField(default=0, verbose_name="申請時来庁方式の受付件数"),
                ),
                (
                    "outreach",
                    models.PositiveIntegerField(default=0, verbose_name="出張申請受付方式の受付件数"),
                ),
                (
                    "support",
                    models.PositiveIntegerField(default=0, verbose_name="申請サポート方式の受付件数"),
                ),
                (
                    "unit_price",
                    models.PositiveIntegerField(
                        default=0,
                        help_text="団体の取組状況に応じた単価",
                        verbose_name="宣伝及び集客経費の単価（円）",
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True,
                        max_length=2000,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="備考",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="作成日時")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新日時")),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="subsidy_claims",
                        to="registry.municipality",
                        verbose_name="市区町村",
                    ),
                ),
            ],
            options={
                "verbose_name": "補助金の実績報告（申請）",
                "verbose_name_plural": "補助金の実績報告（申請）",
                "ordering": ["-fiscal_year", "municipality__code"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("municipality", "fiscal_year"), name="claim_one_per_municipality_and_year"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("fiscal_year__gte", 2000)), name="claim_fiscal_year_plausible"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["draft", "submitted", "checked", "returned"])),
                        name="claim_status_known",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ClaimSpend",
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
                            (
                                "personnel",
                                "マイナンバーカードの交付（カードの更新、電子証明書の発行・更新を含む）のための人件費",
                            ),
                            (
                                "channels",
                                "申請時来庁方式、出張申請受付方式及び申請サポート方式による交付のための経費（宣伝及び集客等に係る経費を除く）",
                            ),
                            ("publicity", "申請時来庁方式等の宣伝及び集客等に係る経費（商品券の配布を含む）"),
                            (
                                "number_writing",
                                "マイナンバー未記入の交付申請書に職員がマイナンバーを追記するための人件費（出張申請受付、資料004 p.13①）",
                            ),
                            ("temporary_windows", "臨時交付窓口設置に係る経費（小規模な修繕を含む）"),
                            ("systems", "交付管理・予約のためのシステム及び電話窓口等に係る経費"),
                            ("terminals", "マイナンバーカードの交付に用いる統合端末等に係る経費"),
                            (
                                "forms_notices",
                                "申請書等の作成及び送付並びに交付通知書とあわせて関係書類を作成・送付するための経費",
                            ),
                            ("card_surface", "マイナンバーカードの券面記載事項の変更に係る経費"),
                            (
                                "leaflets",
                                "交付の際に配布する、マイナンバーカードの使用方法等を説明した資料を作成する経費",
                            ),
                            ("special_centre", "個人番号カード関係事務を専門とするセンターの設置に係る経費"),
                            (
                                "special_centre_offsite",
                                "専門センターの庁舎外の設置に係る経費（基準額とは別枠、資料004 p.13②）",
                            ),
                            ("receipt_encouragement", "個人番号カードの受取勧奨のための周知広報に係る経費"),
                            (
                                "post_office",
                                "郵便局への事務委託（電子証明書の発行・更新等）に係る経費（資料004 p.19）",
                            ),
                        ],
                        max_length=32,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="経費区分",
                    ),
                ),
                ("amount", models.PositiveBigIntegerField(default=0, verbose_name="実支出額（円）")),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="spends",
                        to="subsidies.claim",
                        verbose_name="申請",
                    ),
                ),
            ],
            options={
                "verbose_name": "経費区分別の実支出額",
                "verbose_name_plural": "経費区分別の実支出額",
                "ordering": ["claim", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("claim", "category"), name="claim_spend_one_per_category"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "category__in",
                                [
                                    "personnel",
                                    "channels",
                                    "publicity",
                                    "number_writing",
                                    "temporary_windows",
                                    "systems",
                                    "terminals",
                                    "forms_notices",
                                    "card_surface",
                                    "leaflets",
                                    "special_centre",
                                    "special_centre_offsite",
                                    "receipt_encouragement",
                                    "post_office",
                                ],
                            )
                        ),
                        name="claim_spend_category_known",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ClaimTransition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        blank=True,
                        max_length=20,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="操作",
                    ),
                ),
                (
                    "actor_label",
                    models.CharField(
                        blank=True,
                        max_length=150,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="操作者（表示名）",
                    ),
                ),
                (
                    "comment",
                    models.TextField(
                        blank=True,
                        max_length=2000,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="コメント",
                    ),
                ),
                ("at", models.DateTimeField(verbose_name="日時")),
                (
                    "from_state",
                    models.CharField(
                        choices=[
                            ("draft", "作成中"),
                            ("submitted", "提出済み（総務省の確認待ち）"),
                            ("checked", "確認済み"),
                            ("returned", "差戻し"),
                        ],
                        max_length=20,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="変更前の状態",
                    ),
                ),
                (
                    "to_state",
                    models.CharField(
                        choices=[
                            ("draft", "作成中"),
                            ("submitted", "提出済み（総務省の確認待ち）"),
                            ("checked", "確認済み"),
                            ("returned", "差戻し"),
                        ],
                        max_length=20,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="変更後の状態",
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="操作者",
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="transitions",
                        to="subsidies.claim",
                        verbose_name="申請",
                    ),
                ),
            ],
            options={
                "verbose_name": "申請の状態の変更",
                "verbose_name_plural": "申請の状態の変更",
                "ordering": ["claim", "at", "id"],
            },
        ),
        migrations.CreateModel(
            name="FiscalYearUnitPrice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "fiscal_year",
                    models.PositiveSmallIntegerField(
                        help_text="4月始まりの年度（西暦）", unique=True, verbose_name="年度"
                    ),
                ),
                ("max_unit_price", models.PositiveIntegerField(verbose_name="上限単価（円）")),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        max_length=255,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="備考（根拠通知など）",
                    ),
                ),
            ],
            options={
                "verbose_name": "宣伝及び集客経費の上限単価（年度別）",
                "verbose_name_plural": "宣伝及び集客経費の上限単価（年度別）",
                "ordering": ["fiscal_year"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("max_unit_price__gt", 0)), name="unit_price_ceiling_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("fiscal_year__gte", 2000)),
                        name="unit_price_fiscal_year_plausible",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="GeneralBaseAmount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "fiscal_year",
                    models.PositiveSmallIntegerField(
                        help_text="4月始まりの年度（西暦）", verbose_name="年度"
                    ),
                ),
                ("amount", models.PositiveBigIntegerField(verbose_name="基準額（円）")),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        max_length=200,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="備考",
                    ),
                ),
                ("set_at", models.DateTimeField(auto_now=True, verbose_name="登録日時")),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="general_base_amounts",
                        to="registry.municipality",
                        verbose_name="市区町村",
                    ),
                ),
            ],
            options={
                "ordering": ["-fiscal_year", "municipality__code"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("municipality", "fiscal_year"),
                        name="general_base_one_per_municipality_and_year",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("fiscal_year__gte", 2000)),
                        name="general_base_fiscal_year_plausible",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="GoalDeclaration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("declared_on", models.DateField(verbose_name="目標を掲げた日")),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        max_length=255,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="備考（根拠資料など）",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="goal_declarations",
                        to="registry.municipality",
                        verbose_name="市区町村",
                    ),
                ),
            ],
            options={
                "verbose_name": "全住民への交付目標の表明",
                "verbose_name_plural": "全住民への交付目標の表明",
                "ordering": ["municipality__code"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("municipality",), name="goal_declaration_one_per_municipality"
                    )
                ],
            },
        ),
    ]
