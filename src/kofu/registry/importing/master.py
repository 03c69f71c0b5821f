"""``registry_import_master``: create or update prefectures, municipalities, wards and categories.

Codes are the key. Names, readings and 郡 of known codes are updated; codes missing from the file
are left alone (a master file never abolishes a municipality). One transaction per file.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction

from kofu.core.tabular import ImportRefused, Problem, Problems, read_table
from kofu.core.tabular.cells import CellError
from kofu.core.tabular.headings import detect_layout
from kofu.registry import reference
from kofu.registry.changes import registry_changed
from kofu.registry.importing.categories import CategoryChange, Period, plan_category
from kofu.registry.importing.records import MASTER, MasterRecord, parse_master_rows, ward_parent
from kofu.registry.models import Municipality, MunicipalityCategory, Prefecture
from kofu.rules.codes import localgov_check_digit

__all__ = ["ImportRefused", "MasterImportReport", "registry_import_master"]

WARD = Municipality.Kind.WARD
CITY = Municipality.Kind.MUNICIPALITY


@dataclass
class MasterImportReport:
    file_name: str
    file_kind: str
    rows: int
    prefectures_created: int = 0
    created: list[str] = field(default_factory=list)  # codes
    updated: list[str] = field(default_factory=list)
    wards_created: int = 0
    categories_changed: int = 0
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class _Plan:
    problems: Problems
    headings: dict[str, str]
    prefectures: dict[str, Prefecture]  # 2-digit code → saved, or to create
    new_prefectures: list[Prefecture] = field(default_factory=list)
    new: list[Municipality] = field(default_factory=list)
    changed: list[Municipality] = field(default_factory=list)
    parents: dict[str, str] = field(default_factory=dict)  # ward code → city code
    categories: dict[str, list[CategoryChange]] = field(default_factory=dict)  # code → changes

    def error(self, text: str, record: MasterRecord, field_name: str) -> None:
        self.problems.error(text, record.row.label, self.headings.get(field_name, self.headings["name"]))


def registry_import_master(*, path: Path) -> MasterImportReport:
    """Import a municipality master list (CSV/XLSX); raise :class:`ImportRefused` on any problem."""
    table = read_table(Path(path))
    match = detect_layout(table, (MASTER,))
    problems = Problems(file=table.file)
    records = parse_master_rows(table, match, problems)
    try:
        with transaction.atomic():
            plan = _Plan(problems, match.headings, {p.code: p for p in Prefecture.objects.all()})
            _plan_prefectures(plan, records)
            _plan_municipalities(plan, records)
            problems.raise_if_errors()
            changed = _write(plan)
    except IntegrityError as exc:  # checked above; only a concurrent change gets here
        raise ImportRefused.single(
            table.file, f"データベースに保存できませんでした（同時に更新されましたか）: {exc}"
        ) from exc
    return MasterImportReport(
        file_name=table.file,
        file_kind=table.kind,
        rows=len(records),
        prefectures_created=len(plan.new_prefectures),
        created=[m.code for m in plan.new],
        updated=[m.code for m in plan.changed],
        wards_created=sum(1 for m in plan.new if m.kind == WARD),
        categories_changed=changed,
        warnings=problems.warnings,
    )


# --- planning (reads only) ------------------------------------------------------------------


def _prefecture_lgcode(code2: str) -> str:
    return code2 + "000" + str(localgov_check_digit(code2 + "000"))


def _plan_prefectures(plan: _Plan, records: list[MasterRecord]) -> None:
    names = {p.name: p.code for p in plan.prefectures.values()}
    for record in records:
        code2 = record.code[:2]
        known = plan.prefectures.get(code2)
        if known is None:
            if names.get(record.prefecture, code2) != code2:
                plan.error(
                    f"都道府県名 {record.prefecture} は別の都道府県コードで登録済みです", record, "code"
                )
                continue
            known = Prefecture(code=code2, lgcode=_prefecture_lgcode(code2), name=record.prefecture)
            plan.prefectures[code2] = known
            plan.new_prefectures.append(known)
            names[record.prefecture] = code2
        elif known.name != record.prefecture:
            text = f"団体コード {record.code} は {known.name} の団体ですが、都道府県名は {record.prefecture} です"
            plan.error(text, record, "prefecture")
        if record.prefecture_kana and (record.is_prefecture or not known.kana):
            known.kana = record.prefecture_kana


def _with_wards(records: list[MasterRecord], cities: set[tuple[str, str]]) -> list[MasterRecord]:
    """Mark wards printed without a space (札幌市中央区) when their city is known."""
    marked = []
    for record in records:
        parent = ward_parent(record.name, spaced=False)
        if record.ward_of is None and parent and (record.code[:2], parent) in cities:
            record = dataclasses.replace(record, ward_of=parent)
        marked.append(record)
    return marked


def _plan_municipalities(plan: _Plan, records: list[MasterRecord]) -> None:
    existing = {m.code: m for m in Municipality.objects.all()}
    cities = {(m.code[:2], m.name): m.code for m in existing.values() if m.kind == CITY}
    cities.update(
        {(r.code[:2], r.name): r.code for r in records if not r.is_prefecture and r.ward_of is None}
    )
    periods = _periods()
    for record in _with_wards(records, set(cities)):
        prefecture = plan.prefectures.get(record.code[:2])
        if record.is_prefecture or prefecture is None:
            continue
        if record.ward_of is not None:
            parent = cities.get((record.code[:2], record.ward_of))
            if parent is None:
                plan.error(
                    f"区の属する指定都市 {record.ward_of} が一覧にも台帳にもありません", record, "name"
                )
                continue
            plan.parents[record.code] = parent
        municipality = _upsert(plan, existing.get(record.code), record, prefecture)
        if record.ward_of is None:
            _plan_category(plan, record, periods.get(municipality.pk, []) if municipality.pk else [])


def _upsert(
    plan: _Plan, current: Municipality | None, record: MasterRecord, prefecture: Prefecture
) -> Municipality:
    values: dict[str, str] = {"name": record.name, "kind": WARD if record.ward_of else CITY}
    if record.kana:
        values["kana"] = record.kana
    if record.district is not None:
        values["district"] = record.district
    if current is None:
        municipality = Municipality(code=record.code, prefecture=prefecture, **values)
        plan.new.append(municipality)
        return municipality
    if current.prefecture_id != prefecture.pk or any(getattr(current, k) != v for k, v in values.items()):
        current.prefecture = prefecture
        for key, value in values.items():
            setattr(current, key, value)
        plan.changed.append(current)
    return current


def _periods() -> dict[int, list[Period]]:
    found: dict[int, list[Period]] = {}
    rows = MunicipalityCategory.objects.values_list(
        "municipality_id", "id", "category", "valid_from", "valid_to"
    )
    for municipality_id, *period in rows:
        found.setdefault(municipality_id, []).append(Period(*period))
    return found


@functools.cache
def _designations() -> tuple[dict[str, reference.Designation], dict[str, reference.Designation]]:
    return {d.key: d for d in reference.designated_cities()}, {d.key: d for d in reference.core_cities()}


def _plan_category(plan: _Plan, record: MasterRecord, current: list[Period]) -> None:
    try:
        if record.category is not None:
            change = plan_category(current, record.category, record.since)
            plan.categories[record.code] = [change] if change else []
        elif not current:
            history = reference.category_history(record.prefecture, record.name, *_designations())
            plan.categories[record.code] = [
                CategoryChange(p.category, p.valid_from, None, p.valid_to) for p in history
            ]
    except (CellError, ValueError) as exc:
        plan.error(str(exc), record, "category")


# --- writing --------------------------------------------------------------------------------


def _write(plan: _Plan) -> int:
    for prefecture in plan.new_prefectures:
        prefecture.save()
    Prefecture.objects.bulk_update([p for p in plan.prefectures.values() if p.pk], ["kana"])
    for municipality in [*plan.new, *plan.changed]:
        municipality.prefecture_id = municipality.prefecture.pk
    Municipality.objects.bulk_create([m for m in plan.new if m.kind == CITY])
    parents = {m.code: m for m in Municipality.objects.filter(code__in=set(plan.parents.values()))}
    for municipality in [*plan.new, *plan.changed]:
        parent_code = plan.parents.get(municipality.code)
        municipality.parent = parents[parent_code] if parent_code else None
    Municipality.objects.bulk_create([m for m in plan.new if m.kind == WARD])
    Municipality.objects.bulk_update(
        plan.changed, ["prefecture", "name", "kana", "district", "kind", "parent"]
    )
    return _write_categories(plan)


def _write_categories(plan: _Plan) -> int:
    ids = dict(Municipality.objects.filter(code__in=plan.categories).values_list("code", "id"))
    changes = [(code, change) for code, items in plan.categories.items() for change in items]
    for _, change in changes:
        if change.close_id is not None:
            MunicipalityCategory.objects.filter(pk=change.close_id).update(valid_to=change.valid_from)
    MunicipalityCategory.objects.bulk_create(
        MunicipalityCategory(
            municipality_id=ids[code],
            category=change.category.value,
            valid_from=change.valid_from,
            valid_to=change.valid_to,
        )
        for code, change in changes
    )
    registry_changed()  # bulk writes send no signal
    return len(changes)
