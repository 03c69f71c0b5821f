"""The statistics tables (CSV and XLSX, web and ``kofu stats table``) cannot execute in Excel,
whatever the names in the registry and the labels of the imported files."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import F, Value
from django.db.models.functions import Concat

from kofu.registry.models import Municipality, Prefecture
from kofu.stats.demo.loader import demo_path
from kofu.stats.models import GroupTotal
from kofu.stats.selectors import DOWNLOADABLE_TABLES
from tests.export_cells import SHORT, executable_csv_cells, executable_xlsx_cells
from tests.stats.factories import load_issuance_snapshot


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


def test_the_series_downloads_cannot_execute(registry, client, tmp_path):
    load_issuance_snapshot("2022-08-31")
    load_issuance_snapshot("2022-09-30")
    Prefecture.objects.update(name=Concat(Value("=A1"), F("name")))
    out = io.StringIO()
    call_command("stats", "series", "--prefecture", "45", stdout=out)
    assert executable_csv_cells(out.getvalue()) == []
    path = tmp_path / "series.xlsx"
    call_command("stats", "series", "--prefecture", "45", "--format", "xlsx", "-o", str(path))
    assert executable_xlsx_cells(path.read_bytes()) == []


def test_the_convenience_store_table_cannot_execute(registry, tmp_path):
    call_command(
        "stats",
        "import-convenience",
        str(demo_path("convenience_participation_20220101.csv")),
        stdout=io.StringIO(),
    )
    Prefecture.objects.update(name=Concat(Value("=A1"), F("name")))
    out = io.StringIO()
    call_command("stats", "table", "convenience-stores", "--as-of", "2022-01-01", stdout=out)
    assert out.getvalue().count("'=A1") == 47 and executable_csv_cells(out.getvalue()) == []
    path = tmp_path / "convenience.xlsx"
    call_command(
        "stats", "table", "convenience-stores", "--as-of", "2022-01-01", "--format", "xlsx", "-o", str(path)
    )
    assert executable_xlsx_cells(path.read_bytes()) == []


def test_the_age_table_cannot_execute(db, client, shared_dir, tmp_path):
    from kofu.stats.models import AgeFigure, IssuanceSnapshot

    path = shared_dir / "data" / "issuance" / "20220930" / "demographics.csv"
    call_command("stats", "import", str(path), stdout=io.StringIO())
    AgeFigure.objects.update(age=Concat(Value("=A1"), F("age")))  # the labels as a hostile file would print
    IssuanceSnapshot.objects.update(credit="=HYPERLINK(1)")
    out = io.StringIO()
    call_command("stats", "table", "ages", "--as-of", "2022-09-30", stdout=out)
    assert out.getvalue().count("'=A1") == 60 and executable_csv_cells(out.getvalue()) == []
    as_xlsx = client.get("/stats/ages.xlsx?as_of=2022-09-30")
    assert executable_xlsx_cells(as_xlsx.content) == []
    assert executable_csv_cells(client.get("/stats/ages.csv").content.decode("utf-8-sig")) == []
