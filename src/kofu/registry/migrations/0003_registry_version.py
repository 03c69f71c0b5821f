"""The registry's version token (kofu.registry.changes): one row, renewed by every registry write."""

import uuid

from django.db import migrations, models


def first_token(apps, schema_editor):
    apps.get_model("registry", "RegistryVersion").objects.create(pk=1, token=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_my_number_guard_on_every_text_field"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegistryVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.UUIDField(verbose_name="版")),
            ],
            options={
                "verbose_name": "団体台帳の版",
                "verbose_name_plural": "団体台帳の版",
            },
        ),
        migrations.RunPython(first_token, migrations.RunPython.noop),
    ]
