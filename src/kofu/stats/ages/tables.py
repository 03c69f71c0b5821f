"""The age × sex table of a snapshot: rows as published, rates computed (half-up, one decimal)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from kofu.core import spreadsheet
from kofu.rules.measures import labels
from kofu.rules.rates import rate_percent
from kofu.rules.wareki import wareki
from kofu.stats import cache
from kofu.stats.models import AgeFigure, IssuanceSnapshot
from kofu.stats.tables.source import cache_key, source_text

SEX_LABELS = {"male": "男", "female": "女", "total": "計"}
#: Ages that are the whole population, not a band (not drawn in the pyramid).
WHOLE = frozenset({"全体", "総数", "合計", "計"})


class AgeTableError(Exception):
    """No age × sex table for the date asked (a message for people)."""


@dataclass(frozen=True)
class AgeRow:
    age: str
    sex: str  # male / female / total
    population: int
    issued: int  # the snapshot's measure: cards issued, or held

    @property
    def rate(self) -> Decimal:
        return rate_percent(self.issued, self.population, 1)


@dataclass(frozen=True)
class AgeTable:
    as_of: dt.date
    population_base: dt.date
    measure: str
    source: str
    rows: list[AgeRow]

    def bands(self) -> list[str]:
        """Ages in published order, without the whole-population row."""
        return list(dict.fromkeys(r.age for r in self.rows if r.age not in WHOLE))

    def by_age(self) -> list[tuple[str, dict[str, AgeRow]]]:
        """(age, {sex: row}) in published order: one line per age for a page."""
        grouped: dict[str, dict[str, AgeRow]] = {}
        for row in self.rows:
            grouped.setdefault(row.age, {})[row.sex] = row
        return list(grouped.items())

    @property
    def title(self) -> str:
        return f"男女・年齢別の{labels(self.measure).count}"


def age_table(as_of: dt.date) -> AgeTable:
    snapshot = IssuanceSnapshot.objects.filter(as_of=as_of).first()
    if snapshot is None or not AgeFigure.objects.filter(snapshot=snapshot).exists():
        raise AgeTableError(
            f"{as_of:%Y-%m-%d} 時点の男女・年齢別の表は取り込まれていません"
            "（kofu stats import demographics.csv で取り込めます）"
        )
    return snapshot_age_table(snapshot)


def snapshot_age_table(snapshot: IssuanceSnapshot) -> AgeTable:
    """The snapshot's table, built once per snapshot version (a snapshot never changes otherwise)."""
    return cache.remember(cache_key(snapshot, "ages"), lambda: _build(snapshot))


def _build(snapshot: IssuanceSnapshot) -> AgeTable:
    rows = [
        AgeRow(age, sex, population, issued)
        for age, sex, population, issued in AgeFigure.objects.filter(snapshot=snapshot)
        .order_by("position", "id")
        .values_list("age", "sex", "population", "issued")
    ]
    return AgeTable(snapshot.as_of, snapshot.population_base, snapshot.measure, source_text(snapshot), rows)


def dates_with_ages() -> list[dt.date]:
    return list(
        IssuanceSnapshot.objects.filter(age_figures__isnull=False)
        .distinct()
        .order_by("-as_of")
        .values_list("as_of", flat=True)
    )


def csv_header(table: AgeTable) -> list[str]:
    return ["age", "sex", "population", table.measure, "rate"]


def write_csv(table: AgeTable, out: IO[str]) -> None:
    writer = spreadsheet.csv_writer(out)
    writer.writerow(csv_header(table))
    for row in table.rows:
        writer.writerow([row.age, row.sex, row.population, row.issued, f"{row.rate}"])


def heading_lines(table: AgeTable) -> list[str]:
    names = labels(table.measure)
    return [
        f"マイナンバーカードの{table.title}（{wareki(table.as_of)}現在）",
        f"{names.count}基準日: {table.as_of:%Y-%m-%d}（{wareki(table.as_of)}）　"
        f"人口算出基準日: {table.population_base:%Y-%m-%d}（{wareki(table.population_base)}）",
        f"出典: {table.source}",
    ]


def write_xlsx(table: AgeTable, out: IO[bytes] | str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    names = labels(table.measure)
    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's one sheet
    sheet.title = "男女・年齢別"
    for line in heading_lines(table):
        sheet.append([spreadsheet.neutralise(line)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["年齢", "性別", f"人口（{wareki(table.population_base)}時点）", names.count, names.rate])
    for row in table.rows:
        sheet.append(
            [
                spreadsheet.neutralise(row.age),
                SEX_LABELS[row.sex],
                row.population,
                row.issued,
                float(row.rate) / 100,
            ]
        )
        sheet.cell(sheet.max_row, 5).number_format = "0.0%"
    spreadsheet.neutralise_workbook(book).save(out)
