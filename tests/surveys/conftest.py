"""Fixtures of the surveys tests: the seed 000 survey with its 60 respondents selected at 2022-03-01.

``seed_survey`` and ``answered_survey`` build the survey for each test (``seed_survey`` costs about
0.3 s of CPU, the 60 respondents' answers of ``answered_survey`` another 2.4 s). A module whose
tests all read the answered survey builds it once instead: ``answered_survey_of_the_module`` (see
tests/module_data.py), e.g. tests/surveys/test_seed_000_tables.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kofu.accounts.roles import SYSTEM
from tests.module_data import module_transaction
from tests.stats.factories import load_issuance_snapshot


@pytest.fixture
def snapshot(registry):
    return load_issuance_snapshot("2022-03-01")


@pytest.fixture
def seed_survey(snapshot):
    """The seed 000 questionnaire, respondents chosen as the seed did (reference 2022-04-01)."""
    return make_seed_survey()


def make_seed_survey():
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
    return answer_all(seed_survey)


def answer_all(survey):
    from kofu.surveys.services.measure import answers_save
    from tests.surveys.seed000 import answers_for

    answers = answers_for(respondents_by_side(survey))
    for respondent in survey.respondents.select_related("municipality", "survey"):
        answers_save(respondent=respondent, values=answers[respondent.municipality.code], actor=SYSTEM)
    return survey


@pytest.fixture(scope="module")
def answered_survey_of_the_module(request, django_db_setup, django_db_blocker):
    """The id of the answered seed 000 survey (and its 2022-03-01 snapshot), built once for the
    module and rolled back after it; each test reads it in its own rolled-back transaction."""
    with module_transaction(request, django_db_blocker):
        with django_db_blocker.unblock():
            load_issuance_snapshot("2022-03-01")
            pk = answer_all(make_seed_survey()).pk
        yield pk
