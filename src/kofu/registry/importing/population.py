"""``registry_import_population``: 住民基本台帳人口 per municipality (or ward) for one base date.

Rows are matched by 団体コード (the registry must know it); a name, when printed, must agree.
Prefecture rows (codes xx000x) and total rows are skipped and reported. Figures already stored
for the base date are replaced by the file's. One transaction per file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction

from kofu.core.tabular import ImportRefused, Problem, Problems, Row, read_table
from kofu.core.tabular.cells import CellError, clean, is_total_word, name_key, names_match, parse_count
from kofu.core.tabular.headings import ColumnSpec, HeaderMatch, Layout, detect_layout
from kofu.registry.models import Municipality, PopulationSnapshot
from kofu.rules.codes import CodeError, normalize_localgov_code

__all__ = ["ImportRefused", "PopulationImportReport", "registry_import_population"]

POPULATION = Layout(
    name="population",
    title="住民基本台帳人口",
    columns=(
        ColumnSpec(
            "code",
            "団体コード",
            ("団体コード", "lgcode", "code", "地方公共団体コード", "全国地方公共団体コード"),
            True,
        ),
        ColumnSpec("prefecture", "都道府県名", ("都道府県名", "都道府県")),
        ColumnSpec("name", "名称", ("名称", "市区町村名", "団体名", "市区町村")),
        ColumnSpec(
            "population",
            "人口",
            ("人口", "総数", "人口総数", "総数(人口)", "住民基本台帳人口", "人口(計)"),
            True,
        ),
    ),
)
_SOURCE_MAX = PopulationSnapshot._meta.get_field("source").max_length or 255


@dataclass
class PopulationImportReport:
    file_name: str
    file_kind: str
    base_date: dt.date
    created: int = 0
    updated: int = 0
    skipped_total_rows: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def rows_imported(self) -> int:
        return self.created + self.updated


@dataclass(frozen=True)
class _Known:
    id: int
    prefecture: str
    name: str
    kind: str

    def full_name(self) -> str:
        return self.prefecture + self.name


def registry_import_population(*, path: Path, base_date: dt.date) -> PopulationImportReport:
    """Store each row's population at ``base_date``; raise :class:`ImportRefused` on any problem."""
    table = read_table(Path(path))
    match = detect_layout(table, (POPULATION,))
    problems = Problems(file=table.file)
    report = PopulationImportReport(file_name=table.file, file_kind=table.kind, base_date=base_date)
    try:
        with transaction.atomic():
            rows = Municipality.objects.values_list("id", "code", "prefecture__name", "name", "kind")
            known = {code: _Known(pk, prefecture, name, kind) for pk, code, prefecture, name, kind in rows}
            figures = _figures(table.rows[match.index + 1 :], match, known, problems, report)
            if not figures and not problems.error_count:
                problems.error("データ行がありません")
            problems.raise_if_errors()
            report.created, report.updated = _write(figures, base_date, table.file)
    except IntegrityError as exc:  # checked above; only a concurrent change gets here
        raise ImportRefused.single(
            table.file, f"データベースに保存できませんでした（同時に更新されましたか）: {exc}"
        ) from exc
    report.warnings = problems.warnings
    return report


def _figures(
    rows: list[Row],
    match: HeaderMatch,
    known: dict[str, _Known],
    problems: Problems,
    report: PopulationImportReport,
) -> dict[int, int]:
    figures: dict[int, int] = {}
    seen: dict[int, str] = {}
    for row in rows:
        if row.is_blank():
            continue
        if len(row.cells) < match.width():
            problems.error(
                f"列が足りません（見出しは{match.width()}列、この行は{len(row.cells)}列）", row.label
            )
            continue
        found = _row(row, match, known, problems, report)
        if found is None:
            continue
        pk, population = found
        if pk in seen:
            problems.error(f"同じ団体が2回あります（{seen[pk]}と同じ）", row.label, match.headings["code"])
            continue
        seen[pk] = row.label
        figures[pk] = population
    return figures


def _row(
    row: Row, match: HeaderMatch, known: dict[str, _Known], problems: Problems, report: PopulationImportReport
) -> tuple[int, int] | None:
    def get(field_name: str) -> str:
        position = match.columns.get(field_name)
        return row.cells[position] if position is not None else ""

    def heading(field_name: str) -> str:
        return match.headings.get(field_name, field_name)

    raw_code, name = clean(get("code")), clean(get("name"))
    if (not raw_code and is_total_word(name)) or (raw_code.isdigit() and raw_code.zfill(6)[2:5] == "000"):
        report.skipped_total_rows.append(f"{row.label}: {name or get('prefecture').strip() or raw_code}")
        return None
    if not raw_code:
        problems.error("団体コードが空欄です", row.label, heading("code"))
        return None
    try:
        code = normalize_localgov_code(raw_code)
        population = parse_count(get("population"))
    except CodeError as exc:
        problems.error(str(exc), row.label, heading("code"))
        return None
    except CellError as exc:
        problems.error(str(exc), row.label, heading("population"))
        return None
    entry = known.get(code)
    if entry is None:
        text = f"団体コード {code} は台帳にありません（先に kofu registry import-master で登録してください）"
        problems.error(text, row.label, heading("code"))
        return None
    if not _same_place(entry, name, clean(get("prefecture"))):
        problems.error(
            f"団体コード {code} は台帳では {entry.full_name()} です: {name!r}", row.label, heading("name")
        )
        return None
    if population == 0:
        problems.error("人口が0です", row.label, heading("population"))
        return None
    return entry.id, population


def _same_place(entry: _Known, name: str, prefecture: str) -> bool:
    if prefecture and name_key(prefecture) != name_key(entry.prefecture):
        return False
    if not name:
        return True
    if entry.kind == Municipality.Kind.WARD and name_key(entry.name).endswith(name_key(name)):
        return True  # 中央区 printed for the ward 札幌市中央区
    return names_match(name, entry.name)


def _write(figures: dict[int, int], base_date: dt.date, source: str) -> tuple[int, int]:
    source = source[:_SOURCE_MAX]
    existing = {p.municipality_id: p for p in PopulationSnapshot.objects.filter(base_date=base_date)}
    new = [
        PopulationSnapshot(municipality_id=pk, base_date=base_date, population=value, source=source)
        for pk, value in figures.items()
        if pk not in existing
    ]
    changed = []
    for pk, value in figures.items():
        snapshot = existing.get(pk)
        if snapshot is not None and (snapshot.population, snapshot.source) != (value, source):
            snapshot.population, snapshot.source = value, source
            changed.append(snapshot)
    PopulationSnapshot.objects.bulk_create(new, batch_size=500)
    PopulationSnapshot.objects.bulk_update(changed, ["population", "source"], batch_size=500)
    return len(new), len(figures) - len(new)
