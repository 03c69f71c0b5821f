"""The access log records the reader's role and source IP (SECURITY.md 16) and is append-only.

As for the audit log (accounts 0002): PostgreSQL triggers refuse UPDATE and DELETE; SQLite refuses
UPDATE (DELETE stays possible so that Django's test flush works).
"""

from django.db import migrations, models

PG_UP = """
CREATE OR REPLACE FUNCTION kofu_access_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'アクセス記録は追記のみです（%）', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cards_residentaccess_no_update BEFORE UPDATE ON cards_residentaccess
  FOR EACH ROW EXECUTE FUNCTION kofu_access_log_append_only();
CREATE TRIGGER cards_residentaccess_no_delete BEFORE DELETE ON cards_residentaccess
  FOR EACH ROW EXECUTE FUNCTION kofu_access_log_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS cards_residentaccess_no_update ON cards_residentaccess;
DROP TRIGGER IF EXISTS cards_residentaccess_no_delete ON cards_residentaccess;
DROP FUNCTION IF EXISTS kofu_access_log_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER cards_residentaccess_no_update BEFORE UPDATE ON cards_residentaccess
BEGIN SELECT RAISE(ABORT, 'アクセス記録は追記のみです（UPDATE）'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS cards_residentaccess_no_update;"


def forwards(apps, schema_editor):
    sql = {"postgresql": PG_UP, "sqlite": SQLITE_UP}.get(schema_editor.connection.vendor)
    if sql:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)


def backwards(apps, schema_editor):
    sql = {"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}.get(schema_editor.connection.vendor)
    if sql:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("cards", "0006_delivery_history_per_batch")]

    operations = [
        migrations.AddField(
            model_name="residentaccess",
            name="role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("resident", "住民"),
                    ("municipality_staff", "市区町村職員"),
                    ("prefecture_staff", "都道府県職員"),
                    ("ministry_staff", "総務省職員"),
                ],
                max_length=32,
                verbose_name="役割",
            ),
        ),
        migrations.AddField(
            model_name="residentaccess",
            name="source_ip",
            field=models.GenericIPAddressField(blank=True, null=True, verbose_name="接続元IPアドレス"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
