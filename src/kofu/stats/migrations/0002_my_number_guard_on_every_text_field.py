"""Every text field carries the My Number guard (issue 13): validators only, no SQL on either database."""

from django.db import migrations, models

import kofu.core.validators


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="grouptotal",
            name="label",
            field=models.CharField(
                max_length=32, validators=[kofu.core.validators.no_my_number], verbose_name="区分"
            ),
        ),
        migrations.AlterField(
            model_name="issuancesnapshot",
            name="source",
            field=models.CharField(
                blank=True,
                max_length=255,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="出典ファイル",
            ),
        ),
    ]
