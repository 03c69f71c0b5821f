"""Writes to the registry."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from kofu.registry import reference
from kofu.registry.changes import registry_changed
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
    existing = {m.code: m for m in Municipality.objects.all()}
    new: list[Municipality] = []
    changed: list[Municipality] = []
    for row in rows:
        if not row.name:
            continue
        prefecture = prefectures[row.prefecture]
        current = existing.get(row.code)
        if current is None:
            new.append(Municipality(code=row.code, prefecture=prefecture, name=row.name, kana=row.kana))
        elif (current.prefecture_id, current.name, current.kana) != (prefecture.pk, row.name, row.kana):
            current.prefecture, current.name, current.kana = prefecture, row.name, row.kana
            changed.append(current)
    Municipality.objects.bulk_create(new)
    Municipality.objects.bulk_update(changed, ["prefecture", "name", "kana"])
    with_categories = set(MunicipalityCategory.objects.values_list("municipality_id", flat=True).distinct())
    by_code = {row.code: row for row in rows if row.name}
    MunicipalityCategory.objects.bulk_create(
        MunicipalityCategory(
            municipality=municipality,
            category=period.category.value,
            valid_from=period.valid_from,
            valid_to=period.valid_to,
        )
        for municipality in Municipality.objects.filter(code__in=by_code).exclude(pk__in=with_categories)
        for period in reference.category_history(
            by_code[municipality.code].prefecture, by_code[municipality.code].name, designated, core
        )
    )
    registry_changed()  # bulk writes send no signal
    created = len(new)
    return ReferenceLoadResult(
        prefectures=len(prefectures),
        municipalities_created=created,
        municipalities_total=Municipality.objects.filter(kind=Municipality.Kind.MUNICIPALITY).count(),
    )
