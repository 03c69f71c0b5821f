"""Booking numbers (予約番号, unique) and family bookings (issue 15 item 3, issue 16 item 1).

Existing bookings get a number here, so the column is NOT NULL with a unique constraint on both
databases; sites get the party limit and the minutes each further card adds to a visit.
"""

import secrets

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F, Q

import kofu.bookings.models
import kofu.core.validators
from kofu.rules.booking_numbers import new_number


def number_existing_bookings(apps, schema_editor):
    Booking = apps.get_model("bookings", "Booking")
    given: set[str] = set()
    for booking in Booking.objects.filter(number__isnull=True).only("pk").iterator():
        number = new_number(secrets.choice)
        while number in given:
            number = new_number(secrets.choice)
        given.add(number)
        Booking.objects.filter(pk=booking.pk).update(number=number)


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0004_reminders_outcomes_release_hold_waitlist"),
    ]

    operations = [
        migrations.AddField(
            model_name="site",
            name="max_party",
            field=models.PositiveSmallIntegerField(
                default=4,
                help_text="ご家族のカードをまとめて予約できる上限。1 にするとまとめての予約はできません。",
                verbose_name="一度に予約できる人数（同じ世帯のカード）",
            ),
        ),
        migrations.AddField(
            model_name="site",
            name="extra_person_minutes",
            field=models.PositiveSmallIntegerField(
                default=10,
                help_text="例: 1人15分・2人目から10分なら、2人で25分。",
                verbose_name="2人目から1人ごとに加える交付時間（分）",
            ),
        ),
        migrations.AddConstraint(
            model_name="site",
            constraint=models.CheckConstraint(
                condition=Q(max_party__gte=1) & Q(max_party__lte=10), name="bookings_site_max_party"
            ),
        ),
        migrations.AddField(
            model_name="booking",
            name="number",
            field=models.CharField(max_length=9, null=True, verbose_name="予約番号"),
        ),
        migrations.RunPython(number_existing_bookings, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="booking",
            name="number",
            field=models.CharField(
                default=kofu.bookings.models.booking_number,
                max_length=9,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="予約番号",
            ),
        ),
        migrations.AddConstraint(
            model_name="booking",
            constraint=models.UniqueConstraint(fields=["number"], name="bookings_booking_unique_number"),
        ),
        migrations.AddField(
            model_name="booking",
            name="lead",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="party",
                to="bookings.booking",
                verbose_name="代表の予約",
            ),
        ),
        migrations.AddConstraint(
            model_name="booking",
            constraint=models.CheckConstraint(
                condition=~Q(lead=F("id")), name="bookings_booking_lead_not_self"
            ),
        ),
    ]
