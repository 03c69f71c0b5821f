"""Every text field carries the My Number guard (issue 13): validators only, no SQL on either database."""

import django.core.validators
from django.db import migrations, models

import kofu.core.validators


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_plan_staff_terminal_ratios"),
    ]

    operations = [
        migrations.AlterField(
            model_name="hearing",
            name="level",
            field=models.CharField(
                choices=[
                    ("prefecture", "都道府県による事情聴取"),
                    ("ministry", "総務省による個別ヒアリング"),
                ],
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="種別",
            ),
        ),
        migrations.AlterField(
            model_name="hearing",
            name="month",
            field=models.CharField(
                max_length=7,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{4}-(0[1-9]|1[0-2])$", "月は YYYY-MM の形式で入力してください（例: 2022-05）"
                    ),
                    kofu.core.validators.no_my_number,
                ],
                verbose_name="対象月",
            ),
        ),
        migrations.AlterField(
            model_name="hearing",
            name="reasons",
            field=models.TextField(
                blank=True, validators=[kofu.core.validators.no_my_number], verbose_name="選定理由"
            ),
        ),
        migrations.AlterField(
            model_name="monthlyreport",
            name="month",
            field=models.CharField(
                max_length=7,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{4}-(0[1-9]|1[0-2])$", "月は YYYY-MM の形式で入力してください（例: 2022-05）"
                    ),
                    kofu.core.validators.no_my_number,
                ],
                verbose_name="対象月",
            ),
        ),
        migrations.AlterField(
            model_name="planmonth",
            name="month",
            field=models.CharField(
                max_length=7,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{4}-(0[1-9]|1[0-2])$", "月は YYYY-MM の形式で入力してください（例: 2022-05）"
                    ),
                    kofu.core.validators.no_my_number,
                ],
                verbose_name="月",
            ),
        ),
        migrations.AlterField(
            model_name="plantransition",
            name="action",
            field=models.CharField(
                max_length=16, validators=[kofu.core.validators.no_my_number], verbose_name="操作"
            ),
        ),
        migrations.AlterField(
            model_name="plantransition",
            name="from_status",
            field=models.CharField(
                choices=[
                    ("draft", "作成中"),
                    ("submitted", "提出済み（都道府県の確認待ち）"),
                    ("returned", "差戻し（修正依頼）"),
                    ("accepted", "確認済み"),
                ],
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="変更前",
            ),
        ),
        migrations.AlterField(
            model_name="plantransition",
            name="organisation",
            field=models.CharField(
                blank=True, max_length=64, validators=[kofu.core.validators.no_my_number], verbose_name="組織"
            ),
        ),
        migrations.AlterField(
            model_name="plantransition",
            name="to_status",
            field=models.CharField(
                choices=[
                    ("draft", "作成中"),
                    ("submitted", "提出済み（都道府県の確認待ち）"),
                    ("returned", "差戻し（修正依頼）"),
                    ("accepted", "確認済み"),
                ],
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="変更後",
            ),
        ),
        migrations.AlterField(
            model_name="smoothingplan",
            name="base_month",
            field=models.CharField(
                max_length=7,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{4}-(0[1-9]|1[0-2])$", "月は YYYY-MM の形式で入力してください（例: 2022-05）"
                    ),
                    kofu.core.validators.no_my_number,
                ],
                verbose_name="基準月",
            ),
        ),
        migrations.AlterField(
            model_name="smoothingplan",
            name="deadline",
            field=models.CharField(
                default="2023-03",
                max_length=7,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{4}-(0[1-9]|1[0-2])$", "月は YYYY-MM の形式で入力してください（例: 2022-05）"
                    ),
                    kofu.core.validators.no_my_number,
                ],
                verbose_name="期限月",
            ),
        ),
        migrations.AlterField(
            model_name="smoothingplan",
            name="status",
            field=models.CharField(
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
    ]
