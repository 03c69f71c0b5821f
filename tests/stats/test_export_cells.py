"""The statistics tables (CSV and XLSX, web and ``kofu stats table``) cannot execute in Excel,
whatever the names in the registry and the labels of the imported files."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import F, Value
from django.db.models.functions import Concat

from kofu.registry.models import Municipality, Prefecture
from kofu.stats.models import GroupTotal
from kofu.stats.selectors import DOWNLOADABLE_TABLES
from tests.export_cells import SHORT, executable_csv_cells, executable_xlsx_cells


@pytest.fixture
def hostile_names(stats):
    for index, text in enumerate(SHORT):
        Municipality.objects.filter(id__in=_every(index)).update(name=Concat(Value(text), F("name")))
    Prefecture.objects.update(name=Concat(Value("=A1"), F("name")))
    GroupTotal.objects.update(label=Concat(Value("-"), F("label")))


def _every(index: int):
    ids = Municipality.objects.order_by("id").values_list("id", flat=True)
    return [pk for n, pk in enumerate(ids) if n % len(SHORT) == index]


def _query(key: str) -> str:
    return "as_of=2022-01-01" + ("&prefecture=45" if key == "municipalities" else "")


@pytest.mark.parametrize("key", DOWNLOADABLE_TABLES)
def test_the_table_downloads_cannot_execute(client, hostile_names, key):
    as_csv = client.get(f"/stats/tables/{key}.csv?{_query(key)}")
    as_xlsx = client.get(f"/stats/tables/{key}.xlsx?{_query(key)}")
    assert as_csv.status_code == as_xlsx.status_code == 200
    text = as_csv.content.decode("utf-8-sig")
    assert executable_csv_cells(text) == []
    if key != "categories":  # the category rows are kofu's own labels
        assert "'" in text
    assert executable_xlsx_cells(as_xlsx.content) == []


def test_the_table_command_cannot_execute(hostile_names, tmp_path):
    out = io.StringIO()
    call_command("stats", "table", "prefectures", "--as-of", "2022-01-01", stdout=out)
    assert out.getvalue().count("'=A1") == 47 and executable_csv_cells(out.getvalue()) == []
    path = tmp_path / "top10.xlsx"
    call_command(
        "stats", "table", "top10-cities", "--as-of", "2022-01-01", "--format", "xlsx", "-o", str(path)
    )
    assert executable_xlsx_cells(path.read_bytes()) == []
