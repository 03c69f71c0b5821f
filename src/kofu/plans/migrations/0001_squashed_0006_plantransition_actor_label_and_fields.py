"""Plans as of 0006, in one migration for new databases (ADR 0033, "Migrations squashed").

Written from the models (the operations ``makemigrations`` gives for an empty database), so a new
database renders a few model states instead of replaying every change; ``replaces`` keeps the
originals for databases that already applied some of them. The originals hold no data operation.
"""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import kofu.core.validators


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("plans", "0001_plans_reports_hearings"),
        ("plans", "0002_plan_staff_terminal_ratios"),
        ("plans", "0003_my_number_guard_on_every_text_field"),
        ("plans", "0004_plan_costs_rerevision_and_measures"),
        ("plans", "0005_plantransition_one_history_shape"),
        ("plans", "0006_plantransition_actor_label_and_fields"),
    ]

    dependencies = [
        ("registry", "0003_registry_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SmoothingPlan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "作成中"),
                            ("submitted", "提出済み（都道府県の確認待ち）"),
                            ("returned", "差戻し（修正依頼）"),
                            ("accepted", "確認済み"),
                        ],
                        default="draft",
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="状態",
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=0, help_text="提出した回数（最新の提出版の番号）", verbose_name="版"
                    ),
                ),
                (
                    "base_month",
                    models.CharField(
                        max_length=7,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{4}-(0[1-9]|1[0-2])$",
                                "月は YYYY-MM の形式で入力してください（例: 2022-05）",
                            ),
                            kofu.core.validators.no_my_number,
                        ],
                        verbose_name="基準月",
                    ),
                ),
                (
                    "deadline",
                    models.CharField(
                        default="2023-03",
                        max_length=7,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{4}-(0[1-9]|1[0-2])$",
                                "月は YYYY-MM の形式で入力してください（例: 2022-05）",
                            ),
                            kofu.core.validators.no_my_number,
                        ],
                        verbose_name="期限月",
                    ),
                ),
                (
                    "population",
                    models.PositiveIntegerField(
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="住民基本台帳人口",
                    ),
                ),
                ("issued", models.PositiveIntegerField(verbose_name="基準月末の累計交付枚数")),
                (
                    "per_window_daily",
                    models.DecimalField(
                        decimal_places=1,
                        max_digits=7,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.1"))],
                        verbose_name="専用窓口の1窓口1日当たり交付枚数",
                    ),
                ),
                ("windows", models.PositiveIntegerField(verbose_name="専用窓口数（現有）")),
                (
                    "shared_windows",
                    models.PositiveIntegerField(default=0, verbose_name="他業務との共用窓口数"),
                ),
                (
                    "shared_per_window_daily",
                    models.DecimalField(
                        decimal_places=1,
                        default=0,
                        max_digits=7,
                        verbose_name="共用窓口の1窓口1日当たり交付枚数",
                    ),
                ),
                (
                    "staff_per_window",
                    models.DecimalField(
                        decimal_places=2,
                        default=1,
                        help_text="必要職員数 = 必要窓口数 × この値（切上げ）",
                        max_digits=4,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="1窓口当たりの職員数",
                    ),
                ),
                (
                    "terminals_per_window",
                    models.DecimalField(
                        decimal_places=2,
                        default=1,
                        help_text="必要統合端末数 = 必要窓口数 × この値（切上げ）。既定は1窓口に1台",
                        max_digits=4,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="1窓口当たりの統合端末数",
                    ),
                ),
                (
                    "office_max_windows",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="空欄: 確認項目3は判定しません",
                        null=True,
                        verbose_name="庁舎内に設置できる最大窓口数",
                    ),
                ),
                (
                    "notes",
                    models.TextField(
                        blank=True, validators=[kofu.core.validators.no_my_number], verbose_name="備考"
                    ),
                ),
                (
                    "cost_fy2021",
                    models.PositiveBigIntegerField(
                        blank=True, null=True, verbose_name="令和3年度の交付事務に要する経費の見込額（円）"
                    ),
                ),
                (
                    "cost_fy2022",
                    models.PositiveBigIntegerField(
                        blank=True, null=True, verbose_name="令和4年度の交付事務に要する経費の見込額（円）"
                    ),
                ),
                (
                    "estimated_grant",
                    models.PositiveBigIntegerField(
                        blank=True,
                        help_text="総務省からお知らせした額（資料003 5）",
                        null=True,
                        verbose_name="交付事務費補助金の概算交付見込額（円）",
                    ),
                ),
                (
                    "capacity_ready",
                    models.CharField(
                        blank=True,
                        default="",
                        help_text="目安は遅くとも2022-06（資料004 p.10 2(1)）",
                        max_length=7,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{4}-(0[1-9]|1[0-2])$",
                                "月は YYYY-MM の形式で入力してください（例: 2022-05）",
                            ),
                            kofu.core.validators.no_my_number,
                        ],
                        verbose_name="十分な交付体制が整う月",
                    ),
                ),
                (
                    "setup_outsourced",
                    models.BooleanField(blank=True, null=True, verbose_name="交付前設定の民間委託"),
                ),
                (
                    "pickup_booking",
                    models.BooleanField(blank=True, null=True, verbose_name="受取日時の予約（交付平準化）"),
                ),
                (
                    "part_time_early",
                    models.BooleanField(
                        blank=True, null=True, verbose_name="会計年度任用職員の前倒し募集・採用"
                    ),
                ),
                (
                    "evening_days",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[django.core.validators.MaxValueValidator(31)],
                        verbose_name="夜間開庁日数（月当たり）",
                    ),
                ),
                (
                    "qr_letters_from",
                    models.CharField(
                        blank=True,
                        default="",
                        max_length=7,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{4}-(0[1-9]|1[0-2])$",
                                "月は YYYY-MM の形式で入力してください（例: 2022-05）",
                            ),
                            kofu.core.validators.no_my_number,
                        ],
                        verbose_name="QRコード付き交付申請書の送付開始月",
                    ),
                ),
                (
                    "qr_letters_until",
                    models.CharField(
                        blank=True,
                        default="",
                        help_text="要請は2021-03まで（資料003 3(2)）",
                        max_length=7,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{4}-(0[1-9]|1[0-2])$",
                                "月は YYYY-MM の形式で入力してください（例: 2022-05）",
                            ),
                            kofu.core.validators.no_my_number,
                        ],
                        verbose_name="QRコード付き交付申請書の送付完了月",
                    ),
                ),
                (
                    "insurance_help",
                    models.BooleanField(
                        blank=True, null=True, verbose_name="窓口での健康保険証利用の申込支援"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新日時")),
                (
                    "municipality",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="smoothing_plan",
                        to="registry.municipality",
                    ),
                ),
            ],
            options={
                "verbose_name": "交付円滑化計画",
                "verbose_name_plural": "交付円滑化計画",
                "ordering": ["municipality__code"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("issued__lte", models.F("population"))),
                        name="plan_issued_le_population",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("deadline__gt", models.F("base_month"))),
                        name="plan_deadline_after_base",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("per_window_daily__gt", 0)), name="plan_per_window_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("qr_letters_from", ""),
                            ("qr_letters_until", ""),
                            ("qr_letters_until__gte", models.F("qr_letters_from")),
                            _connector="OR",
                        ),
                        name="plan_qr_letters_in_order",
                        violation_error_message="QRコード付き交付申請書の送付完了月が開始月より前です",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PlanVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="版")),
                ("content", models.JSONField(verbose_name="提出内容")),
                ("submitted_at", models.DateTimeField(verbose_name="提出日時")),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="plans.smoothingplan",
                    ),
                ),
            ],
            options={
                "verbose_name": "交付円滑化計画（提出版）",
                "verbose_name_plural": "交付円滑化計画（提出版）",
                "ordering": ["plan", "-number"],
                "constraints": [
                    models.UniqueConstraint(fields=("plan", "number"), name="plan_version_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="PlanTransition",
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
                ("at", models.DateTimeField(verbose_name="日時")),
                ("version", models.PositiveIntegerField(verbose_name="版")),
                (
                    "from_state",
                    models.CharField(
                        choices=[
                            ("draft", "作成中"),
                            ("submitted", "提出済み（都道府県の確認待ち）"),
                            ("returned", "差戻し（修正依頼）"),
                            ("accepted", "確認済み"),
                        ],
                        max_length=20,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="変更前",
                    ),
                ),
                (
                    "to_state",
                    models.CharField(
                        choices=[
                            ("draft", "作成中"),
                            ("submitted", "提出済み（都道府県の確認待ち）"),
                            ("returned", "差戻し（修正依頼）"),
                            ("accepted", "確認済み"),
                        ],
                        max_length=20,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="変更後",
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
                    "comment",
                    models.TextField(
                        blank=True,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="助言・コメント",
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
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="transitions",
                        to="plans.smoothingplan",
                    ),
                ),
            ],
            options={
                "verbose_name": "交付円滑化計画（履歴）",
                "verbose_name_plural": "交付円滑化計画（履歴）",
                "ordering": ["plan", "at", "id"],
            },
        ),
        migrations.CreateModel(
            name="PlanMonth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "month",
                    models.CharField(
                        max_length=7,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{4}-(0[1-9]|1[0-2])$",
                                "月は YYYY-MM の形式で入力してください（例: 2022-05）",
                            ),
                            kofu.core.validators.no_my_number,
                        ],
                        verbose_name="月",
                    ),
                ),
                ("target", models.PositiveIntegerField(verbose_name="交付枚数（計画）")),
                (
                    "weekend_days",
                    models.PositiveSmallIntegerField(
                        default=0,
                        validators=[django.core.validators.MaxValueValidator(10)],
                        verbose_name="土日開庁日数",
                    ),
                ),
                (
                    "windows",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="窓口数（計画）"),
                ),
                ("staff", models.PositiveIntegerField(blank=True, null=True, verbose_name="職員数（計画）")),
                (
                    "terminals",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="統合端末数（計画）"),
                ),
                (
                    "temporary_windows",
                    models.PositiveIntegerField(default=0, verbose_name="臨時窓口数（庁舎外）"),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="months",
                        to="plans.smoothingplan",
                    ),
                ),
            ],
            options={
                "verbose_name": "交付円滑化計画（月）",
                "verbose_name_plural": "交付円滑化計画（月）",
                "ordering": ["plan", "month"],
                "constraints": [models.UniqueConstraint(fields=("plan", "month"), name="plan_month_unique")],
            },
        ),
        migrations.CreateModel(
            name="Hearing",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "month",
                    models.CharField(
                        max_length=7,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{4}-(0[1-9]|1[0-2])$",
                                "月は YYYY-MM の形式で入力してください（例: 2022-05）",
                            ),
                            kofu.core.validators.no_my_number,
                        ],
                        verbose_name="対象月",
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("prefecture", "都道府県による事情聴取"),
                            ("ministry", "総務省による個別ヒアリング"),
                        ],
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="種別",
                    ),
                ),
                (
                    "reasons",
                    models.TextField(
                        blank=True, validators=[kofu.core.validators.no_my_number], verbose_name="選定理由"
                    ),
                ),
                (
                    "backlog_reasons",
                    models.TextField(
                        validators=[kofu.core.validators.no_my_number], verbose_name="滞留が生じている理由"
                    ),
                ),
                (
                    "action_plan",
                    models.TextField(
                        validators=[kofu.core.validators.no_my_number], verbose_name="今後の対応方針"
                    ),
                ),
                (
                    "advice",
                    models.TextField(
                        blank=True, validators=[kofu.core.validators.no_my_number], verbose_name="助言"
                    ),
                ),
                ("recorded_at", models.DateTimeField(verbose_name="記録日時")),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="hearings",
                        to="registry.municipality",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "事情聴取",
                "verbose_name_plural": "事情聴取",
                "ordering": ["month", "municipality__code"],
                "constraints": [
                    models.UniqueConstraint(fields=("municipality", "month", "level"), name="hearing_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="MonthlyReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "month",
                    models.CharField(
                        max_length=7,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{4}-(0[1-9]|1[0-2])$",
                                "月は YYYY-MM の形式で入力してください（例: 2022-05）",
                            ),
                            kofu.core.validators.no_my_number,
                        ],
                        verbose_name="対象月",
                    ),
                ),
                ("cards_issued", models.PositiveIntegerField(verbose_name="交付枚数（当月）")),
                ("cumulative_issued", models.PositiveIntegerField(verbose_name="累計交付枚数（月末）")),
                ("cumulative_applications", models.PositiveIntegerField(verbose_name="累計申請件数（月末）")),
                (
                    "apps_at_counter",
                    models.PositiveIntegerField(default=0, verbose_name="申請受付（申請時来庁方式）"),
                ),
                (
                    "apps_outreach",
                    models.PositiveIntegerField(default=0, verbose_name="申請受付（出張申請受付方式）"),
                ),
                (
                    "apps_support",
                    models.PositiveIntegerField(default=0, verbose_name="申請受付（申請サポート方式）"),
                ),
                (
                    "apps_online",
                    models.PositiveIntegerField(default=0, verbose_name="申請受付（オンライン）"),
                ),
                ("apps_mail", models.PositiveIntegerField(default=0, verbose_name="申請受付（郵便）")),
                ("apps_other", models.PositiveIntegerField(default=0, verbose_name="申請受付（その他）")),
                ("windows_open", models.PositiveIntegerField(verbose_name="交付窓口数")),
                (
                    "weekend_days_opened",
                    models.PositiveSmallIntegerField(
                        default=0,
                        validators=[django.core.validators.MaxValueValidator(10)],
                        verbose_name="土日開庁日数",
                    ),
                ),
                (
                    "cards_waiting",
                    models.PositiveIntegerField(default=0, verbose_name="未交付のカード枚数（月末）"),
                ),
                (
                    "days_arrival_to_notice",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        verbose_name="J-LISからカードが届いてから交付通知書を発送するまでの日数",
                    ),
                ),
                (
                    "notes",
                    models.TextField(
                        blank=True, validators=[kofu.core.validators.no_my_number], verbose_name="備考"
                    ),
                ),
                ("filed_at", models.DateTimeField(verbose_name="提出日時")),
                (
                    "filed_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="monthly_reports",
                        to="registry.municipality",
                    ),
                ),
            ],
            options={
                "verbose_name": "実績報告",
                "verbose_name_plural": "実績報告",
                "ordering": ["municipality__code", "month"],
                "constraints": [
                    models.UniqueConstraint(fields=("municipality", "month"), name="report_unique_per_month"),
                    models.CheckConstraint(
                        condition=models.Q(("cards_issued__lte", models.F("cumulative_issued"))),
                        name="report_month_le_cumulative",
                        violation_error_message="交付枚数（当月）が累計交付枚数（月末）を超えています",
                    ),
                ],
            },
        ),
    ]
