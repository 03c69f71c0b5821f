"""Every text field carries the My Number guard (issue 13): validators only, no SQL on either database."""

from django.db import migrations, models

import kofu.core.validators


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="municipality",
            name="code",
            field=models.CharField(
                max_length=6,
                unique=True,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="団体コード",
            ),
        ),
        migrations.AlterField(
            model_name="municipality",
            name="district",
            field=models.CharField(
                blank=True, max_length=16, validators=[kofu.core.validators.no_my_number], verbose_name="郡名"
            ),
        ),
        migrations.AlterField(
            model_name="municipality",
            name="kana",
            field=models.CharField(
                blank=True, max_length=64, validators=[kofu.core.validators.no_my_number], verbose_name="よみ"
            ),
        ),
        migrations.AlterField(
            model_name="municipality",
            name="kind",
            field=models.CharField(
                choices=[("municipality", "市区町村"), ("ward", "指定都市の区（行政区）")],
                default="municipality",
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="種別",
            ),
        ),
        migrations.AlterField(
            model_name="municipality",
            name="name",
            field=models.CharField(
                max_length=32, validators=[kofu.core.validators.no_my_number], verbose_name="市区町村名"
            ),
        ),
        migrations.AlterField(
            model_name="municipalitycategory",
            name="category",
            field=models.CharField(
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
        migrations.AlterField(
            model_name="populationsnapshot",
            name="source",
            field=models.CharField(
                blank=True,
                max_length=255,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="出典ファイル",
            ),
        ),
        migrations.AlterField(
            model_name="prefecture",
            name="code",
            field=models.CharField(
                max_length=2,
                unique=True,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="都道府県コード",
            ),
        ),
        migrations.AlterField(
            model_name="prefecture",
            name="kana",
            field=models.CharField(
                blank=True, max_length=32, validators=[kofu.core.validators.no_my_number], verbose_name="よみ"
            ),
        ),
        migrations.AlterField(
            model_name="prefecture",
            name="lgcode",
            field=models.CharField(
                max_length=6,
                unique=True,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="団体コード",
            ),
        ),
        migrations.AlterField(
            model_name="prefecture",
            name="name",
            field=models.CharField(
                max_length=8,
                unique=True,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="都道府県名",
            ),
        ),
    ]
