"""XLSX of the plan in the ministry sheet's tabular layout: template, import, prefecture export.

Sheet 「計画」: the plan's figures as label/value pairs in columns A/B, then a table whose header
row starts with 「月」 and holds one row per month (see docs/data-formats.md). Read through
:mod:`kofu.core.tabular` (size limits, the My Number guard on every cell, problems by row and column).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from kofu.core import spreadsheet
from kofu.core.tabular import ImportRefused, Kind, Limits, Problems, Row, iter_rows, open_source
from kofu.plans.models import SmoothingPlan
from kofu.plans.selectors import sized
from kofu.plans.xlsx_measures import MEASURE_FIGURES, MEASURE_KEYS, MONTHS, YES_NO, blank, yes_no, yes_no_cell
from kofu.registry.models import Municipality

SHEET = "計画"
FIGURES: list[tuple[str, str]] = [
    ("base_month", "基準月"),
    ("deadline", "期限月"),
    ("population", "住民基本台帳人口"),
    ("issued", "基準月末の累計交付枚数"),
    ("per_window_daily", "専用窓口の1窓口1日当たり交付枚数"),
    ("windows", "専用窓口数（現有）"),
    ("shared_windows", "他業務との共用窓口数"),
    ("shared_per_window_daily", "共用窓口の1窓口1日当たり交付枚数"),
    ("staff_per_window", "1窓口当たりの職員数"),
    ("terminals_per_window", "1窓口当たりの統合端末数"),
    ("office_max_windows", "庁舎内に設置できる最大窓口数"),
    *MEASURE_FIGURES,  # seeds 003 §4–§5, 004 p.10 and the other measures (optional rows)
]
COLUMNS: list[tuple[str, str]] = [
    ("month", "月"),
    ("target", "交付枚数"),
    ("weekend_days", "土日開庁日数"),
    ("windows", "窓口数"),
    ("staff", "職員数"),
    ("terminals", "統合端末数"),
    ("temporary_windows", "臨時窓口数（庁舎外）"),
]
OPTIONAL_FIGURES = {"office_max_windows", "staff_per_window", "terminals_per_window", *MEASURE_KEYS}
OPTIONAL_COLUMNS = {"windows", "staff", "terminals"}
DECIMAL_FIGURES = {"per_window_daily", "shared_per_window_daily", "staff_per_window", "terminals_per_window"}
TEXT_FIGURES = {"base_month", "deadline"}


#: A refused plan file (the import core's one problem type: file, row, column, in Japanese).
PlanFileError = ImportRefused
#: Longest plan workbook read (the template is a few kB).
MAX_BYTES = 2_000_000
_LETTERS = "ABCDEFG"


def _workbook(title: str) -> tuple[Workbook, Worksheet]:
    """A new workbook and its one sheet, named ``title``."""
    book = Workbook()
    sheet = book.active
    # openpyxl types ``active`` as possibly a chart sheet or none; a new workbook's is a worksheet.
    if not isinstance(sheet, Worksheet):
        raise TypeError(f"a new workbook's active sheet is {type(sheet).__name__}")
    sheet.title = title
    return book, sheet


def template(municipality: Municipality, figures: dict[str, Any], months: list[dict[str, Any]]) -> bytes:
    """A workbook pre-filled with ``figures`` and one row per month (targets may be blank)."""
    book, sheet = _workbook(SHEET)
    sheet["A1"] = f"交付円滑化計画（{municipality.full_name}・団体コード {municipality.code}）"
    sheet["A1"].font = Font(bold=True)
    sheet["A2"] = "B列の値と、各月の行を記入してください。月の行は基準月の翌月から期限月までです。"
    for offset, (field, label) in enumerate(FIGURES):
        sheet.cell(row=3 + offset, column=1, value=label)
        value = figures.get(field)
        if field in YES_NO:
            value = yes_no_cell(value)
        sheet.cell(row=3 + offset, column=2, value=float(value) if isinstance(value, Decimal) else value)
    header = 3 + len(FIGURES) + 1
    for col, (_, label) in enumerate(COLUMNS, start=1):
        sheet.cell(row=header, column=col, value=label).font = Font(bold=True)
    for r, row in enumerate(months, start=header + 1):
        for col, (field, _) in enumerate(COLUMNS, start=1):
            sheet.cell(row=r, column=col, value=row.get(field))
    sheet.column_dimensions["A"].width = 36
    out = io.BytesIO()
    spreadsheet.neutralise_workbook(book).save(out)
    return out.getvalue()


class _CellRefused(ValueError):
    """One cell cannot be read; ``str()`` is the Japanese text."""


def _convert(field: str, text: str, *, optional: bool) -> Any:
    if not text:
        if optional:
            return blank(field)
        raise _CellRefused("値がありません")
    if field in TEXT_FIGURES or field in MONTHS or field == "month":
        return _month_text(text)
    if field in YES_NO:
        try:
            return yes_no(text)
        except ValueError as exc:
            raise _CellRefused(str(exc)) from None
    if field in DECIMAL_FIGURES:
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise _CellRefused(f"数値ではありません（{text!r}）") from None
    try:
        number = int(text.replace(",", ""))
    except ValueError:
        raise _CellRefused(f"整数ではありません（{text!r}）") from None
    if number < 0:
        raise _CellRefused(f"0以上で入力してください（{number}）")
    return number


def _month_text(text: str) -> str:
    """A month as typed (``2023-04``), or an Excel date cell (read as ``2023-04-01``) cut to its month."""
    return text[:7] if len(text) == 10 and text[4] == "-" and text[7] == "-" else text


def _cell(problems: Problems, row: Row, col: int, label: str, field: str, *, optional: bool) -> Any:
    text = row.cells[col].strip() if col < len(row.cells) else ""
    try:
        return _convert(field, text, optional=optional)
    except _CellRefused as exc:
        problems.error(str(exc), row.label, f"{_LETTERS[col]}列（{label}）")
        return None


def read(content: bytes, *, filename: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The plan's figures and month rows from a workbook in the template's layout.

    Raises :class:`PlanFileError` (``ImportRefused``) listing every problem, each naming the
    file, the row and the column."""
    problems = Problems(file=filename)
    limits = Limits.from_settings().at_most(max_bytes=MAX_BYTES)
    with open_source(io.BytesIO(content), name=filename, accept=(Kind.XLSX,), limits=limits) as source:
        figures, months, header_row = _read_rows(iter_rows(source, problems, sheet=SHEET), problems)
    missing = [label for field, label in FIGURES if field not in figures and field not in OPTIONAL_FIGURES]
    if missing:
        problems.error(f"A列に「{'」「'.join(missing)}」の行がありません")
    if header_row is None:
        problems.error("「月」で始まる各月の表の見出し行がありません")
    elif not months and not problems.error_count:
        problems.error("各月の行がありません")
    problems.raise_if_errors()
    return figures, months


def _read_rows(
    rows: Iterator[Row], problems: Problems
) -> tuple[dict[str, Any], list[dict[str, Any]], int | None]:
    labels = {label: field for field, label in FIGURES}
    headings = [label for _, label in COLUMNS]
    figures: dict[str, Any] = {}
    months: list[dict[str, Any]] = []
    header_row: int | None = None
    for row in rows:
        first = row.cells[0].strip() if row.cells else ""
        if header_row is None:
            if first == COLUMNS[0][1]:
                header_row = row.number
                if [cell.strip() for cell in row.cells[: len(COLUMNS)]] != headings:
                    problems.refuse(f"表の見出しは「{'・'.join(headings)}」の順にしてください", row.label)
            elif first in labels:
                field = labels[first]
                figures[field] = _cell(problems, row, 1, first, field, optional=field in OPTIONAL_FIGURES)
            continue
        if row.is_blank():
            continue
        months.append(
            {
                field: _cell(problems, row, col, label, field, optional=field in OPTIONAL_COLUMNS)
                for col, (field, label) in enumerate(COLUMNS)
            }
        )
    return figures, months, header_row


def prefecture_export(prefecture_name: str, rows: list[Any]) -> bytes:
    """One sheet per view: the plans of the prefecture's municipalities and their month rows."""
    book, summary = _workbook("計画一覧")
    summary.append([f"{prefecture_name} 交付円滑化計画の一覧"])
    summary["A1"].font = Font(bold=True)
    summary.append(
        [
            "団体コード",
            "市区町村名",
            "状態",
            "版",
            "人口",
            "基準月",
            "基準月末の累計交付枚数",
            "計画交付枚数の合計",
            "期限までの累計（人口比％）",
            "確認1 到達",
            "確認2 窓口数",
            "確認3 臨時窓口",
            "確認4 土日交付",
            "確認5 体制構築",
            "確認6 交付前設定の委託",
            "確認7 受取予約",
            "経費見込額 令和3年度（円）",
            "経費見込額 令和4年度（円）",
            "概算交付見込額（円）",
        ]
    )
    mark = {True: "○", False: "×", None: "－"}
    months = book.create_sheet("月別")
    months.append(
        [
            "団体コード",
            "市区町村名",
            "月",
            "交付枚数",
            "開庁日数",
            "必要窓口数",
            "窓口数（計画）",
            "職員数（計画）",
            "統合端末数（計画）",
            "臨時窓口数",
            "土日開庁日数",
            "現有窓口で可能",
        ]
    )
    for row in rows:
        plan: SmoothingPlan | None = row.plan
        m = row.municipality
        if plan is None:
            summary.append([m.code, m.name, "未作成"])
            continue
        summary.append(
            [
                m.code,
                m.name,
                plan.get_status_display(),
                plan.version,
                plan.population,
                plan.base_month,
                plan.issued,
                row.planned_total,
                float(row.reached_percent) if row.reached_percent else None,
                *[mark[c.passed] for c in row.checks],
                *[""] * (7 - len(row.checks)),
                plan.cost_fy2021,
                plan.cost_fy2022,
                plan.estimated_grant,
            ]
        )
        if not row.checks:
            continue
        stored = {x.month: x for x in plan.months.all()}
        for month in sized(plan).months:
            x = stored[str(month.month)]
            months.append(
                [
                    m.code,
                    m.name,
                    str(month.month),
                    month.target,
                    month.opening_days,
                    month.windows_needed,
                    x.windows,
                    x.staff,
                    x.terminals,
                    x.temporary_windows,
                    month.weekend_days,
                    mark[month.feasible],
                ]
            )
    out = io.BytesIO()
    spreadsheet.neutralise_workbook(book).save(out)
    return out.getvalue()
