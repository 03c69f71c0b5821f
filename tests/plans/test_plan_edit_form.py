"""The edit page's form (:class:`kofu.plans.forms.PlanEdit`): the branches the page tests do not
reach — rows made again for a changed period, targets missing, the front-loaded profile, a remaining
count below zero — and where the page starts from (``selectors.plan_draft``)."""

from __future__ import annotations

import datetime as dt

from django.http import QueryDict

from kofu.plans import selectors, services
from kofu.plans.forms import PlanEdit
from kofu.plans.models import SmoothingPlan
from kofu.stats.models import IssuanceSnapshot, MunicipalityFigure
from tests.plans.conftest import month_rows, plan_figures
from tests.plans.test_plan_pages import login, plan_post

MONTHS = ["2022-10", "2022-11", "2022-12", "2023-01", "2023-02", "2023-03"]


def posted(**overrides: object) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update(plan_post(**overrides))
    return query


def test_rows_of_another_period_are_made_again_and_nothing_is_saved(miyakonojo, viewers):
    edit = PlanEdit(posted(base_month="2022-08"), figures={}, rows=[])
    assert edit.save(municipality=miyakonojo, actor=viewers["municipality"]) is None
    assert edit.rebuilt
    assert [row["month"] for row in edit.formset.initial] == ["2022-09", *MONTHS]
    assert edit.formset.initial[1]["target"] == 10_000  # the typed rows are kept by month
    assert not SmoothingPlan.objects.exists()


def test_the_page_says_the_rows_were_made_again(client, personas):
    login(client, personas["municipality"])
    page = client.post("/plans/municipalities/452025/edit/", plan_post(base_month="2022-08")).content.decode()
    assert "基準月・期限月に合わせて各月の行を作り直しました" in page
    assert 'value="2022-09"' in page


def test_typed_targets_must_all_be_given(miyakonojo, viewers):
    edit = PlanEdit(posted(targets=(10_000, "", 10_000, 10_000, "", 10_000)), figures={}, rows=[])
    assert edit.save(municipality=miyakonojo, actor=viewers["municipality"]) is None
    assert not edit.rebuilt
    assert edit.form.non_field_errors() == ["各月の交付枚数を入力してください（未入力: 2022-11、2023-02）"]
    assert not SmoothingPlan.objects.exists()


def test_front_loaded_targets_split_the_remaining_cards_by_eleven_to_six(miyakonojo, viewers):
    """60,000 cards left (160,000 − 100,000) over six months, weights 11, 10, … 6 (sum 51); the three
    cards left over by the division go one each to the first three months."""
    edit = PlanEdit(posted(targets=("",) * 6, profile="front-loaded"), figures={}, rows=[])
    plan = edit.save(municipality=miyakonojo, actor=viewers["municipality"])
    assert plan is not None
    targets = [m.target for m in plan.months.order_by("month")]
    assert targets == [12_942, 11_765, 10_589, 9_411, 8_235, 7_058]
    assert sum(targets) == 60_000


def test_more_issued_than_residents_is_an_error_of_the_form_not_a_failure(miyakonojo, viewers):
    edit = PlanEdit(posted(targets=("",) * 6, profile="even", issued="170000"), figures={}, rows=[])
    assert edit.save(municipality=miyakonojo, actor=viewers["municipality"]) is None
    assert edit.form.errors
    assert not SmoothingPlan.objects.exists()


def test_a_refusal_of_the_service_becomes_an_error_of_the_form(miyakonojo, viewers):
    services.plan_save(
        municipality=miyakonojo, data=plan_figures(), months=month_rows(), actor=viewers["municipality"]
    )
    services.plan_transition(municipality=miyakonojo, action="submit", actor=viewers["municipality"])
    edit = PlanEdit(posted(), figures={}, rows=[])
    assert edit.save(municipality=miyakonojo, actor=viewers["municipality"]) is None
    assert "編集できません" in edit.form.non_field_errors()[0]


def test_the_page_starts_from_the_stored_plan(miyakonojo, viewers):
    services.plan_save(
        municipality=miyakonojo,
        data=plan_figures(notes="窓口を増設"),
        months=month_rows(targets=(1, 2, 3, 4, 5, 6)),
        actor=viewers["municipality"],
    )
    figures, rows = selectors.plan_draft(miyakonojo, selectors.plan_of(miyakonojo))
    assert (figures["base_month"], figures["population"], figures["notes"]) == (
        "2022-09",
        160_000,
        "窓口を増設",
    )
    assert [(r["month"], r["target"]) for r in rows] == list(zip(MONTHS, [1, 2, 3, 4, 5, 6], strict=True))
    edit = PlanEdit(figures=figures, rows=rows)
    assert not edit.form.is_bound
    assert [row["target"] for row in edit.formset.initial] == [1, 2, 3, 4, 5, 6]


def test_without_a_plan_the_page_starts_from_the_latest_snapshot(miyakonojo):
    """Counted on 2022-09-01 (the day after the end of August): base month 2022-08, then one
    empty row per month up to the default deadline 2023-03."""
    snapshot = IssuanceSnapshot.objects.create(
        as_of=dt.date(2022, 9, 1), population_base=dt.date(2022, 1, 1), complete=False
    )
    MunicipalityFigure.objects.create(
        snapshot=snapshot, municipality=miyakonojo, population=160_000, issued=90_000
    )
    figures, rows = selectors.plan_draft(miyakonojo, None)
    assert (figures["base_month"], figures["deadline"], figures["issued"]) == ("2022-08", "2023-03", 90_000)
    assert [r["month"] for r in rows] == ["2022-09", *MONTHS]
    assert all("target" not in r for r in rows)
