"""Survey quotes (表7) and the snapshot used, staff reasons for not applying, practices owned by a
municipality or a prefecture with themes and the ministry's selections, and the outreach event as the
one model (address and hours optional until published; cards move onto it in cards 0010)."""

import django.db.models.deletion
from django.db import migrations, models

import kofu.core.validators


def _practices_with_a_venue_are_outreach(apps, schema_editor):
    """The cases loaded before themes existed were seed 002's outreach cases (they name a venue)."""
    apps.get_model("surveys", "BestPractice").objects.exclude(venue_type="").update(theme="outreach")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_my_number_guard_on_every_text_field"),
        ("surveys", "0002_my_number_guard_on_every_text_field"),
    ]

    operations = [
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
            ],
            options={
                "ordering": ["-created_at", "id"],
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
            ],
            options={
                "ordering": ["question", "position"],
            },
        ),
        migrations.AlterModelOptions(
            name="bestpractice",
            options={"ordering": ["theme", "measure", "id"]},
        ),
        migrations.RemoveConstraint(
            model_name="outreachevent",
            name="surveys_event_hours_ordered",
        ),
        migrations.AddField(
            model_name="bestpractice",
            name="prefecture",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="best_practices",
                to="registry.prefecture",
            ),
        ),
        migrations.AddField(
            model_name="bestpractice",
            name="source",
            field=models.CharField(
                blank=True,
                help_text="例: 資料002 事例集 P11",
                max_length=100,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="出典",
            ),
        ),
        migrations.AddField(
            model_name="bestpractice",
            name="theme",
            field=models.CharField(
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
        migrations.RunPython(_practices_with_a_venue_are_outreach, migrations.RunPython.noop),
        migrations.AddField(
            model_name="staffreport",
            name="reasons",
            field=models.TextField(
                blank=True,
                help_text="未申請の職員が挙げた理由（資料002 神戸市消防局: 各所属から報告）",
                validators=[kofu.core.validators.no_my_number],
                verbose_name="申請しない理由",
            ),
        ),
        migrations.AddField(
            model_name="survey",
            name="snapshot_as_of",
            field=models.DateField(
                blank=True,
                help_text="回答団体の選定に実際に使った統計の時点",
                null=True,
                verbose_name="使用した交付状況の時点",
            ),
        ),
        migrations.AlterField(
            model_name="bestpractice",
            name="municipality",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="best_practices",
                to="registry.municipality",
            ),
        ),
        migrations.AlterField(
            model_name="outreachevent",
            name="address",
            field=models.CharField(
                blank=True,
                max_length=300,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="所在地",
            ),
        ),
        migrations.AlterField(
            model_name="outreachevent",
            name="closes_at",
            field=models.TimeField(blank=True, null=True, verbose_name="受付終了時刻"),
        ),
        migrations.AlterField(
            model_name="outreachevent",
            name="opens_at",
            field=models.TimeField(blank=True, null=True, verbose_name="受付開始時刻"),
        ),
        migrations.AddConstraint(
            model_name="bestpractice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("municipality__isnull", False), ("prefecture__isnull", True)),
                    models.Q(("municipality__isnull", True), ("prefecture__isnull", False)),
                    _connector="OR",
                ),
                name="surveys_practice_one_owner",
                violation_error_message="事例の団体は市区町村か都道府県のどちらか一つです",
            ),
        ),
        migrations.AddConstraint(
            model_name="outreachevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("opens_at__isnull", True),
                    ("closes_at__isnull", True),
                    ("closes_at__gt", models.F("opens_at")),
                    _connector="OR",
                ),
                name="surveys_event_hours_ordered",
            ),
        ),
        migrations.AddConstraint(
            model_name="outreachevent",
            constraint=models.CheckConstraint(
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
        ),
        migrations.AddField(
            model_name="practiceselection",
            name="practices",
            field=models.ManyToManyField(
                related_name="selections", to="surveys.bestpractice", verbose_name="事例"
            ),
        ),
        migrations.AddField(
            model_name="quote",
            name="question",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="quotes", to="surveys.question"
            ),
        ),
        migrations.AddField(
            model_name="quote",
            name="respondent",
            field=models.ForeignKey(
                blank=True,
                help_text="引用元の回答団体（表には団体名を載せない）",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="quotes",
                to="surveys.respondent",
            ),
        ),
        migrations.AddField(
            model_name="quote",
            name="theme",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="quotes",
                to="surveys.option",
                verbose_name="類型",
            ),
        ),
        migrations.AddConstraint(
            model_name="quote",
            constraint=models.UniqueConstraint(
                fields=("question", "position"), name="surveys_quote_position_unique"
            ),
        ),
    ]
