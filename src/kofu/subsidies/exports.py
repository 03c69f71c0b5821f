"""XLSX workbooks of a claim's statement and of claim summaries (openpyxl, imported lazily)."""

from __future__ import annotations

import datetime as dt
import io
from typing import IO, Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kofu.core import spreadsheet
from kofu.rules import subsidy
from kofu.rules.subsidy_claims import BASIS_LABELS, COST_CATEGORIES
from kofu.subsidies.selectors.claims import ClaimStatement, Summary

GRANTS_HEADER = ["code", "name", "rate", "national_average", "eligible", "cards_needed"]
CLAIMS_HEADER = ["code", "name", "fiscal_year", "status", "actual", "payable"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEN = "#,##0"


def _workbook() -> Any:
    return Workbook()


def _finish(sheet: Any, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[sheet.min_row]:
        cell.font = Font(bold=True)


def _bytes(book: Any) -> bytes:
    buffer = io.BytesIO()
    spreadsheet.neutralise_workbook(book).save(buffer)
    return buffer.getvalue()


def statement_xlsx(item: ClaimStatement) -> bytes:
    claim, statement = item.claim, item.statement
    book = _workbook()
    sheet = book.active
    sheet.title = "明細"
    sheet.append(
        [
            f"{claim.municipality}（{claim.municipality.code}） {subsidy.fiscal_year_label(claim.fiscal_year)} 補助対象額の明細"
        ]
    )
    sheet.append(["状態", claim.get_status_display()])
    sheet.append(
        [
            "受付件数",
            f"申請時来庁方式 {claim.at_counter:,}件、出張申請受付方式 {claim.outreach:,}件、申請サポート方式 {claim.support:,}件",
        ]
    )
    sheet.append(["単価（円）", claim.unit_price])
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append(
        ["経費区分", "算定方法", "実支出額（円）", "上限額・基準額（円）", "補助対象額（円）", "計算式"]
    )
    for line in statement.lines:
        sheet.append(
            [
                line.category.label,
                BASIS_LABELS[line.category.basis],
                line.actual,
                line.limit,
                line.payable,
                "\n".join(line.formulas),
            ]
        )
    if statement.general_base is not None:  # the 基準額 per municipality caps the general frame (ADR 0030)
        sheet.append(
            [
                "基準額の枠内",
                "基準額まで",
                None,
                statement.general_base,
                statement.general_payable,
                statement.general_formula,
            ]
        )
    sheet.append(["合計", "", statement.total_actual, None, statement.total_payable, statement.total_formula])
    if item.estimated_grant is not None:
        sheet.append(["概算交付見込額（交付円滑化計画）", "", None, None, item.estimated_grant, ""])
    for row in sheet.iter_rows(min_row=header_row + 1, min_col=3, max_col=5):
        for cell in row:
            cell.number_format = YEN
    for note in (*statement.notes, item.receipt_problem, item.price_problem):
        if note:
            sheet.append([note])
    _finish(sheet, [60, 24, 16, 18, 16, 100])
    return _bytes(book)


def summary_xlsx(summary: Summary, *, title: str) -> bytes:
    book = _workbook()
    sheet = book.active
    sheet.title = "団体別"
    header = ["団体コード", "団体名", "年度", "状態"]
    header += [f"{c.label}（補助対象額）" for c in COST_CATEGORIES]
    header += ["実支出額の合計（円）", "補助対象額の合計（円）"]
    sheet.append(header)
    for item in summary.statements:
        claim = item.claim
        sheet.append(
            [
                claim.municipality.code,
                f"{claim.municipality.prefecture.name}{claim.municipality.name}",
                claim.fiscal_year,
                claim.get_status_display(),
                *[line.payable for line in item.statement.lines],
                item.statement.total_actual,
                item.statement.total_payable,
            ]
        )
    for row in sheet.iter_rows(min_row=2, min_col=5, max_col=len(header)):
        for cell in row:
            cell.number_format = YEN
    _finish(sheet, [10, 24, 8, 16] + [18] * len(COST_CATEGORIES) + [18, 18])

    groups = book.create_sheet("都道府県別")
    groups.append(
        [
            "都道府県コード",
            "都道府県",
            "申請数",
            "作成中",
            "提出済み",
            "確認済み",
            "差戻し",
            "実支出額の合計（円）",
            "補助対象額の合計（円）",
        ]
    )
    for group in [*summary.groups, summary.total]:
        s = group.by_status
        groups.append(
            [
                group.code,
                group.name,
                group.claims,
                s["draft"],
                s["submitted"],
                s["checked"],
                s["returned"],
                group.total_actual,
                group.total_payable,
            ]
        )
    for row in groups.iter_rows(min_row=2, min_col=8, max_col=9):
        for cell in row:
            cell.number_format = YEN
    _finish(groups, [14, 12, 8, 8, 8, 8, 8, 20, 20])
    book.properties.title = title
    return _bytes(book)


def claims_csv(summary: Summary, out: IO[str]) -> None:
    """``code,name,fiscal_year,status,actual,payable``, one row per claim (``kofu subsidy claims``)."""
    writer = spreadsheet.csv_writer(out, lineterminator="\n")
    writer.writerow(CLAIMS_HEADER)
    for item in summary.statements:
        c = item.claim
        writer.writerow(
            [
                c.municipality.code,
                c.municipality.prefecture.name + c.municipality.name,
                c.fiscal_year,
                c.status,
                item.statement.total_actual,
                item.statement.total_payable,
            ]
        )


def grants_csv(rows: list[Any], out: spreadsheet.TextSink) -> None:
    """``code,name,rate,national_average,eligible,cards_needed`` (``kofu grants check`` and the page)."""
    writer = spreadsheet.csv_writer(out, lineterminator="\n")
    writer.writerow(GRANTS_HEADER)
    for row in rows:
        a = row.assessment
        writer.writerow(
            [
                row.code,
                row.name,
                a.rate,
                a.national_average,
                "true" if a.eligible else "false",
                "" if a.cards_needed is None else a.cards_needed,
            ]
        )


def grants_csv_download(rows: list[Any], as_of: dt.date) -> HttpResponse:
    """The grant page's CSV (:func:`grants_csv`) as a download named after the date."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="grants-{as_of:%Y%m%d}.csv"'
    grants_csv(rows, response)
    return response
