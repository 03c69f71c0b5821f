"""XLSX of the plan in the ministry sheet's tabular layout: template, import, prefecture export.

Sheet 「計画」: the plan's figures as label/value pairs in columns A/B, then a table whose header
row starts with 「月」 and holds one row per month (see docs/data-formats.md).
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation
from typing import Any

from kofu.core import spreadsheet
from kofu.core.validators import no_my_number
from kofu.plans.models import SmoothingPlan
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
OPTIONAL_FIGURES = {"office_max_windows", "staff_per_window", "terminals_per_window"}
OPTIONAL_COLUMNS = {"windows", "staff", "terminals"}
DECIMAL_FIGURES = {"per_window_daily", "shared_per_window_daily", "staff_per_window", "terminals_per_window"}
TEXT_FIGURES = {"base_month", "deadline"}


class PlanFileError(ValueError):
    """The file was refused; the message names the file, row and column, in Japanese."""


def template(municipality: Municipality, figures: dict[str, Any], months: list[dict[str, Any]]) -> bytes:
    """A workbook pre-filled with ``figures`` and one row per month (targets may be blank)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet["A1"] = f"交付円滑化計画（{municipality.full_name}・団体コード {municipality.code}）"
    sheet["A1"].font = Font(bold=True)
    sheet["A2"] = "B列の値と、各月の行を記入してください。月の行は基準月の翌月から期限月までです。"
    for offset, (field, label) in enumerate(FIGURES):
        sheet.cell(row=3 + offset, column=1, value=label)
        value = figures.get(field)
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


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m")
    return str(value).strip()


def _convert(field: str, text: str, where: str, *, optional: bool) -> Any:
    if not text:
        if optional:
            return None
        raise PlanFileError(f"{where}: 値がありません")
    if field in TEXT_FIGURES or field == "month":
        return text
    if field in DECIMAL_FIGURES:
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise PlanFileError(f"{where}: 数値ではありません（{text!r}）") from None
    try:
        number = int(text.replace(",", ""))
    except ValueError:
        raise PlanFileError(f"{where}: 整数ではありません（{text!r}）") from None
    if number < 0:
        raise PlanFileError(f"{where}: 0以上で入力してください（{number}）")
    return number


def read(content: bytes, *, filename: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The plan's figures and month rows from a workbook in the template's layout."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise PlanFileError(f"ファイル {filename}: XLSX（Excel）ファイルとして読めません") from None
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    labels = {label: field for field, label in FIGURES}
    figures: dict[str, Any] = {}
    months: list[dict[str, Any]] = []
    header_row: int | None = None
    letters = "ABCDEFG"
    for index, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in (list(row) + [None] * 7)[:7]]
        for col, text in enumerate(cells):
            try:
                no_my_number(text)
            except Exception:
                raise PlanFileError(
                    f"ファイル {filename} の{index}行目 {letters[col]}列: 個人番号（マイナンバー）と思われる数字は入力できません"
                ) from None
        if header_row is None:
            if cells[0] == COLUMNS[0][1]:
                header_row = index
                if cells[: len(COLUMNS)] != [label for _, label in COLUMNS]:
                    raise PlanFileError(
                        f"ファイル {filename} の{index}行目: 表の見出しは「{'・'.join(text for _, text in COLUMNS)}」の順にしてください"
                    )
            elif cells[0] in labels:
                field = labels[cells[0]]
                where = f"ファイル {filename} の{index}行目 B列（{cells[0]}）"
                figures[field] = _convert(field, cells[1], where, optional=field in OPTIONAL_FIGURES)
            continue
        if not any(cells):
            continue
        entry: dict[str, Any] = {}
        for col, (field, label) in enumerate(COLUMNS):
            where = f"ファイル {filename} の{index}行目 {letters[col]}列（{label}）"
            entry[field] = _convert(field, cells[col], where, optional=field in OPTIONAL_COLUMNS)
        months.append(entry)
    missing = [label for field, label in FIGURES if field not in figures and field not in OPTIONAL_FIGURES]
    if missing:
        raise PlanFileError(f"ファイル {filename}: A列に「{'」「'.join(missing)}」の行がありません")
    if header_row is None:
        raise PlanFileError(f"ファイル {filename}: 「月」で始まる各月の表の見出し行がありません")
    if not months:
        raise PlanFileError(f"ファイル {filename}: 各月の行がありません")
    return figures, months


def prefecture_export(prefecture_name: str, rows: list[Any]) -> bytes:
    """One sheet per view: the plans of the prefecture's municipalities and their month rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from kofu.plans.selectors import sized

    book = Workbook()
    summary = book.active
    summary.title = "計画一覧"
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
