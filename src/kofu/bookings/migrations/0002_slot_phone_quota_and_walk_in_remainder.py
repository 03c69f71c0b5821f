"""A separate phone quota per slot: web, phone and walk-in (the remainder) seats.

Existing slots get ``phone_booked`` from their active phone bookings and a phone quota of the
site's phone share (as new slots get it), shrunk where the bookings already made need the seats:
before this change phone and walk-in bookings shared every non-web seat, so the web quota is
lowered where phone and walk-in bookings already took seats it counted.
"""

import django.db.models.expressions
from django.db import migrations, models

ACTIVE = ("held", "booked", "checked_in")


def split_existing_seats(apps, schema_editor):
    Slot = apps.get_model("bookings", "Slot")
    Booking = apps.get_model("bookings", "Booking")
    phone = dict(
        Booking.objects.filter(channel="phone", status__in=ACTIVE)
        .values("slot")
        .annotate(n=models.Count("id"))
        .values_list("slot", "n")
    )
    changed = []
    for slot in Slot.objects.select_related("site").iterator(chunk_size=2000):
        phone_booked = phone.get(slot.pk, 0)
        walk_in = max(0, slot.booked - slot.web_booked - phone_booked)
        web = min(slot.web_capacity, slot.capacity - phone_booked - walk_in)
        wanted = slot.capacity * slot.site.phone_percent // 100
        phone_capacity = max(phone_booked, min(wanted, slot.capacity - web - walk_in))
        if (web, phone_capacity, phone_booked) != (slot.web_capacity, 0, 0):
            slot.web_capacity, slot.phone_capacity, slot.phone_booked = web, phone_capacity, phone_booked
            changed.append(slot)
    Slot.objects.bulk_update(changed, ["web_capacity", "phone_capacity", "phone_booked"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0001_sites_windows_rules_closures_slots_bookings"),
    ]

    operations = [
        migrations.AddField(
            model_name="slot",
            name="phone_booked",
            field=models.PositiveIntegerField(default=0, verbose_name="電話予約数"),
        ),
        migrations.AddField(
            model_name="slot",
            name="phone_capacity",
            field=models.PositiveIntegerField(default=0, verbose_name="電話予約枠"),
        ),
        migrations.RunPython(split_existing_seats, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="slot",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("phone_booked__gte", 0),
                    ("phone_booked__lte", models.F("phone_capacity")),
                    ("phone_capacity__lte", models.F("capacity")),
                    ("phone_booked__lte", models.F("booked")),
                ),
                name="bookings_slot_phone_quota",
            ),
        ),
        migrations.AddConstraint(
            model_name="slot",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "capacity__gte",
                        django.db.models.expressions.CombinedExpression(
                            models.F("web_capacity"), "+", models.F("phone_capacity")
                        ),
                    )
                ),
                name="bookings_slot_quota_sum",
            ),
        ),
        migrations.AddConstraint(
            model_name="slot",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "booked__gte",
                        django.db.models.expressions.CombinedExpression(
                            models.F("web_booked"), "+", models.F("phone_booked")
                        ),
                    ),
                    (
                        "capacity__gte",
                        django.db.models.expressions.CombinedExpression(
                            django.db.models.expressions.CombinedExpression(
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        models.F("booked"), "+", models.F("web_capacity")
                                    ),
                                    "+",
                                    models.F("phone_capacity"),
                                ),
                                "-",
                                models.F("web_booked"),
                            ),
                            "-",
                            models.F("phone_booked"),
                        ),
                    ),
                ),
                name="bookings_slot_walk_in_quota",
            ),
        ),
    ]
