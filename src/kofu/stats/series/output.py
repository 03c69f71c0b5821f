"""Series as CSV (``kofu stats series``, downloads) and XLSX.

``as_of,population,issued,rate,population_base,measure,added,days,daily_average,monthly_average,note``
— the third column is ``held`` when the series counts cards held; a series that crosses the
change of measure (July 2023) has both columns, each row filling its own, and ``note`` says where
the series breaks and where the population base date changes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kofu.core import spreadsheet
from kofu.rules.measures import Measure, labels
from kofu.rules.wareki import wareki
from kofu.stats.series.selectors import Series, SeriesRow

if TYPE_CHECKING:
    from openpyxl import Workbook

TAIL = ["population_base", "measure", "added", "days", "daily_average", "monthly_average", "note"]
TAIL_LABELS = ["人口算出基準日", "数えているもの", "前回からの増加数", "日数", "1日平均", "1か月平均", "注記"]


def _measure_columns(series: Series) -> list[str]:
    measures = series.measures or [Measure.ISSUED.value]
    return [m.value for m in Measure if m.value in measures]


def header(series: Series) -> list[str]:
    return ["as_of", "population", *_measure_columns(series), "rate", *TAIL]


def _blank(value: int | None) -> object:
    return "" if value is None else value


def _cells(series: Series, row: SeriesRow) -> list[object]:
    point, period = row.point, row.period
    counts = [point.issued if point.measure == m else "" for m in _measure_columns(series)]
    return [
        f"{point.as_of:%Y-%m-%d}",
        point.population,
        *counts,
        point.rate,
        f"{point.population_base:%Y-%m-%d}",
        point.measure,
        _blank(period.added),
        _blank(period.days),
        _blank(period.daily_average),
        _blank(period.monthly_average),
        spreadsheet.neutralise(row.note),
    ]


def write_csv(series: Series, out: IO[str]) -> None:
    writer = spreadsheet.csv_writer(out, lineterminator="\n")
    writer.writerow(header(series))
    for row in series.rows:
        writer.writerow(_cells(series, row))


def csv_text(series: Series) -> str:
    buffer = io.StringIO()
    write_csv(series, buffer)
    return buffer.getvalue()


def title(series: Series) -> str:
    counted = "・".join(labels(m).count for m in _measure_columns(series))
    return f"マイナンバーカードの{counted}の推移　{series.name}"


def workbook(series: Series) -> Workbook:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's one sheet
    sheet.title = "推移"
    sheet["A1"] = title(series)
    sheet["A1"].font = Font(bold=True, size=13)
    if series.points:
        first, last = series.points[0], series.points[-1]
        sheet["A2"] = (
            f"基準日: {first.as_of:%Y-%m-%d}（{wareki(first.as_of)}）～{last.as_of:%Y-%m-%d}（{wareki(last.as_of)}）"
            f"　人口算出基準日は各行に記載（{len(series.points)}時点）"
        )
    sheet["A3"] = spreadsheet.neutralise("出典: " + " / ".join(series.sources))
    counts = [labels(m).count for m in _measure_columns(series)]
    sheet.append(["基準日", "人口", *counts, "人口に対する割合（%）", *TAIL_LABELS])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in series.rows:
        cells = _cells(series, row)
        cells[len(counts) + 2] = float(row.point.rate) / 100
        sheet.append(cells)
        current = sheet.max_row
        for column in range(2, 3 + len(counts)):
            sheet.cell(current, column).number_format = "#,##0"
        sheet.cell(current, 3 + len(counts)).number_format = "0.0%"
    for index, width in enumerate([12, 14, *[14] * len(counts), 12, 14, 10, 14, 8, 10, 12, 40], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return spreadsheet.neutralise_workbook(book)


def write_xlsx(series: Series, path: Path | IO[bytes]) -> None:
    workbook(series).save(path)
