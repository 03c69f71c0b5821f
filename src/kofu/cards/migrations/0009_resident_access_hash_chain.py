"""The resident access log gets the audit log's hash chain, head and append-only triggers.

Existing rows are chained in id order (their hash covers them as they are now: nothing earlier can
be proved about them); from here on :func:`kofu.cards.access_log.record` chains each row as it is
written. Triggers (:mod:`kofu.core.append_only`) refuse UPDATE and DELETE on both databases.
"""

import importlib

from django.db import migrations, models

from kofu.accounts.chains import GENESIS, digest
from kofu.cards.access_log import chain_content
from kofu.core import append_only

TABLE = "cards_residentaccess"
BATCH = 2000


def chain_existing_rows(apps, schema_editor):
    append_only.uninstall(schema_editor.connection, [TABLE])  # the old UPDATE trigger refuses this
    access = apps.get_model("cards", "ResidentAccess")
    seq, prev = 0, GENESIS
    pending = []
    for row in access.objects.order_by("id").iterator(chunk_size=BATCH):
        seq += 1
        row.seq, row.prev_hash = seq, prev
        row.hash = prev = digest(prev, chain_content(row))
        pending.append(row)
        if len(pending) == BATCH:
            access.objects.bulk_update(pending, ["seq", "prev_hash", "hash"])
            pending = []
    access.objects.bulk_update(pending, ["seq", "prev_hash", "hash"])
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending trigger events before ALTER
    if seq:
        apps.get_model("accounts", "LogHead").objects.update_or_create(
            chain="access", defaults={"seq": seq, "hash": prev}
        )


def install_triggers(apps, schema_editor):
    append_only.install(schema_editor.connection, [TABLE])


def remove_triggers(apps, schema_editor):
    append_only.uninstall(schema_editor.connection, [TABLE])


def old_triggers_back(apps, schema_editor):
    """Way back: the triggers of cards 0007 (a SQLite table rebuild dropped them)."""
    module = importlib.import_module("kofu.cards.migrations.0007_resident_access_role_source_ip_append_only")
    module.forwards(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0008_my_number_guard_on_every_text_field"),
        ("accounts", "0008_audit_log_sequence_head_and_delete_triggers"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, old_triggers_back),
        migrations.AddField(
            model_name="residentaccess",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, null=True, verbose_name="通し番号"),
        ),
        migrations.AddField(
            model_name="residentaccess",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="residentaccess",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_rows, remove_triggers),
        migrations.AlterField(
            model_name="residentaccess",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, unique=True, verbose_name="通し番号"),
        ),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
