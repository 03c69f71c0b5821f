"""The forecast CSVs (``kofu forecast targets|candidates|renewals``, the renewals download) cannot
execute in Excel, whatever the names in the registry."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db.models import F, Value
from django.db.models.functions import Concat

from kofu.registry.models import Municipality, Prefecture
from tests.export_cells import SHORT, executable_csv_cells


def hostile_names() -> None:
    ids = list(Municipality.objects.order_by("id").values_list("id", flat=True))
    for index, text in enumerate(SHORT):
        chosen = [pk for n, pk in enumerate(ids) if n % len(SHORT) == index]
        Municipality.objects.filter(id__in=chosen).update(name=Concat(Value(text), F("name")))
    Prefecture.objects.update(name=Concat(Value("=A1"), F("name")))


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("forecast", *args, stdout=out)
    return out.getvalue()


def test_the_forecast_commands_cannot_execute(issuance):
    hostile_names()
    targets = run("targets", "--level", "municipality")
    assert "'=A1" in targets and executable_csv_cells(targets) == []
    assert executable_csv_cells(run("candidates")) == []
    renewals = run("renewals", "--municipality", "452025", "--from", "2025-01-01", "--until", "2025-06-30")
    assert executable_csv_cells(renewals) == []


def test_the_renewals_download_cannot_execute(issuance, personas, client):
    hostile_names()
    client.force_login(personas["municipality"])
    response = client.get("/forecast/municipalities/452025/renewals.csv?start=2025-01-01&until=2025-06-30")
    assert response.status_code == 200
    assert executable_csv_cells(response.content.decode("utf-8")) == []
