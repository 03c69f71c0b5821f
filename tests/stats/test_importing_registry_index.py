"""The statistics importer keeps the registry's index between imports, until the registry changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from kofu.registry.changes import registry_changed
from kofu.registry.models import Municipality
from kofu.stats.importing.matching import RegistryIndex
from kofu.stats.importing.services import snapshot_import_file
from kofu.stats.importing.writers import missing_municipalities
from tests.stats.test_importing_support import small_csv_text, write


def test_the_index_is_kept_while_the_registry_is_unchanged(registry):
    assert RegistryIndex.current() is RegistryIndex.current()


def test_a_renamed_municipality_is_seen_by_the_next_import(registry, tmp_path):
    first = RegistryIndex.current()
    miyakonojo = Municipality.objects.get(code="452025")
    miyakonojo.name = "都城新市"
    miyakonojo.save()
    second = RegistryIndex.current()
    assert second is not first
    assert second.by_code["452025"].name == "都城新市"
    rows = ['"2022/01/01","宮崎県","都城新市",160000,80000,50.0,"2021/01/01","2022/01/01",452025']
    assert snapshot_import_file(path=write(tmp_path / "f.csv", small_csv_text(rows))).rows_imported == 1


def test_a_bulk_write_that_says_so_is_seen_and_a_rolled_back_one_is_forgotten(registry):
    first = RegistryIndex.current()
    Municipality.objects.filter(code="452025").update(name="都城新市")
    registry_changed()
    assert RegistryIndex.current().by_code["452025"].name == "都城新市"
    with pytest.raises(RuntimeError), transaction.atomic():
        Municipality.objects.filter(code="452033").update(name="延岡新市")
        registry_changed()
        assert RegistryIndex.current().by_code["452033"].name == "延岡新市"
        raise RuntimeError
    after = RegistryIndex.current()
    assert after is not first
    assert after.by_code["452033"].name == "延岡市"


def test_a_municipality_the_import_registers_is_in_the_next_import_s_index(registry, tmp_path):
    Municipality.objects.filter(code="443221").delete()  # 姫島村, as if the registry predated it
    assert "443221" not in RegistryIndex.current().by_code
    rows = ['"2022/01/01","大分県","東国東郡姫島村",1933,1501,77.7,"2021/01/01","2022/01/01",443221']
    snapshot_import_file(path=write(tmp_path / "f.csv", small_csv_text(rows)))
    assert "443221" in RegistryIndex.current().by_code


@pytest.mark.parametrize("as_of", ["2022/01/01", "2005/01/01"])
def test_completeness_counted_from_the_rows_written_is_the_database_s_count(registry, tmp_path, as_of):
    """The importer counts the municipalities in force and those missing in the index, from the
    rows it wrote; the count in the database (kept for the workbook importer) says the same."""
    rows = [
        f'"{as_of}","北海道","札幌市",1961575,763069,38.9,"2021/01/01","{as_of}",11002',
        f'"{as_of}","宮崎県","都城市",160640,80000,49.8,"2021/01/01","{as_of}",452025',
    ]
    report = snapshot_import_file(path=write(tmp_path / "f.csv", small_csv_text(rows)))
    total, missing = missing_municipalities(report.snapshot)
    counted = RegistryIndex.current().missing(
        report.snapshot.as_of, {Municipality.objects.get(code=c).pk for c in ("011002", "452025")}
    )
    assert counted == (total, missing)
    assert not report.snapshot.complete
    [warning] = [w for w in report.warnings if "団体の数値がありません" in w.text]
    assert f"台帳の{total:,}団体のうち{len(missing):,}団体" in warning.text
    assert report.snapshot.as_of == dt.date.fromisoformat(as_of.replace("/", "-"))
