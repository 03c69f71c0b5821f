"""Surveys as of 0004, in one migration for new databases (ADR 0033, "Migrations squashed").

Written from the models (the operations ``makemigrations`` gives for an empty database), so a new
database renders a few model states instead of replaying every change; ``replaces`` keeps the
originals for databases that already applied some of them. Left out, a no-op on the new, empty tables of a
new database: 0003's theme for the practices loaded before themes existed.
"""

import django.db.models.deletion
from django.db import migrations, models

import kofu.core.validators


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("surveys", "0001_measure_staff_outreach"),
        ("surveys", "0002_my_number_guard_on_every_text_field"),
        ("surveys", "0003_quotes_staff_reasons_practice_owners_outreach_event"),
        ("surveys", "0004_outreach_booking_ahead"),
    ]

    dependencies = [
        ("registry", "0003_registry_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="Survey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="半角英数字とハイフン（CLI で指定）",
                        max_length=64,
                        unique=True,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="識別名",
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        max_length=200, validators=[kofu.core.validators.no_my_number], verbose_name="調査名"
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True, validators=[kofu.core.validators.no_my_number], verbose_name="説明"
                    ),
                ),
                (
                    "reference_date",
                    models.DateField(
                        blank=True,
                        help_text="回答団体を選ぶ交付状況の基準日（統計の時点）",
                        null=True,
                        verbose_name="基準日",
                    ),
                ),
                (
                    "snapshot_as_of",
                    models.DateField(
                        blank=True,
                        help_text="回答団体の選定に実際に使った統計の時点",
                        null=True,
                        verbose_name="使用した交付状況の時点",
                    ),
                ),
                ("is_open", models.BooleanField(default=True, verbose_name="回答受付中")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="作成日時")),
            ],
            options={
                "verbose_name": "取組調査",
                "verbose_name_plural": "取組調査",
                "ordering": ["-created_at", "slug"],
            },
        ),
        migrations.CreateModel(
            name="BestPractice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "theme",
                    models.CharField(
                        choices=[
                            ("outreach", "人が多く集まる場所での出張申請受付等"),
                            ("enterprise", "企業に対する働きかけ"),
                            ("publicity", "宣伝集客等の実施"),
                            ("capacity", "交付体制整備"),
                            ("prefecture", "都道府県による支援"),
                            ("staff", "職員の取得促進（消防本部）"),
                            ("other", "その他"),
                        ],
                        default="other",
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="分類",
                    ),
                ),
                (
                    "measure",
                    models.CharField(
                        max_length=200, validators=[kofu.core.validators.no_my_number], verbose_name="取組"
                    ),
                ),
                (
                    "venue_type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("vaccine", "ワクチン接種会場"),
                            ("tax_return", "確定申告会場"),
                            ("early_voting", "期日前投票所"),
                            ("mall", "商業施設"),
                            ("public_facility", "公共施設"),
                            ("community_centre", "公民館"),
                            ("station", "駅複合施設"),
                            ("university", "大学・専門学校"),
                            ("licence_centre", "運転免許更新センター"),
                            ("senior_centre", "老人福祉センター"),
                            ("care_home", "障がい者支援施設・介護施設"),
                            ("employer", "企業（一括申請受付）"),
                            ("home_visit", "個人宅訪問（公用車等）"),
                            ("other", "その他"),
                        ],
                        max_length=20,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="会場の種類",
                    ),
                ),
                (
                    "period",
                    models.CharField(
                        blank=True,
                        max_length=100,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="期間",
                    ),
                ),
                (
                    "outcome",
                    models.TextField(
                        blank=True, validators=[kofu.core.validators.no_my_number], verbose_name="成果"
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        blank=True,
                        help_text="例: 資料002 事例集 P11",
                        max_length=100,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="出典",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="登録日時")),
                (
                    "municipality",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="best_practices",
                        to="registry.municipality",
                    ),
                ),
                (
                    "prefecture",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="best_practices",
                        to="registry.prefecture",
                    ),
                ),
            ],
            options={
                "ordering": ["theme", "measure", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("municipality__isnull", False), ("prefecture__isnull", True)),
                            models.Q(("municipality__isnull", True), ("prefecture__isnull", False)),
                            _connector="OR",
                        ),
                        name="surveys_practice_one_owner",
                        violation_error_message="事例の団体は市区町村か都道府県のどちらか一つです",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="OutreachEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        max_length=200, validators=[kofu.core.validators.no_my_number], verbose_name="名称"
                    ),
                ),
                (
                    "venue_type",
                    models.CharField(
                        choices=[
                            ("vaccine", "ワクチン接種会場"),
                            ("tax_return", "確定申告会場"),
                            ("early_voting", "期日前投票所"),
                            ("mall", "商業施設"),
                            ("public_facility", "公共施設"),
                            ("community_centre", "公民館"),
                            ("station", "駅複合施設"),
                            ("university", "大学・専門学校"),
                            ("licence_centre", "運転免許更新センター"),
                            ("senior_centre", "老人福祉センター"),
                            ("care_home", "障がい者支援施設・介護施設"),
                            ("employer", "企業（一括申請受付）"),
                            ("home_visit", "個人宅訪問（公用車等）"),
                            ("other", "その他"),
                        ],
                        max_length=20,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="会場の種類",
                    ),
                ),
                (
                    "venue",
                    models.CharField(
                        max_length=200, validators=[kofu.core.validators.no_my_number], verbose_name="会場名"
                    ),
                ),
                (
                    "address",
                    models.CharField(
                        blank=True,
                        max_length=300,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="所在地",
                    ),
                ),
                ("starts_on", models.DateField(verbose_name="開始日")),
                ("ends_on", models.DateField(verbose_name="終了日")),
                ("opens_at", models.TimeField(blank=True, null=True, verbose_name="受付開始時刻")),
                ("closes_at", models.TimeField(blank=True, null=True, verbose_name="受付終了時刻")),
                ("staff", models.PositiveSmallIntegerField(default=1, verbose_name="従事職員数")),
                ("has_camera", models.BooleanField(default=True, verbose_name="写真撮影あり")),
                ("has_terminal", models.BooleanField(default=True, verbose_name="端末（申請用）あり")),
                (
                    "notes",
                    models.TextField(
                        blank=True,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="住民へのお知らせ",
                    ),
                ),
                ("published", models.BooleanField(default=False, verbose_name="住民に公開")),
                ("booking_open", models.BooleanField(default=False, verbose_name="事前予約を受け付ける")),
                (
                    "booking_day_before",
                    models.BooleanField(
                        default=True,
                        help_text="資料002 事例集 P7（札幌市）: 密を避けるため前日までの事前予約制",
                        verbose_name="予約は前日まで",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="outreach_events",
                        to="registry.municipality",
                    ),
                ),
            ],
            options={
                "ordering": ["starts_on", "opens_at", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                        name="surveys_event_dates_ordered",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("opens_at__isnull", True),
                            ("closes_at__isnull", True),
                            ("closes_at__gt", models.F("opens_at")),
                            _connector="OR",
                        ),
                        name="surveys_event_hours_ordered",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("published", False),
                            models.Q(
                                ("opens_at__isnull", False),
                                ("closes_at__isnull", False),
                                models.Q(("address", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="surveys_event_published_complete",
                        violation_error_message="住民に公開するには所在地と受付時刻を入力してください",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="EventApplications",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("outreach", "出張申請受付"),
                            ("support", "申請サポート"),
                            ("at_counter", "申請時来庁"),
                        ],
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="申請方式",
                    ),
                ),
                ("count", models.PositiveIntegerField(verbose_name="受付件数")),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="applications",
                        to="surveys.outreachevent",
                    ),
                ),
            ],
            options={
                "ordering": ["event", "channel"],
                "constraints": [
                    models.UniqueConstraint(fields=("event", "channel"), name="surveys_event_channel_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="OutreachSlot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts_at", models.DateTimeField(verbose_name="開始日時")),
                ("ends_at", models.DateTimeField(verbose_name="終了日時")),
                ("seats", models.PositiveSmallIntegerField(verbose_name="定員")),
                ("booked", models.PositiveSmallIntegerField(default=0, verbose_name="予約数")),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="slots",
                        to="surveys.outreachevent",
                    ),
                ),
            ],
            options={
                "ordering": ["event", "starts_at"],
                "constraints": [
                    models.UniqueConstraint(fields=("event", "starts_at"), name="surveys_outreach_slot_once"),
                    models.CheckConstraint(
                        condition=models.Q(("booked__lte", models.F("seats"))),
                        name="surveys_outreach_slot_not_over",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("ends_at__gt", models.F("starts_at"))),
                        name="surveys_outreach_slot_ordered",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="OutreachBooking",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "number",
                    models.CharField(
                        max_length=9,
                        unique=True,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="予約番号",
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        max_length=60,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="お呼びするお名前",
                    ),
                ),
                (
                    "phone",
                    models.CharField(
                        blank=True,
                        max_length=20,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="電話番号",
                    ),
                ),
                (
                    "email",
                    models.EmailField(
                        blank=True,
                        max_length=254,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="メールアドレス",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("booked", "予約中"), ("cancelled", "取消し")],
                        default="booked",
                        max_length=10,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="状態",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="予約日時")),
                ("cancelled_at", models.DateTimeField(blank=True, null=True, verbose_name="取消日時")),
                (
                    "slot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="bookings",
                        to="surveys.outreachslot",
                    ),
                ),
            ],
            options={
                "ordering": ["slot", "created_at", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("phone", ""), _negated=True),
                            models.Q(("email", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="surveys_outreach_booking_contact",
                        violation_error_message="電話番号かメールアドレスのどちらかを入力してください",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PracticeSelection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        max_length=200, validators=[kofu.core.validators.no_my_number], verbose_name="名称"
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True, validators=[kofu.core.validators.no_my_number], verbose_name="説明"
                    ),
                ),
                (
                    "shared_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="都道府県への共有日時"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="作成日時")),
                (
                    "practices",
                    models.ManyToManyField(
                        related_name="selections", to="surveys.bestpractice", verbose_name="事例"
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="Question",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="番号")),
                (
                    "key",
                    models.SlugField(
                        help_text="取込ファイルの列名（半角英数字）",
                        max_length=40,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="列名",
                    ),
                ),
                (
                    "text",
                    models.CharField(
                        max_length=300, validators=[kofu.core.validators.no_my_number], verbose_name="設問"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("yes_no", "はい・いいえ"),
                            ("choice", "選択（複数回答可）"),
                            ("count", "件数・人数"),
                            ("coded_text", "自由記述（類型化して集計）"),
                        ],
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="種類",
                    ),
                ),
                (
                    "table",
                    models.CharField(
                        blank=True,
                        help_text="例: 表2",
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="表番号",
                    ),
                ),
                ("by_category", models.BooleanField(default=False, verbose_name="団体区分別に集計する")),
                (
                    "yes_label",
                    models.CharField(
                        default="実施",
                        max_length=40,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="「はい」の表示",
                    ),
                ),
                (
                    "no_label",
                    models.CharField(
                        default="未実施",
                        max_length=40,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="「いいえ」の表示",
                    ),
                ),
                (
                    "condition",
                    models.ForeignKey(
                        blank=True,
                        help_text="この設問が「はい」の団体だけが回答する（例: 特典の内容）",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="dependents",
                        to="surveys.question",
                        verbose_name="前提の設問",
                    ),
                ),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="questions",
                        to="surveys.survey",
                    ),
                ),
            ],
            options={
                "ordering": ["survey", "position"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("survey", "position"), name="surveys_question_position_unique"
                    ),
                    models.UniqueConstraint(fields=("survey", "key"), name="surveys_question_key_unique"),
                ],
            },
        ),
        migrations.CreateModel(
            name="Option",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="番号")),
                (
                    "code",
                    models.SlugField(
                        max_length=40, validators=[kofu.core.validators.no_my_number], verbose_name="コード"
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        max_length=200, validators=[kofu.core.validators.no_my_number], verbose_name="選択肢"
                    ),
                ),
                (
                    "group",
                    models.CharField(
                        blank=True,
                        help_text="同じまとまりの選択肢のいずれかを選んだ団体数も集計する",
                        max_length=100,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="まとまり",
                    ),
                ),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="options",
                        to="surveys.question",
                    ),
                ),
            ],
            options={
                "ordering": ["question", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("question", "code"), name="surveys_option_code_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="Respondent",
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
                    "side",
                    models.CharField(
                        choices=[("top", "交付率上位"), ("bottom", "交付率下位")],
                        max_length=8,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="交付率区分",
                    ),
                ),
                ("rank", models.PositiveSmallIntegerField(default=0, verbose_name="区分内の順位")),
                (
                    "rate",
                    models.DecimalField(
                        blank=True, decimal_places=1, max_digits=5, null=True, verbose_name="交付率（%）"
                    ),
                ),
                ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="回答日時")),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="survey_responses",
                        to="registry.municipality",
                    ),
                ),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="respondents",
                        to="surveys.survey",
                    ),
                ),
            ],
            options={
                "ordering": ["survey", "side", "category", "rank"],
                "constraints": [
                    models.UniqueConstraint(fields=("survey", "municipality"), name="surveys_respondent_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="Quote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "theme_label",
                    models.CharField(
                        blank=True,
                        help_text="空欄なら類型の名称（例: 資料000 表7の「申請・交付手続の簡素化等」）",
                        max_length=100,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="表に載せる類型名",
                    ),
                ),
                (
                    "text",
                    models.TextField(validators=[kofu.core.validators.no_my_number], verbose_name="意見"),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="掲載順")),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="quotes",
                        to="surveys.question",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="quotes",
                        to="surveys.option",
                        verbose_name="類型",
                    ),
                ),
                (
                    "respondent",
                    models.ForeignKey(
                        blank=True,
                        help_text="引用元の回答団体（表には団体名を載せない）",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="quotes",
                        to="surveys.respondent",
                    ),
                ),
            ],
            options={
                "ordering": ["question", "position"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("question", "position"), name="surveys_quote_position_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Answer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("yes", models.BooleanField(blank=True, null=True, verbose_name="はい・いいえ")),
                ("count", models.PositiveIntegerField(blank=True, null=True, verbose_name="件数")),
                (
                    "text",
                    models.TextField(
                        blank=True, validators=[kofu.core.validators.no_my_number], verbose_name="記述"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新日時")),
                (
                    "choices",
                    models.ManyToManyField(
                        blank=True, related_name="answers", to="surveys.option", verbose_name="選択・類型"
                    ),
                ),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="answers",
                        to="surveys.question",
                    ),
                ),
                (
                    "respondent",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="answers",
                        to="surveys.respondent",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("respondent", "question"), name="surveys_answer_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="StaffOrganisation",
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
                            ("local_government", "地方公共団体"),
                            ("fire_hq", "消防本部"),
                            ("other", "その他の機関"),
                        ],
                        max_length=20,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="種別",
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        max_length=100, validators=[kofu.core.validators.no_my_number], verbose_name="名称"
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        blank=True,
                        help_text="市区町村が報告する組織（消防本部は構成市町村の代表）",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="staff_organisations",
                        to="registry.municipality",
                    ),
                ),
                (
                    "prefecture",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="staff_organisations",
                        to="registry.prefecture",
                    ),
                ),
            ],
            options={
                "ordering": ["prefecture__code", "kind", "name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("prefecture", "kind", "name"), name="surveys_staff_org_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="StaffDepartment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        max_length=100, validators=[kofu.core.validators.no_my_number], verbose_name="部署名"
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="departments",
                        to="surveys.stafforganisation",
                    ),
                ),
            ],
            options={
                "ordering": ["organisation", "name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "name"), name="surveys_staff_department_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="StaffReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("as_of", models.DateField(verbose_name="時点")),
                ("staff", models.PositiveIntegerField(verbose_name="職員数")),
                ("dependants", models.PositiveIntegerField(default=0, verbose_name="被扶養者数")),
                ("staff_applications", models.PositiveIntegerField(verbose_name="職員の申請者数")),
                (
                    "dependant_applications",
                    models.PositiveIntegerField(default=0, verbose_name="被扶養者の申請者数"),
                ),
                ("staff_cards", models.PositiveIntegerField(default=0, verbose_name="職員の取得者数")),
                (
                    "dependant_cards",
                    models.PositiveIntegerField(default=0, verbose_name="被扶養者の取得者数"),
                ),
                (
                    "reasons",
                    models.TextField(
                        blank=True,
                        help_text="未申請の職員が挙げた理由（資料002 神戸市消防局: 各所属から報告）",
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="申請しない理由",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reports",
                        to="surveys.staffdepartment",
                    ),
                ),
            ],
            options={
                "ordering": ["department", "as_of"],
                "constraints": [
                    models.UniqueConstraint(fields=("department", "as_of"), name="surveys_staff_report_once"),
                    models.CheckConstraint(
                        condition=models.Q(("staff_applications__lte", models.F("staff"))),
                        name="surveys_staff_applications_le_staff",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("dependant_applications__lte", models.F("dependants"))),
                        name="surveys_dependant_applications_le_dependants",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("staff_cards__lte", models.F("staff_applications"))),
                        name="surveys_staff_cards_le_applications",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("dependant_cards__lte", models.F("dependant_applications"))),
                        name="surveys_dependant_cards_le_applications",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Quota",
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
                ("per_side", models.PositiveSmallIntegerField(verbose_name="上位・下位の各団体数")),
                ("min_population", models.PositiveIntegerField(default=0, verbose_name="対象とする最少人口")),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="quotas",
                        to="surveys.survey",
                    ),
                ),
            ],
            options={
                "ordering": ["id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("survey", "category"), name="surveys_quota_one_per_category"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("per_side__gte", 1)), name="surveys_quota_per_side_positive"
                    ),
                ],
            },
        ),
    ]
