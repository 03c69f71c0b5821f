"""Fixtures of the surveys tests: the seed 000 survey with its 60 respondents selected at 2022-03-01."""

from __future__ import annotations

import datetime as dt

import pytest

from kofu.accounts.roles import SYSTEM
from tests.stats.factories import load_issuance_snapshot


@pytest.fixture
def snapshot(registry):
    return load_issuance_snapshot("2022-03-01")


@pytest.fixture
def seed_survey(snapshot):
    """The seed 000 questionnaire, respondents chosen as the seed did (reference 2022-04-01)."""
    from kofu.surveys.presets import add_seed_000_questions
    from kofu.surveys.services.measure import respondents_select, survey_create

    survey = survey_create(
        slug="r4-card-measures",
        title="交付率上位・下位団体の取組調査",
        reference_date=dt.date(2022, 4, 1),
        actor=SYSTEM,
    )
    add_seed_000_questions(survey=survey, actor=SYSTEM)
    respondents_select(survey=survey, actor=SYSTEM)
    return survey


def respondents_by_side(survey):
    order = {"指定都市": 0, "特別区": 1, "中核市": 2, "その他の市": 3}
    out = {"top": [], "bottom": []}
    for r in sorted(
        survey.respondents.select_related("municipality"), key=lambda r: (order[r.category], r.rank)
    ):
        out[r.side].append((r.municipality.code, r.category))
    return out


@pytest.fixture
def answered_survey(seed_survey):
    """Every respondent's answers entered: the tables of seed 000 follow."""
    from kofu.surveys.services.measure import answers_save
    from tests.surveys.seed000 import answers_for

    answers = answers_for(respondents_by_side(seed_survey))
    for respondent in seed_survey.respondents.select_related("municipality", "survey"):
        answers_save(respondent=respondent, values=answers[respondent.municipality.code], actor=SYSTEM)
    return seed_survey
