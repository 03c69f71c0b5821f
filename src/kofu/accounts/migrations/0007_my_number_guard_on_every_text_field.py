"""Every text field carries the My Number guard (issue 13): validators only, no SQL on either database."""

from django.db import migrations, models

import kofu.core.validators


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_staff_display_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                max_length=64, validators=[kofu.core.validators.no_my_number], verbose_name="操作"
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actor_label",
            field=models.CharField(
                help_text="利用者名またはコマンド名",
                max_length=150,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="実行者",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="object_id",
            field=models.CharField(
                blank=True,
                max_length=64,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="対象のID",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="object_type",
            field=models.CharField(
                max_length=64, validators=[kofu.core.validators.no_my_number], verbose_name="対象の種類"
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="organisation",
            field=models.CharField(
                blank=True, max_length=64, validators=[kofu.core.validators.no_my_number], verbose_name="組織"
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="purpose",
            field=models.CharField(
                blank=True, max_length=64, validators=[kofu.core.validators.no_my_number], verbose_name="目的"
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[("ministry", "総務省"), ("prefecture", "都道府県"), ("municipality", "市区町村")],
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="種別",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="name",
            field=models.CharField(
                max_length=64, validators=[kofu.core.validators.no_my_number], verbose_name="名称"
            ),
        ),
    ]
