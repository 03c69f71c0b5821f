"""The snapshot an import writes into: its two dates, its measure, replacing figures, completeness."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models

from kofu.core.tabular import ImportRefused, Problems, Table
from kofu.core.tabular.dates import dates_in_text
from kofu.rules.measures import Measure, labels
from kofu.stats.importing.layouts import HeaderMatch
from kofu.stats.importing.rows import DateColumn
from kofu.stats.importing.writers import FIGURE_MODELS, missing_municipalities
from kofu.stats.models import IssuanceSnapshot
from kofu.stats.signals import save_renewed

_SOURCE_MAX = IssuanceSnapshot._meta.get_field("source").max_length or 255


@dataclass(frozen=True)
class SnapshotDates:
    as_of: dt.date
    population_base: dt.date | None


def heading_dates(match: HeaderMatch) -> tuple[dt.date | None, dt.date | None]:
    """(issued or held, population) as the heading notes print them: 人口（R7.1.1時点）."""
    return _dates_in_lines(_note_lines(match.notes))


def _note_lines(notes: Mapping[str, str]) -> list[str]:
    return [f"{'人口' if name == 'population' else ''}({note})" for name, note in notes.items()]


def text_dates(table: Table, notes: Mapping[str, str]) -> tuple[dt.date | None, dt.date | None]:
    """Dates printed outside the columns: a heading note (人口 (R4.1.1時点)) or a title (令和4年1月1日現在).
    ``notes``: field → the date note of its heading (``population`` for the population's)."""
    return _dates_in_lines([*_note_lines(notes), *table.text_lines])


def _dates_in_lines(lines: list[str]) -> tuple[dt.date | None, dt.date | None]:
    issued: dt.date | None = None
    population: dt.date | None = None
    for line in lines:
        for date, about_population in dates_in_text(line):
            if about_population:
                population = population or date
            else:
                issued = issued or date
    return issued, population


def resolve_dates(
    table: Table,
    notes: Mapping[str, str],
    columns: tuple[DateColumn, DateColumn],
    problems: Problems,
    *,
    as_of: dt.date | None,
    population_base: dt.date | None,
) -> SnapshotDates | None:
    """The snapshot's dates: the date columns (``columns``: issued, population), else the headings
    and titles, else the options; a file's date and an option that disagree refuse the file."""
    text_issued, text_population = text_dates(table, notes)
    issued = columns[0].value or text_issued
    population = columns[1].value or text_population
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


def prepare_snapshot(
    dates: SnapshotDates,
    written: tuple[type[models.Model], ...],
    file: str,
    *,
    replace: bool,
    title: str,
    measure: str = Measure.ISSUED.value,
) -> tuple[IssuanceSnapshot, bool]:
    """The snapshot of ``dates.as_of``: created, or reused when it lacks the ``written`` models' rows
    (with ``replace``: those rows are deleted first). Its other tables must count the same thing."""
    snapshot = IssuanceSnapshot.objects.select_for_update().filter(as_of=dates.as_of).first()
    if snapshot is None:
        if dates.population_base is None:
            raise ImportRefused.single(
                file, "人口算出基準日がファイルにありません。--population-base YYYY-MM-DD で指定してください"
            )
        return IssuanceSnapshot.objects.create(
            as_of=dates.as_of, population_base=dates.population_base, source=file, measure=measure
        ), False
    existing = [m._default_manager.filter(snapshot=snapshot) for m in written]
    if replace:  # what is there goes: the count deleted says whether anything was replaced
        replaced = sum([rows.delete()[0] for rows in existing]) > 0
    elif any(rows.exists() for rows in existing):
        raise ImportRefused.single(
            file, f"{dates.as_of:%Y/%m/%d} 時点の{title}の数値は取込済みです（置き換えるには --replace）"
        )
    else:
        replaced = False
    base = dates.population_base
    base_differs = bool(base and base != snapshot.population_base)
    # The snapshot's other tables are looked for only when this file would disagree with them.
    others = (base_differs or measure != snapshot.measure) and any(
        m._default_manager.filter(snapshot=snapshot).exists() for m in FIGURE_MODELS if m not in written
    )
    if base_differs and others:
        raise ImportRefused.single(
            file,
            f"人口算出基準日 {base:%Y/%m/%d} が、同じ時点の取込済みの表の {snapshot.population_base:%Y/%m/%d} と異なります",
        )
    if measure != snapshot.measure and others:
        raise ImportRefused.single(
            file,
            f"このファイルは{labels(measure).count}の表ですが、同じ時点の取込済みの表は"
            f"{labels(snapshot.measure).count}です（同じ時点に違うものは並べられません）",
        )
    snapshot.population_base = base or snapshot.population_base
    snapshot.measure = measure
    snapshot.source = _sources(snapshot.source, file)
    save_renewed(snapshot, ["population_base", "source", "measure"])
    return snapshot, replaced


def _sources(current: str, file: str) -> str:
    names = [name for name in current.split(", ") if name]
    if file not in names:
        names.append(file)
    return ", ".join(names)[:_SOURCE_MAX]


def mark_completeness(
    snapshot: IssuanceSnapshot, problems: Problems, counted: tuple[int, list[str]] | None = None
) -> None:
    """Is every municipality in force on the snapshot's date in it? ``counted``: (in force, names
    missing) as the importer counted them from what it wrote; else counted in the database."""
    total, missing = counted if counted is not None else missing_municipalities(snapshot)
    snapshot.complete = total > 0 and not missing
    save_renewed(snapshot, ["complete"])
    if missing:
        examples = "、".join(missing[:5]) + ("、…" if len(missing) > 5 else "")
        problems.warning(
            f"台帳の{total:,}団体のうち{len(missing):,}団体の数値がありません（例: {examples}）。"
            "この時点の集計表は公表値（都道府県別・団体区分別）を使います"
        )
