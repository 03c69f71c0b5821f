"""The audit log gets a sequence number, a head kept by a trigger, and DELETE refused on SQLite too.

- ``seq`` numbers the existing events 1, 2, 3 … in id order (the chain's own order);
- ``kofu_log_head`` (``LogHead``) holds each log's last sequence number and hash, written by an
  AFTER INSERT trigger;
- the triggers of :mod:`kofu.core.append_only` refuse UPDATE and DELETE on both databases (the
  SQLite backend lifts the DELETE trigger for Django's flush only).
"""

import importlib

from django.db import migrations, models

from kofu.core import append_only

TABLE = "accounts_auditevent"


def number_events(apps, schema_editor):
    connection = schema_editor.connection
    append_only.uninstall(connection, [TABLE])  # the old UPDATE trigger would refuse the numbering
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET seq = numbered.n FROM "
            f"(SELECT id, row_number() OVER (ORDER BY id) AS n FROM {TABLE}) AS numbered "
            f"WHERE {TABLE}.id = numbered.id"
        )
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending trigger events before ALTER


def install_triggers_and_head(apps, schema_editor):
    append_only.install(schema_editor.connection, [TABLE])
    event = apps.get_model("accounts", "AuditEvent")
    last = event.objects.order_by("-id").values_list("seq", "hash").first()
    if last is not None:
        apps.get_model("accounts", "LogHead").objects.update_or_create(
            chain="audit", defaults={"seq": last[0], "hash": last[1]}
        )


def remove_triggers(apps, schema_editor):
    append_only.uninstall(schema_editor.connection, [TABLE])


def old_triggers_back(apps, schema_editor):
    """Way back: the triggers of accounts 0002 (a SQLite table rebuild dropped them)."""
    importlib.import_module("kofu.accounts.migrations.0002_audit_log_append_only").forwards(
        apps, schema_editor
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_my_number_guard_on_every_text_field")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, old_triggers_back),
        migrations.CreateModel(
            name="LogHead",
            fields=[
                (
                    "chain",
                    models.CharField(
                        editable=False, max_length=16, primary_key=True, serialize=False, verbose_name="記録"
                    ),
                ),
                ("seq", models.PositiveBigIntegerField(editable=False, verbose_name="最後の通し番号")),
                ("hash", models.CharField(editable=False, max_length=64, verbose_name="最後のハッシュ")),
            ],
            options={
                "verbose_name": "記録の最後の行",
                "verbose_name_plural": "記録の最後の行",
                "db_table": "kofu_log_head",
                "default_permissions": ("view",),
            },
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(null=True, verbose_name="通し番号"),
        ),
        migrations.RunPython(number_events, remove_triggers),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True, verbose_name="通し番号"),
        ),
        migrations.RunPython(install_triggers_and_head, remove_triggers),
    ]
