"""The card's history in the one history shape (kofu.core.history.TransitionRecord, ADR 0027):
the note renamed to comment (the data kept); 0013 adds the action."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cards", "0011_proxy_handover_for_residents_who_cannot_come")]

    operations = [
        migrations.RenameField("cardtransition", "note", "comment"),
    ]
