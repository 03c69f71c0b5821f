"""An import hands the figures it wrote to the tables: they are what the database gives back (ADR 0034)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from kofu.registry.models import Municipality
from kofu.registry.selectors import categories_on
from kofu.stats import cache
from kofu.stats.importing.matching import RegistryIndex
from kofu.stats.importing.services import snapshot_import_file
from kofu.stats.models import IssuanceSnapshot
from kofu.stats.signals import save_renewed
from kofu.stats.tables import TABLES, build_table
from kofu.stats.tables.output import csv_text
from kofu.stats.tables.source import _read_municipalities, cache_key, snapshot_on
from tests.stats.factories import load_issuance_snapshot
from tests.stats.test_importing_support import small_csv_text, write

JAN = dt.date(2022, 1, 1)


def _month(shared_dir):
    return shared_dir / "data" / "issuance" / "20220101" / "all_localgovs.csv"


def _seeded(snapshot: IssuanceSnapshot):
    """The figures kept for the snapshot's current version, without computing them (None: none)."""
    return cache.DATA._entries.get(cache_key(snapshot, "municipalities"))  # a look that stores nothing


def _every_table() -> dict[str, str]:
    return {key: csv_text(build_table(key, as_of=JAN)) for key in TABLES}


@pytest.mark.django_db
def test_the_tables_after_an_import_read_no_figure_and_equal_those_read_back(
    registry, shared_dir, django_assert_max_num_queries
):
    snapshot_import_file(path=_month(shared_dir))
    snapshot = IssuanceSnapshot.objects.get(as_of=JAN)
    assert _seeded(snapshot) == _read_municipalities(snapshot)  # names, categories, order: the database's
    with django_assert_max_num_queries(len(TABLES) + 2) as queries:
        after_import = _every_table()
    assert not [q for q in queries.captured_queries if "stats_municipalityfigure" in q["sql"]]
    cache.clear()
    assert _every_table() == after_import


@pytest.mark.django_db
def test_the_registry_s_names_are_handed_on_not_the_file_s(registry, tmp_path):
    """東国東郡姫島村 is printed with its 郡; 三宅村 has no code: the tables name them as the registry does."""
    snapshot_import_file(path=write(tmp_path / "f.csv", small_csv_text()))
    snapshot = IssuanceSnapshot.objects.get(as_of=JAN)
    seeded = _seeded(snapshot)
    assert [f.name for f in seeded] == ["札幌市", "千代田区", "三宅村", "姫島村"]
    assert seeded == _read_municipalities(snapshot)


@pytest.mark.django_db
def test_an_import_that_registers_a_municipality_leaves_the_tables_to_read_the_database(registry, tmp_path):
    Municipality.objects.filter(code="443221").delete()  # 姫島村, as if the registry predated it
    snapshot_import_file(path=write(tmp_path / "f.csv", small_csv_text()))
    snapshot = IssuanceSnapshot.objects.get(as_of=JAN)
    assert _seeded(snapshot) is None
    assert "大分県姫島村" in {row.name for row in build_table("municipalities", as_of=JAN).rows}


@pytest.mark.django_db
def test_a_rolled_back_import_hands_on_nothing_a_later_table_would_use(registry, shared_dir, tmp_path):
    load_issuance_snapshot("2022-01-01")
    before = _every_table()
    text = _month(shared_dir).read_text(encoding="utf-8-sig").replace(",163571,122835,", ",163571,122836,")
    with pytest.raises(RuntimeError), transaction.atomic():
        snapshot_import_file(path=write(tmp_path / "f.csv", text), replace=True)
        assert (
            build_table("prefectures", as_of=JAN).national.issued
            == build_table(  # type: ignore[union-attr]
                "categories", as_of=JAN
            )
            .rows[0]
            .issued
        )
        raise RuntimeError
    assert _every_table() == before


@pytest.mark.django_db
@pytest.mark.parametrize("on", ["2005-01-01", "2014-04-01", "2020-04-01", "2022-01-01", "2024-04-01"])
def test_the_index_gives_each_date_s_categories_as_the_registry_does(registry, on):
    date = dt.date.fromisoformat(on)
    assert RegistryIndex.load().categories_on(date) == categories_on(date)


@pytest.mark.django_db
def test_the_snapshot_row_is_read_with_its_fields_values(registry, django_assert_num_queries):
    snapshot = load_issuance_snapshot("2022-01-01")
    expected = IssuanceSnapshot.objects.get(pk=snapshot.pk)
    with django_assert_num_queries(1):
        found = snapshot_on(JAN)
    assert found is not None
    assert {f.attname: getattr(found, f.attname) for f in IssuanceSnapshot._meta.concrete_fields} == {
        f.attname: getattr(expected, f.attname) for f in IssuanceSnapshot._meta.concrete_fields
    }
    assert snapshot_on(dt.date(2022, 1, 2)) is None


@pytest.mark.django_db
def test_an_importer_s_save_renews_the_token_in_the_same_update(registry, django_assert_num_queries):
    snapshot = load_issuance_snapshot("2022-01-01")
    token = snapshot.cache_token
    with django_assert_num_queries(1):
        save_renewed(snapshot, ["complete"])
    assert snapshot.cache_token != token
    assert IssuanceSnapshot.objects.get(pk=snapshot.pk).cache_token == snapshot.cache_token
    snapshot.save(update_fields=["complete"])  # any other save still renews it (the signal)
    assert IssuanceSnapshot.objects.get(pk=snapshot.pk).cache_token not in {token, None}
