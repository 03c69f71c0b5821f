"""Import a survey's answers from an XLSX workbook: all rows or none, errors by file, row and column.

Layout (first sheet): row 1 holds the headers — ``団体コード`` then one column per question key
(see ``docs/data-formats.md``); a coded free-text question takes its codes in the ``KEY`` column and
its text in an optional ``KEY:記述`` column. One row per respondent.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from kofu.accounts.roles import Actor
from kofu.core.validators import no_my_number
from kofu.rules.codes import normalize_localgov_code
from kofu.surveys.models import Question, Survey
from kofu.surveys.services.measure import _require_ministry, answers_save

CODE_HEADER = "団体コード"
TEXT_SUFFIX = ":記述"


@dataclass(frozen=True)
class ImportProblem:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file} {self.row}行目" + (f" 列「{self.column}」" if self.column else "")
        return f"{where}: {self.message}"


class AnswersImportError(Exception):
    def __init__(self, problems: list[ImportProblem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.strip() if isinstance(value, str) else value


def answers_import(*, survey: Survey, path: Path | str, name: str | None = None, actor: Actor) -> int:
    """Import every row in one transaction; raise AnswersImportError listing every problem."""
    _require_ministry(actor)
    from openpyxl import load_workbook

    label = name or Path(path).name
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — any unreadable file gets one plain message
        raise AnswersImportError([ImportProblem(label, 0, "", "XLSX ファイルとして読めません")]) from None
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    if not rows:
        raise AnswersImportError([ImportProblem(label, 1, "", "空のファイルです")])
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    questions = {q.key: q for q in survey.questions.all()}
    problems: list[ImportProblem] = []
    if CODE_HEADER not in headers:
        problems.append(ImportProblem(label, 1, CODE_HEADER, "団体コードの列がありません"))
    for header in headers:
        key = header.removesuffix(TEXT_SUFFIX)
        if header and header != CODE_HEADER and key not in questions:
            problems.append(ImportProblem(label, 1, header, "この調査にない設問の列です"))
    if problems:
        raise AnswersImportError(problems)
    respondents = {
        r.municipality.code: r for r in survey.respondents.select_related("municipality", "survey")
    }
    count = 0
    with transaction.atomic():
        seen: set[str] = set()
        for number, raw in enumerate(rows[1:], start=2):
            values = dict(zip(headers, (_cell(v) for v in raw), strict=False))
            if all(v in (None, "") for v in values.values()):
                continue
            for header, value in values.items():
                try:
                    no_my_number(value)
                except ValidationError as exc:
                    problems.append(ImportProblem(label, number, header, exc.messages[0]))
            try:
                code = normalize_localgov_code(str(values.get(CODE_HEADER) or ""))
            except ValueError as exc:
                problems.append(ImportProblem(label, number, CODE_HEADER, str(exc)))
                continue
            respondent = respondents.get(code)
            if respondent is None:
                problems.append(
                    ImportProblem(label, number, CODE_HEADER, f"{code} はこの調査の回答団体ではありません")
                )
                continue
            if code in seen:
                problems.append(ImportProblem(label, number, CODE_HEADER, f"{code} の行が重複しています"))
                continue
            seen.add(code)
            answer_values: dict[str, Any] = {}
            for key, question in questions.items():
                value = values.get(key)
                if question.kind == Question.Kind.CODED_TEXT:
                    value = (values.get(key + TEXT_SUFFIX) or "", value)
                answer_values[key] = value
            try:
                with transaction.atomic():
                    answers_save(respondent=respondent, values=answer_values, actor=actor, purpose="import")
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    for message in messages:
                        problems.append(ImportProblem(label, number, key, message))
            else:
                count += 1
        if problems:
            transaction.set_rollback(True)
            raise AnswersImportError(problems)
    return count
