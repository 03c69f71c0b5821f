"""The registry's version token (kofu.registry.changes): renewed by every write, rolled back with it."""

from __future__ import annotations

import pytest
from django.db import transaction

from kofu.registry.changes import registry_changed, registry_token
from kofu.registry.models import Municipality, MunicipalityCategory, Prefecture, RegistryVersion
from kofu.registry.services import registry_load_reference


def test_saving_or_deleting_a_municipality_renews_the_token(registry):
    before = registry_token()
    kushiro = Municipality.objects.get(code="012068")
    kushiro.kana = "くしろし"
    kushiro.save()
    after_save = registry_token()
    MunicipalityCategory.objects.filter(municipality=kushiro).delete()  # a queryset delete sends per row
    after_delete = registry_token()
    assert len({before, after_save, after_delete}) == 3


def test_a_prefecture_save_renews_the_token(registry):
    before = registry_token()
    Prefecture.objects.get(code="45").save()
    assert registry_token() != before


def test_the_bulk_reference_load_renews_the_token(registry):
    before = registry_token()
    registry_load_reference()
    assert registry_token() != before


def test_a_rolled_back_change_takes_its_token_with_it(registry):
    before = registry_token()
    with pytest.raises(RuntimeError), transaction.atomic():
        registry_changed()
        assert registry_token() != before
        raise RuntimeError
    assert registry_token() == before


def test_without_a_token_row_there_is_no_token_until_the_next_change(registry):
    RegistryVersion.objects.all().delete()
    assert registry_token() is None
    registry_changed()
    assert registry_token() is not None
