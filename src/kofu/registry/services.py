"""Writes to the registry."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from kofu.registry import reference
from kofu.registry.models import Municipality, MunicipalityCategory, Prefecture


@dataclass(frozen=True)
class ReferenceLoadResult:
    prefectures: int
    municipalities_created: int
    municipalities_total: int


@transaction.atomic
def registry_load_reference() -> ReferenceLoadResult:
    """Create or update the bundled prefectures, municipalities and categories (idempotent).

    Categories are written only for municipalities that have none yet, so categories a user
    imported with their own dates are kept.
    """
    rows = list(reference.reference_rows())
    prefectures: dict[str, Prefecture] = {}
    for row in rows:
        if row.name:
            continue
        prefecture, _ = Prefecture.objects.update_or_create(
            code=row.code[:2],
            defaults={"lgcode": row.code, "name": row.prefecture, "kana": row.prefecture_kana},
        )
        prefectures[row.prefecture] = prefecture
    designated = {d.key: d for d in reference.designated_cities()}
    core = {d.key: d for d in reference.core_cities()}
    created = 0
    for row in rows:
        if not row.name:
            continue
        municipality, was_created = Municipality.objects.update_or_create(
            code=row.code,
            defaults={"prefecture": prefectures[row.prefecture], "name": row.name, "kana": row.kana},
        )
        created += int(was_created)
        if not municipality.categories.exists():
            MunicipalityCategory.objects.bulk_create(
                MunicipalityCategory(
                    municipality=municipality,
                    category=period.category.value,
                    valid_from=period.valid_from,
                    valid_to=period.valid_to,
                )
                for period in reference.category_history(row.prefecture, row.name, designated, core)
            )
    return ReferenceLoadResult(
        prefectures=len(prefectures),
        municipalities_created=created,
        municipalities_total=Municipality.objects.filter(kind=Municipality.Kind.MUNICIPALITY).count(),
    )
