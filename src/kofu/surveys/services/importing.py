"""Import a survey's answers from an XLSX workbook: all rows or none, errors by file, row and column.

Layout (first sheet): row 1 holds the headers — ``団体コード`` then one column per question key
(see ``docs/data-formats.md``); a coded free-text question takes its codes in the ``KEY`` column and
its text in an optional ``KEY:記述`` column. One row per respondent. The workbook is read through
:mod:`kofu.core.tabular` (size limits, the My Number guard on every cell).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from kofu.accounts.roles import Actor
from kofu.core.tabular import (
    ImportRefused,
    Kind,
    Limits,
    Problem,
    Problems,
    Row,
    iter_rows,
    open_source,
    row_label,
)
from kofu.rules.codes import normalize_localgov_code
from kofu.surveys.models import Question, Respondent, Survey
from kofu.surveys.services.measure import _require_ministry, answers_save

CODE_HEADER = "団体コード"
TEXT_SUFFIX = ":記述"
#: Longest answers workbook read (one row per respondent: a few hundred rows).
MAX_BYTES = 20 * 1024 * 1024
#: The problem type and the refusal of every importer (kofu.core.tabular), under their old names here.
ImportProblem = Problem
AnswersImportError = ImportRefused


def _read(path: Path | str, label: str, problems: Problems) -> tuple[list[str], list[Row]]:
    limits = Limits.from_settings().at_most(max_bytes=MAX_BYTES)
    with open_source(Path(path), name=label, accept=(Kind.XLSX,), limits=limits) as source:
        rows = list(iter_rows(source, problems, header_row=1))
    if not rows or rows[0].number != 1:
        problems.refuse("1行目に見出しがありません（空のファイルか、見出しを読めません）", row_label(1))
    return [h.strip() for h in rows[0].cells], rows[1:]


def _check_headers(headers: list[str], survey: Survey, problems: Problems) -> dict[str, Question]:
    questions = {q.key: q for q in survey.questions.all()}
    if CODE_HEADER not in headers:
        problems.error("団体コードの列がありません", row_label(1), CODE_HEADER)
    for header in headers:
        key = header.removesuffix(TEXT_SUFFIX)
        if header and header != CODE_HEADER and key not in questions:
            problems.error("この調査にない設問の列です", row_label(1), header)
    problems.raise_if_errors()
    return questions


def answers_import(*, survey: Survey, path: Path | str, name: str | None = None, actor: Actor) -> int:
    """Import every row in one transaction; raise :class:`ImportRefused` listing every problem."""
    _require_ministry(actor)
    label = name or Path(path).name
    problems = Problems(file=label)
    headers, rows = _read(path, label, problems)
    questions = _check_headers(headers, survey, problems)
    respondents = {
        r.municipality.code: r for r in survey.respondents.select_related("municipality", "survey")
    }
    count = 0
    with transaction.atomic():
        seen: set[str] = set()
        for row in rows:
            values = {h: v.strip() for h, v in zip(headers, row.cells, strict=False)}
            if not any(values.values()):
                continue
            respondent = _respondent(values, row, respondents, seen, problems)
            if respondent is not None and _save(respondent, values, questions, row, actor, problems):
                count += 1
        if not count and not problems.error_count:
            problems.error("回答の行がありません（見出し行だけのファイルです）")
        if problems.error_count:
            transaction.set_rollback(True)
            problems.raise_if_errors()
    return count


def _respondent(
    values: dict[str, str],
    row: Row,
    respondents: dict[str, Respondent],
    seen: set[str],
    problems: Problems,
) -> Respondent | None:
    try:
        code = normalize_localgov_code(values.get(CODE_HEADER) or "")
    except ValueError as exc:
        problems.error(str(exc), row.label, CODE_HEADER)
        return None
    respondent = respondents.get(code)
    if respondent is None:
        problems.error(f"{code} はこの調査の回答団体ではありません", row.label, CODE_HEADER)
        return None
    if code in seen:
        problems.error(f"{code} の行が重複しています", row.label, CODE_HEADER)
        return None
    seen.add(code)
    return respondent


def _save(
    respondent: Respondent,
    values: dict[str, str],
    questions: dict[str, Question],
    row: Row,
    actor: Actor,
    problems: Problems,
) -> bool:
    answer_values: dict[str, Any] = {}
    for key, question in questions.items():
        value: Any = values.get(key)
        if question.kind == Question.Kind.CODED_TEXT:
            value = (values.get(key + TEXT_SUFFIX) or "", value)
        answer_values[key] = value
    try:
        with transaction.atomic():
            answers_save(respondent=respondent, values=answer_values, actor=actor, purpose="import")
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            for message in messages:
                problems.error(message, row.label, key)
        return False
    return True
