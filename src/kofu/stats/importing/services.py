"""Import one issuance file (municipality, prefecture or category layout) into a snapshot.

One file, one transaction: a refused file (:class:`ImportRefused`) changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction

from kofu.core.tabular import ImportRefused, Problem, Problems, Table
from kofu.core.tabular.dates import dates_in_text
from kofu.registry.models import Municipality
from kofu.stats.importing.layouts import MUNICIPALITY, HeaderMatch, Layout, detect_layout
from kofu.stats.importing.reading import read_stats_table
from kofu.stats.importing.rows import ParsedRows, parse_rows
from kofu.stats.importing.writers import FIGURE_MODELS, PLANS, Plan, missing_municipalities
from kofu.stats.models import IssuanceSnapshot

__all__ = ["ImportRefused", "ImportReport", "Problem", "snapshot_import_file"]

_SOURCE_MAX = IssuanceSnapshot._meta.get_field("source").max_length or 255


@dataclass
class ImportReport:
    file_name: str
    layout: str  # "municipality", "prefecture" or "category"
    layout_title: str  # 市区町村別・都道府県別・団体区分別
    file_kind: str  # "CSV (UTF-8)", "CSV (Shift_JIS)", "XLSX", "PDF"
    snapshot: IssuanceSnapshot
    rows_imported: int
    skipped_total_rows: list[str] = field(default_factory=list)
    registered: list[Municipality] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    replaced: bool = False


@dataclass(frozen=True)
class SnapshotDates:
    as_of: dt.date
    population_base: dt.date | None


def snapshot_import_file(
    *,
    path: Path,
    allow_over_population: bool = False,
    as_of: dt.date | None = None,
    population_base: dt.date | None = None,
    replace: bool = False,
) -> ImportReport:
    """Read, check and store one file; raise :class:`ImportRefused` listing every problem found."""
    path = Path(path)
    problems = Problems(file=path.name)
    table = read_stats_table(path, problems)
    try:
        match = detect_layout(table)
    except ImportRefused as refused:
        problems.refuse_with(refused)
    parsed = parse_rows(table, match, problems, allow_over_population=allow_over_population)
    if not parsed.records:
        problems.raise_if_errors()
    dates = _resolve_dates(table, match, parsed, problems, as_of=as_of, population_base=population_base)
    try:
        return _store(table, match, parsed, problems, dates, replace=replace)
    except IntegrityError as exc:  # validated above; only a concurrent import of the same date gets here
        raise ImportRefused.single(
            table.file, f"データベースに保存できませんでした（同じ時点を同時に取り込んでいませんか）: {exc}"
        ) from exc


def _store(
    table: Table,
    match: HeaderMatch,
    parsed: ParsedRows,
    problems: Problems,
    dates: SnapshotDates | None,
    *,
    replace: bool,
) -> ImportReport:
    with transaction.atomic():
        on = dates.as_of if dates else None
        plan: Plan = PLANS[match.layout.name].check(parsed.records, match, problems, on)
        problems.raise_if_errors()
        assert dates is not None  # no errors: the issuance date is known
        snapshot, replaced = _prepare_snapshot(dates, match.layout, table.file, replace=replace)
        written = plan.write(snapshot)
        if match.layout is MUNICIPALITY:
            _mark_completeness(snapshot, problems)
    return ImportReport(
        file_name=table.file,
        layout=match.layout.name,
        layout_title=match.layout.title,
        file_kind=table.kind,
        snapshot=snapshot,
        rows_imported=written.rows,
        skipped_total_rows=parsed.skipped,
        registered=written.registered,
        warnings=problems.warnings,
        replaced=replaced,
    )


def _text_dates(table: Table, match: HeaderMatch) -> tuple[dt.date | None, dt.date | None]:
    """Dates printed outside the columns: a heading note (人口 (R4.1.1時点)) or a title (令和4年1月1日現在)."""
    issued: dt.date | None = None
    population: dt.date | None = None
    notes = [
        (f"{'人口' if field_name == 'population' else ''}({note})")
        for field_name, note in match.notes.items()
    ]
    for line in [*notes, *table.text_lines]:
        for date, about_population in dates_in_text(line):
            if about_population:
                population = population or date
            else:
                issued = issued or date
    return issued, population


def _resolve_dates(
    table: Table,
    match: HeaderMatch,
    parsed: ParsedRows,
    problems: Problems,
    *,
    as_of: dt.date | None,
    population_base: dt.date | None,
) -> SnapshotDates | None:
    text_issued, text_population = _text_dates(table, match)
    issued = parsed.issued_date.value or text_issued
    population = parsed.population_date.value or text_population
    if as_of and issued and as_of != issued:
        problems.error(f"ファイルの交付枚数基準日 {issued:%Y/%m/%d} と --as-of {as_of:%Y/%m/%d} が異なります")
    if population_base and population and population_base != population:
        problems.error(
            f"ファイルの人口算出基準日 {population:%Y/%m/%d} と --population-base {population_base:%Y/%m/%d} が異なります"
        )
    issued = issued or as_of
    if issued is None:
        problems.error("交付枚数基準日がファイルにありません。--as-of YYYY-MM-DD で指定してください")
        return None
    return SnapshotDates(as_of=issued, population_base=population or population_base)


def _prepare_snapshot(
    dates: SnapshotDates, layout: Layout, file: str, *, replace: bool
) -> tuple[IssuanceSnapshot, bool]:
    """The snapshot of ``dates.as_of``: created, or reused when it lacks this layout's rows."""
    snapshot = IssuanceSnapshot.objects.select_for_update().filter(as_of=dates.as_of).first()
    if snapshot is None:
        if dates.population_base is None:
            raise ImportRefused.single(
                file, "人口算出基準日がファイルにありません。--population-base YYYY-MM-DD で指定してください"
            )
        return IssuanceSnapshot.objects.create(
            as_of=dates.as_of, population_base=dates.population_base, source=file
        ), False
    model = PLANS[layout.name].model
    existing = model._default_manager.filter(snapshot=snapshot)
    replaced = existing.exists()
    if replaced and not replace:
        raise ImportRefused.single(
            file,
            f"{dates.as_of:%Y/%m/%d} 時点の{layout.title}の数値は取込済みです（置き換えるには --replace）",
        )
    if replaced:
        existing.delete()
    base = dates.population_base
    if base and base != snapshot.population_base:
        others = [
            m
            for m in FIGURE_MODELS
            if m is not model and m._default_manager.filter(snapshot=snapshot).exists()
        ]
        if others:
            raise ImportRefused.single(
                file,
                f"人口算出基準日 {base:%Y/%m/%d} が、同じ時点の取込済みの表の {snapshot.population_base:%Y/%m/%d} と異なります",
            )
        snapshot.population_base = base
    snapshot.source = _sources(snapshot.source, file)
    snapshot.save(update_fields=["population_base", "source"])
    return snapshot, replaced


def _sources(current: str, file: str) -> str:
    names = [name for name in current.split(", ") if name]
    if file not in names:
        names.append(file)
    return ", ".join(names)[:_SOURCE_MAX]


def _mark_completeness(snapshot: IssuanceSnapshot, problems: Problems) -> None:
    total, missing = missing_municipalities(snapshot)
    snapshot.complete = total > 0 and not missing
    snapshot.save(update_fields=["complete"])
    if missing:
        examples = "、".join(missing[:5]) + ("、…" if len(missing) > 5 else "")
        problems.warning(
            f"台帳の{total:,}団体のうち{len(missing):,}団体の数値がありません（例: {examples}）。"
            "この時点の集計表は公表値（都道府県別・団体区分別）を使います"
        )
