"""Measure surveys: define, select respondents, save answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kofu.accounts.access import area_of
from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor, Role
from kofu.registry.selectors import categories_on
from kofu.rules import surveys as rules
from kofu.rules.rates import rate_percent
from kofu.stats.models import IssuanceSnapshot, MunicipalityFigure
from kofu.surveys.access import access_respondent
from kofu.surveys.models import Answer, Option, Question, Quota, Respondent, Survey

#: Words the surveys URLs use before a survey's slug.
RESERVED_SLUGS = frozenset({"new", "events", "practices", "staff"})

#: (code, label, group) of a choice.
OptionSpec = tuple[str, str, str]


def _require_ministry(actor: Actor) -> None:
    """Ministry staff (and the operator's commands, ``kofu surveys``) define surveys."""
    if not area_of(actor).everywhere:
        raise PermissionDenied("調査の作成・変更は総務省職員のみが行えます")


@transaction.atomic
def survey_create(
    *,
    slug: str,
    title: str,
    description: str = "",
    reference_date: dt.date | None = None,
    quotas: Mapping[str, int] | None = None,
    min_population: Mapping[str, int] | None = None,
    actor: Actor,
) -> Survey:
    """A survey with its respondent quotas (default: seed 000's 5/5, 5/5, 10/10, 10/10 and ≥ 100,000)."""
    _require_ministry(actor)
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": f"識別名「{slug}」は画面のアドレスに使われているため使えません"})
    survey = Survey(slug=slug, title=title, description=description, reference_date=reference_date)
    survey.full_clean()
    survey.save()
    quotas = rules.SEED_000_QUOTAS if quotas is None else quotas
    floors = rules.SEED_000_MIN_POPULATION if min_population is None else min_population
    for category, n in quotas.items():
        quota = Quota(survey=survey, category=category, per_side=n, min_population=floors.get(category, 0))
        quota.full_clean()
        quota.save()
    audit_record(
        actor=actor,
        action="survey_create",
        object_type="survey",
        object_id=survey.pk,
        after={"slug": slug, "title": title, "quotas": dict(quotas)},
    )
    return survey


@transaction.atomic
def question_add(
    *,
    survey: Survey,
    key: str,
    text: str,
    kind: str,
    options: Sequence[OptionSpec] = (),
    table: str = "",
    by_category: bool = False,
    yes_label: str = "実施",
    no_label: str = "未実施",
    condition: Question | None = None,
    actor: Actor,
) -> Question:
    _require_ministry(actor)
    if Answer.objects.filter(question__survey=survey).exists():
        raise ValidationError("回答の登録が始まった調査には設問を追加できません")
    position = (survey.questions.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    question = Question(
        survey=survey,
        position=position,
        key=key,
        text=text,
        kind=kind,
        table=table,
        by_category=by_category,
        yes_label=yes_label,
        no_label=no_label,
        condition=condition,
    )
    question.full_clean()
    if kind in {Question.Kind.CHOICE, Question.Kind.CODED_TEXT} and not options:
        raise ValidationError({"options": "選択式・自由記述（類型化）の設問には選択肢（類型）が必要です"})
    if condition is not None and (condition.survey_id != survey.pk or condition.kind != Question.Kind.YES_NO):
        raise ValidationError({"condition": "前提の設問は同じ調査の「はい・いいえ」の設問にしてください"})
    question.save()
    for i, (code, label, group) in enumerate(options, start=1):
        option = Option(question=question, position=i, code=code, label=label, group=group)
        option.full_clean()
        option.save()
    audit_record(
        actor=actor,
        action="survey_question_add",
        object_type="survey",
        object_id=survey.pk,
        after={"key": key, "kind": kind, "options": [o[0] for o in options]},
    )
    return question


def snapshot_for(reference: dt.date | None, tolerance_days: int | None = None) -> IssuanceSnapshot:
    """The latest complete snapshot on or before ``reference`` (the latest of all without one).

    With ``tolerance_days``, refuse a snapshot older than that many days before ``reference``,
    naming the nearest one there is.
    """
    snapshots = IssuanceSnapshot.objects.filter(complete=True).order_by("-as_of")
    if reference:
        snapshots = snapshots.filter(as_of__lte=reference)
    snapshot = snapshots.first()
    if snapshot is None:
        raise ValidationError("基準日以前の交付状況（統計の時点）が取り込まれていません")
    if reference and tolerance_days is not None:
        gap = (reference - snapshot.as_of).days
        if gap > tolerance_days:
            raise ValidationError(
                f"基準日 {reference.isoformat()} から {tolerance_days} 日以内の交付状況がありません"
                f"（最も近いのは {snapshot.as_of.isoformat()} 時点で {gap} 日前）。"
                f"その時点で選ぶには許容日数を {gap} 日以上にしてください"
            )
    return snapshot


@transaction.atomic
def respondents_select(
    *, survey: Survey, tolerance_days: int | None = None, actor: Actor
) -> list[Respondent]:
    """Choose the top and bottom N per category by issuance rate at the reference snapshot.

    The snapshot used is kept on the survey (``snapshot_as_of``); see :func:`snapshot_for`.
    """
    _require_ministry(actor)
    if Answer.objects.filter(respondent__survey=survey).exists():
        raise ValidationError("回答の登録が始まった調査の回答団体は選び直せません")
    snapshot = snapshot_for(survey.reference_date, tolerance_days)
    categories = categories_on(snapshot.as_of)
    figures = {
        f.municipality_id: f
        for f in MunicipalityFigure.objects.filter(snapshot=snapshot).select_related("municipality")
    }
    quotas = {q.category: q.per_side for q in survey.quotas.all()}
    floors = {q.category: q.min_population for q in survey.quotas.all()}
    candidates = [
        rules.Candidate(str(mid), str(categories[mid]), f.population, f.issued)
        for mid, f in figures.items()
        if mid in categories
    ]
    selected = rules.select_top_bottom(candidates, quotas, floors)
    survey.respondents.all().delete()
    respondents = []
    for s in selected:
        figure = figures[int(s.key)]
        respondents.append(
            Respondent(
                survey=survey,
                municipality_id=int(s.key),
                category=s.category,
                side=s.side,
                rank=s.rank,
                rate=rate_percent(figure.issued, figure.population),
            )
        )
    Respondent.objects.bulk_create(respondents)
    if survey.reference_date is None:
        survey.reference_date = snapshot.as_of
    survey.snapshot_as_of = snapshot.as_of
    survey.save(update_fields=["reference_date", "snapshot_as_of"])
    audit_record(
        actor=actor,
        action="survey_respondents_select",
        object_type="survey",
        object_id=survey.pk,
        after={"snapshot": snapshot.as_of.isoformat(), "respondents": len(respondents)},
    )
    return list(survey.respondents.select_related("municipality__prefecture"))


YES_WORDS = {"はい", "有", "あり", "実施", "1", "true", "yes", "○", "〇"}
NO_WORDS = {"いいえ", "無", "なし", "未実施", "0", "false", "no", "×", "-", "－"}


def parse_yes_no(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise ValueError("「はい」または「いいえ」（実施・未実施、1・0）で入力してください")


def parse_codes(value: Any, question: Question) -> list[Option]:
    if value is None or str(value).strip() == "":
        return []
    by_code = {o.code: o for o in question.options.all()}
    by_label = {o.label: o for o in question.options.all()}
    chosen: list[Option] = []
    for part in str(value).replace("、", ";").replace(",", ";").replace("；", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        option = by_code.get(part) or by_label.get(part)
        if option is None:
            raise ValueError(f"選択肢「{part}」はありません（使えるコード: {'、'.join(by_code)}）")
        if option not in chosen:
            chosen.append(option)
    return chosen


def _answer_values(question: Question, value: Any) -> tuple[bool | None, int | None, str, list[Option]]:
    """(yes, count, text, choices) for one question from a form or import value."""
    kind = question.kind
    if kind == Question.Kind.YES_NO:
        return parse_yes_no(value), None, "", []
    if kind == Question.Kind.COUNT:
        if value is None or value == "":
            return None, None, "", []
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError("0以上の整数で入力してください") from None
        if number < 0:
            raise ValueError("0以上の整数で入力してください")
        return None, number, "", []
    if kind == Question.Kind.CHOICE:
        return None, None, "", parse_codes(value, question)
    text, codes = value if isinstance(value, tuple) else ("", value)
    return None, None, str(text or ""), parse_codes(codes, question)


@transaction.atomic
def answers_save(
    *, respondent: Respondent, values: Mapping[str, Any], actor: Actor, purpose: str = ""
) -> Respondent:
    """Save one respondent's answers (``values``: question key → value; coded text: (text, codes)).

    Errors are raised as one ValidationError keyed by question key, in Japanese.
    """
    access_respondent(actor, respondent, answer=True)
    if not respondent.survey.is_open and actor.role is not Role.SYSTEM:
        raise ValidationError("この調査の回答受付は終了しています")
    questions = list(respondent.survey.questions.prefetch_related("options"))
    parsed: dict[int, tuple[bool | None, int | None, str, list[Option]]] = {}
    errors: dict[str, str] = {}
    for question in questions:
        try:
            parsed[question.pk] = _answer_values(question, values.get(question.key))
        except ValueError as exc:
            errors[question.key] = f"問{question.position}「{question.text}」: {exc}"
    for question in questions:
        if question.condition_id and question.pk in parsed:
            gate = parsed.get(question.condition_id, (None, None, "", []))[0]
            has_answer = (
                parsed[question.pk][1] is not None or parsed[question.pk][3] or parsed[question.pk][2]
            )
            if has_answer and gate is not True:
                condition = question.condition
                assert condition is not None
                errors[question.key] = (
                    f"問{question.position}「{question.text}」: 問{condition.position}が「はい」の場合だけ回答してください"
                )
    if errors:
        raise ValidationError(errors)
    for question in questions:
        yes, count, text, choices = parsed[question.pk]
        answer, _ = Answer.objects.get_or_create(respondent=respondent, question=question)
        answer.yes, answer.count, answer.text = yes, count, text
        answer.full_clean()
        answer.save()
        answer.choices.set(choices)
    respondent.submitted_at = timezone.now()
    respondent.save(update_fields=["submitted_at"])
    audit_record(
        actor=actor,
        action="survey_answers_save",
        object_type="survey_respondent",
        object_id=respondent.pk,
        after={"survey": respondent.survey.slug, "municipality": respondent.municipality.code},
        purpose=purpose,
    )
    return respondent


def survey_by_ref(ref: str) -> Survey:
    """A survey by slug or numeric id (the CLI's SURVEY argument)."""
    survey = Survey.objects.filter(slug=ref).first()
    if survey is None and ref.isdigit():
        survey = Survey.objects.filter(pk=int(ref)).first()
    if survey is None:
        raise Survey.DoesNotExist(f"調査「{ref}」はありません")
    return survey


def options_from_lines(lines: Iterable[str]) -> list[OptionSpec]:
    """Options typed one per line as ``code|label|group`` (group optional)."""
    specs: list[OptionSpec] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise ValidationError(f"選択肢の行「{line}」は「コード|表示名|まとまり」の形で書いてください")
        specs.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    return specs
