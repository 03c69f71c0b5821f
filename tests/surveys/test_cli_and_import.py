"""kofu surveys crosstab / import-answers: CSV rows, one-transaction imports with file, row and column errors."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from kofu.accounts.roles import SYSTEM
from kofu.surveys.models import Answer
from kofu.surveys.services.importing import AnswersImportError, answers_import
from tests.surveys.conftest import respondents_by_side
from tests.surveys.seed000 import answers_for


def crosstab_csv(survey) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("surveys", "crosstab", survey.slug, "--format", "csv", stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_crosstab_prints_row_top_bottom_and_p_value(answered_survey):
    rows = {r["row"]: r for r in crosstab_csv(answered_survey)}
    assert list(next(iter(rows.values()))) == ["row", "top", "bottom", "total", "p_value"]
    assert (rows["表2 実施"]["top"], rows["表2 実施"]["bottom"]) == ("12", "7")
    assert (rows["表2 未実施"]["top"], rows["表2 未実施"]["bottom"], rows["表2 未実施"]["p_value"]) == (
        "18",
        "23",
        "",
    )
    assert (rows["表4 合計"]["top"], rows["表4 合計"]["bottom"]) == ("23", "20")
    assert (rows["表5 合計"]["top"], rows["表5 合計"]["bottom"]) == ("22", "23")
    assert float(rows["表1 合計"]["p_value"]) == pytest.approx(0.0303, abs=1e-4)


def test_crosstab_by_id_and_unknown_survey(seed_survey):
    out = io.StringIO()
    call_command("surveys", "crosstab", str(seed_survey.pk), stdout=out)
    assert out.getvalue().startswith("row,top,bottom,total,p_value")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="調査「nope」はありません"):
        call_command("surveys", "crosstab", "nope")


def workbook_of(survey, path, mutate=None):
    answers = answers_for(respondents_by_side(survey))
    keys = [q.key for q in survey.questions.all()]
    wb = Workbook()
    ws = wb.active
    header = ["団体コード"]
    for q in survey.questions.all():
        header.append(q.key)
        if q.kind == "coded_text":
            header.append(q.key + ":記述")
    ws.append(header)
    for code, values in answers.items():
        row = [code]
        for key in keys:
            value = values.get(key)
            if isinstance(value, tuple):
                row += [value[1], value[0]]
            elif isinstance(value, bool):
                row.append("はい" if value else "いいえ")
            else:
                row.append(value)
        ws.append(row)
    if mutate:
        mutate(ws)
    wb.save(path)
    return path


def test_importing_the_workbook_reproduces_the_tables(seed_survey, tmp_path):
    path = workbook_of(seed_survey, tmp_path / "answers.xlsx")
    out = io.StringIO()
    call_command("surveys", "import-answers", seed_survey.slug, str(path), stdout=out)
    assert "60 団体の回答を取り込みました" in out.getvalue()
    rows = {r["row"]: r for r in crosstab_csv(seed_survey)}
    assert (rows["表2 実施"]["top"], rows["表2 実施"]["bottom"]) == ("12", "7")
    assert (rows["表3 自治体発行以外の媒体（表3赤枠）を実施した団体数"]["top"]) == "20"


def test_a_bad_workbook_names_file_row_and_column_and_changes_nothing(seed_survey, tmp_path):
    def spoil(ws):
        ws.cell(row=3, column=3).value = "たぶん"  # incentives (column C) on row 3
        ws.cell(row=5, column=1).value = "013030"  # 当別町: not a respondent
        ws.cell(row=6, column=4).value = "goods;caviar"  # unknown kind

    path = workbook_of(seed_survey, tmp_path / "bad.xlsx", spoil)
    with pytest.raises(AnswersImportError) as caught:
        answers_import(survey=seed_survey, path=path, actor=SYSTEM)
    messages = [str(p) for p in caught.value.problems]
    assert any(
        m.startswith("bad.xlsx 3行目「incentives」") and "「はい」または「いいえ」" in m for m in messages
    )
    assert any(m.startswith("bad.xlsx 5行目「団体コード」") and "013030" in m for m in messages)
    assert any(m.startswith("bad.xlsx 6行目「incentive-kinds」") and "caviar" in m for m in messages)
    assert Answer.objects.filter(respondent__survey=seed_survey).count() == 0


def test_an_unknown_column_and_a_my_number_are_refused(seed_survey, tmp_path):
    def spoil(ws):
        ws.cell(row=1, column=30).value = "favourite-colour"

    path = workbook_of(seed_survey, tmp_path / "cols.xlsx", spoil)
    with pytest.raises(AnswersImportError, match="cols.xlsx 1行目「favourite-colour」"):
        answers_import(survey=seed_survey, path=path, actor=SYSTEM)

    def my_number(ws):
        ws.cell(row=2, column=ws.max_column).value = "連絡先 1234 5678 9018"

    path = workbook_of(seed_survey, tmp_path / "mn.xlsx", my_number)
    with pytest.raises(AnswersImportError, match="個人番号"):
        answers_import(survey=seed_survey, path=path, actor=SYSTEM)


def test_import_answers_exits_1_with_messages(seed_survey, tmp_path, capsys):
    path = tmp_path / "broken.xlsx"
    path.write_text("not a workbook")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("surveys", "import-answers", seed_survey.slug, str(path), stderr=err)
    assert exit_info.value.code == 1
    assert "broken.xlsx" in err.getvalue() and "XLSX" in err.getvalue()
