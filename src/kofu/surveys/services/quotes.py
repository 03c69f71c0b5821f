"""Excerpts of free-text opinions (資料000 表7): quotes filed under the theme their answer was coded to."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.surveys.models import Option, Question, Quote, Respondent
from kofu.surveys.services.measure import _require_ministry


@transaction.atomic
def quote_add(
    *,
    question: Question,
    theme: Option,
    text: str,
    theme_label: str = "",
    respondent: Respondent | None = None,
    actor: Actor,
) -> Quote:
    """File ``text`` under ``theme`` of a coded free-text question (ministry only).

    With a ``respondent``, that body must have been coded to the theme (the quote is its words).
    """
    _require_ministry(actor)
    if question.kind != Question.Kind.CODED_TEXT:
        raise ValidationError({"question": "意見の抜粋は自由記述（類型化）の設問にだけ載せられます"})
    if theme.question_id != question.pk:
        raise ValidationError({"theme": "類型はこの設問の選択肢から選んでください"})
    if respondent is not None:
        coded = respondent.answers.filter(question=question, choices=theme).exists()
        if respondent.survey_id != question.survey_id or not coded:
            raise ValidationError({"respondent": "この団体の回答はこの類型に分類されていません"})
    last = Quote.objects.select_for_update().filter(question=question).aggregate(m=Max("position"))["m"]
    quote = Quote(
        question=question,
        theme=theme,
        theme_label=theme_label.strip(),
        text=text.strip(),
        respondent=respondent,
        position=(last or 0) + 1,
    )
    quote.full_clean()
    quote.save()
    audit_record(
        actor=actor,
        action="survey_quote_add",
        object_type="survey",
        object_id=question.survey_id,
        after={"question": question.key, "theme": theme.code, "position": quote.position},
    )
    return quote
