"""Store a 公表用 workbook: municipalities matched to the registry by name, the printed prefecture
rows as published totals, the national row's applications; the measure from the count heading.

The printed totals are checked against the municipalities they sum (a warning names any that do not
agree); one file, one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction

from kofu.core.tabular import ImportRefused, Problems, Table
from kofu.core.tabular.cells import name_key
from kofu.rules.measures import labels
from kofu.stats.importing.layouts import WORKBOOK, HeaderMatch
from kofu.stats.importing.report import ImportReport
from kofu.stats.importing.rows import DateColumn, Record
from kofu.stats.importing.snapshots import (
    SnapshotDates,
    heading_dates,
    mark_completeness,
    prepare_snapshot,
    resolve_dates,
)
from kofu.stats.importing.workbook import TotalRow, WorkbookRows, read_workbook
from kofu.stats.importing.writers import MunicipalityPlan, PrefecturePlan
from kofu.stats.models import IssuanceSnapshot, MunicipalityFigure, PrefectureFigure
from kofu.stats.tables.source import seed_municipalities

_NOTE_MAX = IssuanceSnapshot._meta.get_field("applications_note").max_length or 255


@dataclass(frozen=True)
class WorkbookOptions:
    allow_over_population: bool
    as_of: dt.date | None
    population_base: dt.date | None
    replace: bool = False


def import_workbook(
    table: Table, headings: list[HeaderMatch], problems: Problems, options: WorkbookOptions
) -> ImportReport:
    """Read, check and store the workbook whose heading rows are ``headings``."""
    parsed = read_workbook(table, headings, problems, allow_over_population=options.allow_over_population)
    if not parsed.municipalities:
        problems.raise_if_errors()
    dates = _dates(table, parsed, problems, options)
    try:
        return _store(table, parsed, problems, dates, replace=options.replace)
    except IntegrityError as exc:  # validated above; only a concurrent import of the same date gets here
        raise ImportRefused.single(
            table.file, f"データベースに保存できませんでした（同じ時点を同時に取り込んでいませんか）: {exc}"
        ) from exc


def _dates(
    table: Table, parsed: WorkbookRows, problems: Problems, options: WorkbookOptions
) -> SnapshotDates | None:
    """The dates in the first block's headings (or the title); every other block must print the same."""
    first = heading_dates(parsed.match)
    for block in parsed.blocks[1:]:
        dates = heading_dates(block.match)
        if dates != first:
            problems.error(
                "見出しの日付が最初の表と異なります（同じシートに違う時点の表があります）",
                block.match.row.label,
                block.match.headings["count"],
            )
    return resolve_dates(
        table,
        parsed.match.notes,
        (DateColumn(), DateColumn()),
        problems,
        as_of=options.as_of,
        population_base=options.population_base,
    )


def _store(
    table: Table, parsed: WorkbookRows, problems: Problems, dates: SnapshotDates | None, *, replace: bool
) -> ImportReport:
    with transaction.atomic():
        on = dates.as_of if dates else None
        municipalities = MunicipalityPlan.check(parsed.municipalities, parsed.match, problems, on)
        totals = [_as_record(total) for total in parsed.prefectures]
        prefectures = PrefecturePlan.check(totals, parsed.match, problems, on) if totals else None
        _check_totals(parsed, problems)
        problems.raise_if_errors()
        assert dates is not None  # no errors: the date is known
        written: tuple[type[models.Model], ...] = (MunicipalityFigure, PrefectureFigure)
        snapshot, replaced = prepare_snapshot(
            dates,
            written if prefectures else written[:1],
            table.file,
            replace=replace,
            title=WORKBOOK.title,
            measure=parsed.measure,
        )
        rows = municipalities.write(snapshot)
        if prefectures is not None:
            prefectures.write(snapshot)
        _store_applications(snapshot, parsed)
        mark_completeness(snapshot, problems)
        if rows.figures is not None:  # after the snapshot's last save: its final cache token
            seed_municipalities(snapshot, rows.figures)
    national = parsed.national
    return ImportReport(
        file_name=table.file,
        layout=WORKBOOK.name,
        layout_title=WORKBOOK.title,
        file_kind=table.kind,
        snapshot=snapshot,
        rows_imported=rows.rows,
        skipped_total_rows=[f"{national.row.label}: {national.label}"] if national else [],
        registered=rows.registered,
        warnings=problems.warnings,
        replaced=replaced,
    )


def _as_record(total: TotalRow) -> Record:
    return Record(total.row, total.label, "", "", total.population, total.count, None, total.applications)


def _check_totals(parsed: WorkbookRows, problems: Problems) -> None:
    """Warn where a printed prefecture or national row is not the sum of its municipalities."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for record in parsed.municipalities:
        for key in (_prefecture_key(record.key), ""):
            sums[key][0] += record.population
            sums[key][1] += record.issued
    count = labels(parsed.measure).count
    printed = [(_prefecture_key(t.label), t) for t in parsed.prefectures]
    if parsed.national is not None:
        printed.append(("", parsed.national))
    for key, total in printed:
        population, counted = sums.get(key, [0, 0])
        if (population, counted) != (total.population, total.count):
            problems.warning(
                f"{total.label}の行（人口 {total.population:,}、{count} {total.count:,}）が、"
                f"市区町村の合計（人口 {population:,}、{count} {counted:,}）と一致しません",
                total.row.label,
            )


def _prefecture_key(name: str) -> str:
    key = name_key(name)
    return key[:-1] if len(key) > 2 and key[-1] in "都府県" else key


def _store_applications(snapshot: IssuanceSnapshot, parsed: WorkbookRows) -> None:
    """National applications: the national row's 申請件数 column, else a note that gives them."""
    national = parsed.national
    if national is not None and national.applications is not None:
        found: tuple[int, str] | None = (national.applications, f"{national.label}の行の申請件数")
    else:
        found = parsed.applications_note
    if found is None:
        return
    snapshot.applications, snapshot.applications_note = found[0], found[1][:_NOTE_MAX]
    snapshot.save(update_fields=["applications", "applications_note"])
