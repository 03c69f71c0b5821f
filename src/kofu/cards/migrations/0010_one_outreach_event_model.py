"""One outreach event model (issue 18 item 3, ADR 0019): cards point to ``surveys.OutreachEvent``.

Every ``cards.OutreachEvent`` (venue, date, memo — made by the application-list import) becomes a
one-day, unpublished ``surveys.OutreachEvent`` of the same municipality, venue and date (the memo
kept as its notes), or joins a planned event at that venue covering that date; the cards follow.
"""

from __future__ import annotations

import django.db.models.deletion
from django.db import migrations, models


def _events_into_surveys(apps, schema_editor):  # type: ignore[no-untyped-def]
    Old = apps.get_model("cards", "OutreachEvent")
    New = apps.get_model("surveys", "OutreachEvent")
    Card = apps.get_model("cards", "Card")
    for old in Old.objects.order_by("id"):
        new = New.objects.filter(
            municipality_id=old.municipality_id,
            venue=old.venue,
            starts_on__lte=old.held_on,
            ends_on__gte=old.held_on,
        ).first()
        if new is None:
            new = New.objects.create(
                municipality_id=old.municipality_id,
                title=old.venue,
                venue_type="other",
                venue=old.venue,
                address="",
                starts_on=old.held_on,
                ends_on=old.held_on,
                notes=old.note,
                published=False,
            )
        Card.objects.filter(outreach_event_old_id=old.pk).update(outreach_event_id=new.pk)


def _events_back_into_cards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Old = apps.get_model("cards", "OutreachEvent")
    Card = apps.get_model("cards", "Card")
    made: dict[int, int] = {}
    for card in Card.objects.filter(outreach_event__isnull=False).select_related("outreach_event"):
        event = card.outreach_event
        if event.pk not in made:
            made[event.pk] = Old.objects.create(
                municipality_id=event.municipality_id, venue=event.venue[:100], held_on=event.starts_on,
                note=event.notes,
            ).pk  # fmt: skip
        Card.objects.filter(pk=card.pk).update(outreach_event_old_id=made[event.pk])


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0009_resident_access_hash_chain"),
        ("surveys", "0003_quotes_staff_reasons_practice_owners_outreach_event"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="card", name="cards_card_event_only_for_outreach"),
        migrations.RenameField(model_name="card", old_name="outreach_event", new_name="outreach_event_old"),
        migrations.AlterField(
            model_name="card",
            name="outreach_event_old",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cards.outreachevent",
            ),
        ),
        migrations.AddField(
            model_name="card",
            name="outreach_event",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cards",
                to="surveys.outreachevent",
                verbose_name="出張申請受付",
            ),
        ),
        migrations.RunPython(_events_into_surveys, _events_back_into_cards),
        migrations.RemoveField(model_name="card", name="outreach_event_old"),
        migrations.DeleteModel(name="OutreachEvent"),
        migrations.AddConstraint(
            model_name="card",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("outreach_event__isnull", True), ("channel", "outreach"), _connector="OR"
                ),
                name="cards_card_event_only_for_outreach",
            ),
        ),
    ]
