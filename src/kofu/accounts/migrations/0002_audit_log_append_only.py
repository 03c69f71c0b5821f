"""Make the audit log append-only in the database as well as in the ORM.

PostgreSQL: triggers refuse UPDATE and DELETE (TRUNCATE, used by test-database flushes and
restores, is a separate privilege; production revokes it, see docs/operations.md).
SQLite: a trigger refuses UPDATE (DELETE stays possible so that Django's test flush works; the hash
chain still shows any removed row but the newest).
"""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION kofu_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '監査ログは追記のみです（%）', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_auditevent_no_update BEFORE UPDATE ON accounts_auditevent
  FOR EACH ROW EXECUTE FUNCTION kofu_audit_append_only();
CREATE TRIGGER accounts_auditevent_no_delete BEFORE DELETE ON accounts_auditevent
  FOR EACH ROW EXECUTE FUNCTION kofu_audit_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS accounts_auditevent_no_update ON accounts_auditevent;
DROP TRIGGER IF EXISTS accounts_auditevent_no_delete ON accounts_auditevent;
DROP FUNCTION IF EXISTS kofu_audit_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER accounts_auditevent_no_update BEFORE UPDATE ON accounts_auditevent
BEGIN SELECT RAISE(ABORT, '監査ログは追記のみです（UPDATE）'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS accounts_auditevent_no_update;"


def forwards(apps, schema_editor):
    sql = {"postgresql": PG_UP, "sqlite": SQLITE_UP}.get(schema_editor.connection.vendor)
    if sql:
        _each(schema_editor, sql)


def backwards(apps, schema_editor):
    sql = {"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}.get(schema_editor.connection.vendor)
    if sql:
        _each(schema_editor, sql)


def _each(schema_editor, sql):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_organisations_staff_and_audit_log")]

    operations = [migrations.RunPython(forwards, backwards)]
