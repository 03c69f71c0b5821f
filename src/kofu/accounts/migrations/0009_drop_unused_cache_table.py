"""Drop ``kofu_cache``, the database cache table nothing reads any more.

Login throttling moved to ``accounts.RateCounter`` (0005), and no page uses Django's cache, so
``CACHES`` is back to Django's default and the table of 0003 is dropped where it exists.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_audit_log_sequence_head_and_delete_triggers")]

    operations = [migrations.RunSQL("DROP TABLE IF EXISTS kofu_cache", migrations.RunSQL.noop)]
