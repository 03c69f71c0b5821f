"""Reads of the registry, as of a date."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from kofu.registry.models import Municipality, MunicipalityCategory
from kofu.rules.categories import Category


def in_force(on: dt.date) -> Q:
    """Rows whose [valid_from, valid_to) period contains ``on`` (open ends allowed)."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )


def municipalities_on(on: dt.date) -> QuerySet[Municipality]:
    """Municipalities (not wards) that exist on ``on``."""
    return (
        Municipality.objects.filter(in_force(on), kind=Municipality.Kind.MUNICIPALITY)
        .select_related("prefecture")
        .order_by("code")
    )


def categories_on(on: dt.date) -> dict[int, Category]:
    """Municipality id → category in force on ``on``."""
    rows = MunicipalityCategory.objects.filter(in_force(on)).values_list("municipality_id", "category")
    return {municipality_id: Category(category) for municipality_id, category in rows}
