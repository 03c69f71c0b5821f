"""The database cache table (``CACHES['default']``) that holds login-throttling counters.

``migrate`` (and so ``kofu init``) creates it, so that every gunicorn worker shares the counters.
Superseded: the counters are ``RateCounter`` (0005), ``CACHES`` is no longer set (so this creates
nothing on a new database) and 0009 drops the table where it exists.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_audit_log_append_only")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
