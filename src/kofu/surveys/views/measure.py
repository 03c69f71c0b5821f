"""Measure surveys: list, define, select respondents, answer, import, cross-table."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kofu.accounts.access import access_municipality
from kofu.accounts.permissions import AccessRequest, access
from kofu.accounts.roles import Role
from kofu.core import spreadsheet
from kofu.core.listing import Listing, list_page
from kofu.surveys import selectors
from kofu.surveys.access import access_respondent, access_survey
from kofu.surveys.crosstab import CSV_HEADER, build_crosstab
from kofu.surveys.forms import (
    AnswerForm,
    ImportForm,
    QuestionForm,
    QuoteForm,
    RespondentFilterForm,
    SurveyFilterForm,
    SurveyForm,
)
from kofu.surveys.models import Answer, Question, Respondent, Survey
from kofu.surveys.services import measure as services
from kofu.surveys.services.importing import AnswersImportError, answers_import
from kofu.surveys.services.quotes import quote_add


@access("staff")
def index(request: AccessRequest) -> HttpResponse:
    form = SurveyFilterForm(request.GET or None)
    listing: Listing[Survey] = list_page(request, selectors.survey_rows(request.viewer, **form.filters()))
    context = {"surveys": listing.rows, "listing": listing, "form": form, "viewer": request.viewer}
    return render(request, "surveys/index.html", context)


@access("ministry_staff")
def survey_new(request: AccessRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from kofu.surveys.presets import add_seed_000_questions

        try:
            with transaction.atomic():
                survey = services.survey_create(
                    slug=form.cleaned_data["slug"],
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    reference_date=form.cleaned_data["reference_date"],
                    quotas=form.quotas(),
                    min_population={"その他の市": form.cleaned_data["other_min_population"]},
                    actor=request.viewer,
                )
                if form.cleaned_data["use_seed_000"]:
                    add_seed_000_questions(survey=survey, actor=request.viewer)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("surveys:detail", slug=survey.slug)
    return render(request, "surveys/form.html", {"form": form, "title": "取組調査の作成"})


@access("staff")
def detail(request: AccessRequest, slug: str) -> HttpResponse:
    viewer = request.viewer
    survey = access_survey(viewer, slug)
    form = RespondentFilterForm(request.GET or None, oversight=viewer.role is not Role.MUNICIPALITY)
    listing: Listing[Respondent] = list_page(
        request, selectors.respondent_list(viewer, survey, **form.filters())
    )
    context: dict[str, Any] = {
        "survey": survey,
        "questions": survey.questions.prefetch_related("options"),
        "respondents": listing.rows,
        "listing": listing,
        "form": form,
        "is_ministry": viewer.role is Role.MINISTRY,
        "is_municipality": viewer.role is Role.MUNICIPALITY,
        "error": request.GET.get("error", ""),
    }
    return render(request, "surveys/detail.html", context)


@access("ministry_staff")
def question_new(request: AccessRequest, slug: str) -> HttpResponse:
    survey = access_survey(request.viewer, slug, change=True)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.question_add(
                survey=survey,
                key=data["key"],
                text=data["text"],
                kind=data["kind"],
                table=data["table"],
                by_category=data["by_category"],
                options=services.options_from_lines(data["options"].splitlines()),
                actor=request.viewer,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("surveys:detail", slug=survey.slug)
    return render(request, "surveys/form.html", {"form": form, "title": f"設問の追加（{survey.title}）"})


@access("ministry_staff")
@require_POST
def respondents_select(request: AccessRequest, slug: str) -> HttpResponse:
    survey = access_survey(request.viewer, slug, change=True)
    try:
        services.respondents_select(survey=survey, actor=request.viewer)
    except ValidationError as exc:
        return render(
            request, "surveys/form.html", {"title": "回答団体の選定", "errors": exc.messages}, status=400
        )
    return redirect("surveys:detail", slug=survey.slug)


def _initial_answers(respondent: Respondent) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for a in (
        Answer.objects.filter(respondent=respondent).select_related("question").prefetch_related("choices")
    ):
        codes = [c.code for c in a.choices.all()]
        if a.question.kind == Question.Kind.YES_NO:
            initial[a.question.key] = a.yes
        elif a.question.kind == Question.Kind.COUNT:
            initial[a.question.key] = a.count
        elif a.question.kind == Question.Kind.CHOICE:
            initial[a.question.key] = codes
        else:
            initial[a.question.key] = (a.text, codes)
    return initial


@never_cache
@access("municipality_staff")
def answer(request: AccessRequest, slug: str) -> HttpResponse:
    """The municipality's own answer form (404 if it is not a respondent)."""
    viewer = request.viewer
    survey = access_survey(viewer, slug)
    respondent = access_respondent(viewer, survey, answer=True)
    questions = list(survey.questions.prefetch_related("options"))
    form = AnswerForm(request.POST or None, questions=questions, initial_answers=_initial_answers(respondent))
    saved = request.GET.get("saved") == "1"
    if request.method == "POST" and form.is_valid():
        try:
            services.answers_save(respondent=respondent, values=form.values(), actor=viewer)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                for message in messages:
                    form.add_error(key if key in form.fields else None, message)
        else:
            return redirect(f"{request.path}?saved=1")
    return render(
        request,
        "surveys/answer.html",
        {"survey": survey, "respondent": respondent, "form": form, "saved": saved},
    )


@never_cache
@access("municipality_or_prefecture")
def answers_view(request: AccessRequest, slug: str, code: str) -> HttpResponse:
    """One respondent's answers, read only: the municipality itself or its prefecture."""
    viewer = request.viewer
    survey = access_survey(viewer, slug)
    respondent = access_respondent(viewer, survey, access_municipality(viewer, code))
    answers = {
        a.question_id: a for a in Answer.objects.filter(respondent=respondent).prefetch_related("choices")
    }
    rows = [(q, answers.get(q.pk)) for q in survey.questions.all()]
    return render(request, "surveys/answers.html", {"survey": survey, "respondent": respondent, "rows": rows})


@access("ministry_staff")
def import_answers(request: AccessRequest, slug: str) -> HttpResponse:
    survey = access_survey(request.viewer, slug, change=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    done = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "answers.xlsx"
            path.write_bytes(upload.read())
            try:
                done = answers_import(survey=survey, path=path, name=upload.name, actor=request.viewer)
            except AnswersImportError as exc:
                problems = [str(p) for p in exc.problems]
    return render(
        request,
        "surveys/import.html",
        {"survey": survey, "form": form, "problems": problems, "done": done},
        status=400 if problems else 200,
    )


@access("ministry_staff")
def crosstab(request: AccessRequest, slug: str) -> HttpResponse:
    """Top vs bottom cross-tables (aggregates only) with Fisher's exact p and effect sizes."""
    survey = access_survey(request.viewer, slug)
    table = build_crosstab(survey)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{survey.slug}-crosstab.csv"'
        writer = spreadsheet.csv_writer(response)
        writer.writerow(CSV_HEADER)
        writer.writerows(table.csv_rows())
        return response
    context = {
        "survey": survey,
        "table": table,
        "quote_tables": selectors.quote_tables(survey),
        "quote_form": QuoteForm(survey=survey, questions=[s.question for s in table.sections]),
    }
    return render(request, "surveys/crosstab.html", context)


@access("ministry_staff")
@require_POST
def quote_new(request: AccessRequest, slug: str) -> HttpResponse:
    """File an excerpt under a theme; back to the cross-table, or the form with its errors."""
    survey = access_survey(request.viewer, slug, change=True)
    form = QuoteForm(request.POST, survey=survey)
    if form.is_valid():
        theme = form.cleaned_data["theme"]
        try:
            quote_add(
                question=theme.question, theme=theme, theme_label=form.cleaned_data["theme_label"],
                text=form.cleaned_data["text"], actor=request.viewer,
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(f"{reverse('surveys:crosstab', args=[survey.slug])}#quotes")
    title = f"意見抜粋の追加（{survey.title}）"
    return render(request, "surveys/form.html", {"form": form, "title": title}, status=400)
