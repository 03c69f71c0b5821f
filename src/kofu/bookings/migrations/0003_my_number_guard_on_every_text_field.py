"""Every text field carries the My Number guard (issue 13): validators only, no SQL on either database."""

from django.db import migrations, models

import kofu.core.validators


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0002_slot_phone_quota_and_walk_in_remainder"),
    ]

    operations = [
        migrations.AlterField(
            model_name="booking",
            name="channel",
            field=models.CharField(
                choices=[("web", "Web"), ("phone", "電話"), ("walk_in", "窓口（当日）")],
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="予約方法",
            ),
        ),
        migrations.AlterField(
            model_name="booking",
            name="email",
            field=models.EmailField(
                blank=True,
                max_length=254,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="連絡先メールアドレス",
            ),
        ),
        migrations.AlterField(
            model_name="booking",
            name="status",
            field=models.CharField(
                choices=[
                    ("held", "仮押さえ"),
                    ("booked", "予約済み"),
                    ("checked_in", "受付済み"),
                    ("no_show", "来庁なし"),
                    ("cancelled", "取消"),
                ],
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="状態",
            ),
        ),
        migrations.AlterField(
            model_name="openingrule",
            name="weekdays",
            field=models.CharField(
                max_length=20,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="曜日（0=月〜6=日、カンマ区切り）",
            ),
        ),
        migrations.AlterField(
            model_name="openingrule",
            name="weeks",
            field=models.CharField(
                blank=True,
                max_length=20,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="第何週（空欄は毎週）",
            ),
        ),
        migrations.AlterField(
            model_name="site",
            name="kind",
            field=models.CharField(
                choices=[("town_hall", "本庁舎"), ("branch", "支所・出張所"), ("special", "特設センター")],
                default="town_hall",
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="種別",
            ),
        ),
    ]
