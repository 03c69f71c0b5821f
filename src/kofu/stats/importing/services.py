"""Import one issuance file (municipality, prefecture, category, 公表用 workbook or age × sex) into a snapshot.

One file, one transaction: a refused file (:class:`ImportRefused`) changes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import IntegrityError, transaction

from kofu.core.tabular import ImportRefused, Problem, Problems, Table
from kofu.stats.ages.importing import import_ages
from kofu.stats.ages.reading import age_heading
from kofu.stats.importing.layouts import MUNICIPALITY, HeaderMatch, detect_layout, measure_of_heading
from kofu.stats.importing.reading import read_stats_table
from kofu.stats.importing.report import ImportReport
from kofu.stats.importing.rows import ParsedRows, parse_rows
from kofu.stats.importing.snapshots import SnapshotDates, mark_completeness, prepare_snapshot, resolve_dates
from kofu.stats.importing.workbook import workbook_headings
from kofu.stats.importing.workbook_store import WorkbookOptions, import_workbook
from kofu.stats.importing.writers import PLANS, Plan
from kofu.stats.tables.source import seed_municipalities

__all__ = ["ImportRefused", "ImportReport", "Problem", "snapshot_import_file"]


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
    headings = workbook_headings(table)
    if headings:
        return import_workbook(
            table,
            headings,
            problems,
            WorkbookOptions(allow_over_population, as_of, population_base, replace=replace),
        )
    ages = age_heading(table)
    if ages is not None:
        return import_ages(
            table, ages, problems, as_of=as_of, population_base=population_base, replace=replace
        )
    try:
        match = detect_layout(table)
    except ImportRefused as refused:
        problems.refuse_with(refused)
    parsed = parse_rows(table, match, problems, allow_over_population=allow_over_population)
    if not parsed.records:
        problems.raise_if_errors()
    dates = resolve_dates(
        table,
        match.notes,
        (parsed.issued_date, parsed.population_date),
        problems,
        as_of=as_of,
        population_base=population_base,
    )
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
        model = PLANS[match.layout.name].model
        snapshot, replaced = prepare_snapshot(
            dates,
            (model,),
            table.file,
            replace=replace,
            title=match.layout.title,
            measure=measure_of_heading(match),
        )
        written = plan.write(snapshot)
        if match.layout is MUNICIPALITY:
            mark_completeness(snapshot, problems, written.completeness)
        if written.figures is not None:  # after the snapshot's last save: its final cache token
            seed_municipalities(snapshot, written.figures)
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
