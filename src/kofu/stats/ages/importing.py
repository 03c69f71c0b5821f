"""Import an age × sex table into the snapshot of its date (one file, one transaction)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction

from kofu.core.tabular import ImportRefused, Problems, Table
from kofu.core.tabular.cells import decimal_places, header_key
from kofu.rules.measures import labels
from kofu.rules.rates import rate_percent
from kofu.stats.ages.reading import SEXES, TITLE, AgeHeading, AgeRow, AgeRows, read_age_rows
from kofu.stats.importing.layouts import Layout
from kofu.stats.importing.report import ImportReport
from kofu.stats.importing.snapshots import SnapshotDates, prepare_snapshot, resolve_dates
from kofu.stats.models import AgeFigure, IssuanceSnapshot

_SEX_LABELS = {"male": "男", "female": "女", "total": "計"}
_AGE_MAX = AgeFigure._meta.get_field("age").max_length or 16
_LAYOUT = Layout(name="ages", title=TITLE, columns=())


def import_ages(
    table: Table,
    heading: AgeHeading,
    problems: Problems,
    *,
    as_of: dt.date | None,
    population_base: dt.date | None,
    replace: bool,
) -> ImportReport:
    parsed = read_age_rows(table, heading, problems)
    _check_rows(parsed, problems)
    if not parsed.rows:
        problems.raise_if_errors()
    dates = resolve_dates(
        table,
        _date_notes(heading),
        (parsed.as_of, parsed.population_base),
        problems,
        as_of=as_of,
        population_base=population_base,
    )
    problems.raise_if_errors()
    assert dates is not None
    try:
        snapshot, replaced = _store(table, parsed, dates, replace=replace)
    except IntegrityError as exc:
        raise ImportRefused.single(
            table.file, f"データベースに保存できませんでした（同じ時点を同時に取り込んでいませんか）: {exc}"
        ) from exc
    return ImportReport(
        file_name=table.file,
        layout=_LAYOUT.name,
        layout_title=TITLE,
        file_kind=table.kind,
        snapshot=snapshot,
        rows_imported=len(parsed.rows),
        warnings=problems.warnings,
        replaced=replaced,
    )


def _date_notes(heading: AgeHeading) -> dict[str, str]:
    """The date notes of the headings: 人口（R7.1.1時点） → population, 保有枚数（R7.8末時点） → count."""
    notes: dict[str, str] = {}
    for text in heading.notes:
        note = header_key(text)[1]
        if note:
            notes.setdefault("population" if "人口" in text else "count", note)
    return notes


def _check_rows(parsed: AgeRows, problems: Problems) -> None:
    """Warnings only: 男+女≠計, a count over the population, a printed rate not the computed one."""
    count_label = labels(parsed.heading.measure).count
    for age_row in parsed.rows:
        if len(age_row.age) > _AGE_MAX:
            problems.error(f"年齢の表記が長すぎます（{_AGE_MAX}文字まで）", age_row.row.label)
        for quantity, word in (("population", "人口"), ("count", count_label)):
            values = getattr(age_row, quantity)
            if values["male"] + values["female"] != values["total"]:
                problems.warning(
                    f"{word}の男 {values['male']:,} と女 {values['female']:,} の和が計 {values['total']:,} と一致しません",
                    age_row.row.label,
                )
        for sex in SEXES:
            _check_sex(age_row, sex, count_label, problems)


def _check_sex(age_row: AgeRow, sex: str, count_label: str, problems: Problems) -> None:
    population, count = age_row.population[sex], age_row.count[sex]
    if count > population:
        problems.warning(
            f"{_SEX_LABELS[sex]}の{count_label} {count:,} が人口 {population:,} を超えています",
            age_row.row.label,
        )
    printed = age_row.rate.get(sex)
    if printed is None:
        return
    places = decimal_places(printed)
    computed = rate_percent(count, population, min(places, 3))
    if places > 3:  # the unrounded fraction: the same ratio
        agrees = abs(printed * population - Decimal(count) * 100) <= population * Decimal("0.0000005")
    else:
        agrees = computed == printed
    if not agrees:
        problems.warning(
            f"{_SEX_LABELS[sex]}の公表の率 {printed}% が計算値 {computed}% と一致しません", age_row.row.label
        )


def _store(
    table: Table, parsed: AgeRows, dates: SnapshotDates, *, replace: bool
) -> tuple[IssuanceSnapshot, bool]:
    with transaction.atomic():
        snapshot, replaced = prepare_snapshot(
            dates, (AgeFigure,), table.file, replace=replace, title=TITLE, measure=parsed.heading.measure
        )
        AgeFigure.objects.bulk_create(
            AgeFigure(
                snapshot=snapshot,
                position=position,
                age=age_row.age,
                sex=sex,
                population=age_row.population[sex],
                issued=age_row.count[sex],
                printed_rate=_stored_rate(age_row.rate.get(sex)),
            )
            for position, age_row in enumerate(parsed.rows)
            for sex in SEXES
        )
    return snapshot, replaced


def _stored_rate(rate: Decimal | None) -> Decimal | None:
    if rate is None:
        return None
    stored = rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return stored if abs(stored) < 10_000 else None
