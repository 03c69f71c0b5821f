"""The migration that moved bulk-delivery history onto the batch (ADR 0007) labels earlier batches."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.migration_schema import originals_executor

BEFORE = [("cards", "0005_resident_access_self_service_purpose")]
AFTER = [("cards", "0006_delivery_history_per_batch")]


@pytest.mark.django_db(transaction=True)
def test_earlier_batches_get_their_importers_name(registry):
    executor = originals_executor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        user = old.get_model("auth", "User").objects.create(username="window-1")
        batch = old.get_model("cards", "DeliveryBatch")
        municipality = old.get_model("registry", "Municipality").objects.get(code="452025")
        common = {"municipality": municipality, "delivered_on": "2022-05-09", "imported_at": timezone.now()}
        batch.objects.create(batch_number="B001", imported_by=user, **common)
        batch.objects.create(batch_number="B002", imported_by=None, **common)
        executor = originals_executor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("cards", "DeliveryBatch")
        labels = dict(new.objects.values_list("batch_number", "imported_by_label"))
    finally:  # the rest of the suite runs on the latest schema (every app's last migration)
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert labels == {"B001": "window-1", "B002": "system"}
