"""The claim's history in the one history shape (kofu.core.history.TransitionRecord, ADR 0027):
fields renamed (the data kept)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0006_general_base_amount_per_municipality")]

    operations = [
        migrations.RenameField("claimtransition", "from_status", "from_state"),
        migrations.RenameField("claimtransition", "to_status", "to_state"),
    ]
