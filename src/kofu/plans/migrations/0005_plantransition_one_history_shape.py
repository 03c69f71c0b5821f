"""The plan's history in the one history shape (kofu.core.history.TransitionRecord, ADR 0027):
fields renamed (the data kept), the actor's display name added."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_plan_costs_rerevision_and_measures")]

    operations = [
        migrations.RenameField("plantransition", "from_status", "from_state"),
        migrations.RenameField("plantransition", "to_status", "to_state"),
        migrations.RenameField("plantransition", "advice", "comment"),
    ]
