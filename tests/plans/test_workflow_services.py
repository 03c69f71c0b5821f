"""The plan workflow through its services: draft → submitted → returned → submitted → accepted."""

from __future__ import annotations

import datetime as dt

import pytest

from kofu.accounts.access import NotFound
from kofu.accounts.models import AuditEvent
from kofu.plans import selectors, services
from kofu.plans.models import PlanStatus, PlanTransition, PlanVersion
from kofu.plans.services import PlanError
from tests.plans.conftest import month_rows, plan_figures


def test_a_plan_goes_round_the_workflow_and_keeps_every_version(viewers, miyakonojo):
    mine, pref = viewers["municipality"], viewers["prefecture"]
    services.plan_save(
        municipality=miyakonojo, data=plan_figures(), months=month_rows(weekend_days=5), actor=mine
    )
    plan = services.plan_transition(municipality=miyakonojo, action="submit", actor=mine)
    assert (plan.status, plan.version) == (PlanStatus.SUBMITTED, 1)

    # Judged under 総行住第181号 (one weekend day a week: 2022-10 has 5 Saturdays), before the
    # re-revision of 2021-12-09 added checks 5–7.
    checks = selectors.review(selectors.plan_of(miyakonojo), on=dt.date(2021, 1, 15))
    assert [c.passed for c in checks] == [True, True, True, True]

    services.plan_transition(
        municipality=miyakonojo, action="return", actor=pref, advice="土日開庁を増やしてください"
    )
    services.plan_save(
        municipality=miyakonojo, data=plan_figures(), months=month_rows(weekend_days=4), actor=mine
    )
    services.plan_transition(municipality=miyakonojo, action="submit", actor=mine)
    plan = services.plan_transition(municipality=miyakonojo, action="accept", actor=pref)

    assert (plan.status, plan.version) == (PlanStatus.ACCEPTED, 2)
    versions = PlanVersion.objects.filter(plan=plan).order_by("number")
    assert [v.content["months"][0]["weekend_days"] for v in versions] == [5, 4]
    steps = PlanTransition.objects.filter(plan=plan).order_by("id")
    assert [s.action for s in steps] == ["submit", "return", "submit", "accept"]
    assert steps[1].comment == "土日開庁を増やしてください"
    assert AuditEvent.objects.filter(object_type="plans.SmoothingPlan", object_id=str(plan.pk)).count() == 6


def test_only_allowed_transitions_are_taken(viewers, miyakonojo):
    mine, pref = viewers["municipality"], viewers["prefecture"]
    services.plan_save(municipality=miyakonojo, data=plan_figures(), months=month_rows(), actor=mine)
    with pytest.raises(PlanError, match="行えません"):
        services.plan_transition(municipality=miyakonojo, action="accept", actor=pref)
    with pytest.raises(NotFound):  # another municipality's plan: not found
        services.plan_transition(
            municipality=miyakonojo, action="submit", actor=viewers["other_municipality"]
        )
    with pytest.raises(NotFound):
        services.plan_save(
            municipality=miyakonojo, data=plan_figures(), months=month_rows(), actor=viewers["prefecture"]
        )
    services.plan_transition(municipality=miyakonojo, action="submit", actor=mine)
    with pytest.raises(NotFound):  # another prefecture's municipality
        services.plan_transition(municipality=miyakonojo, action="accept", actor=viewers["other_prefecture"])
    with pytest.raises(PlanError, match="権限"):
        services.plan_transition(municipality=miyakonojo, action="accept", actor=mine)
    with pytest.raises(PlanError, match="助言"):
        services.plan_transition(municipality=miyakonojo, action="return", actor=pref, advice=" ")
    with pytest.raises(PlanError, match="編集できません"):
        services.plan_save(municipality=miyakonojo, data=plan_figures(), months=month_rows(), actor=mine)


def test_the_month_rows_must_cover_the_plan_period(viewers, miyakonojo):
    with pytest.raises(PlanError, match="2022-10〜2023-03 の 6 か月分"):
        services.plan_save(
            municipality=miyakonojo,
            data=plan_figures(),
            months=month_rows()[:5],
            actor=viewers["municipality"],
        )


def test_a_note_with_a_my_number_is_refused(viewers, miyakonojo):
    with pytest.raises(PlanError, match="備考.*個人番号"):
        services.plan_save(
            municipality=miyakonojo,
            data=plan_figures(notes="問合せ 1234 5678 9018"),
            months=month_rows(),
            actor=viewers["municipality"],
        )


def test_the_review_flags_a_short_plan_few_windows_and_no_weekends(viewers, miyakonojo):
    services.plan_save(
        municipality=miyakonojo,
        data=plan_figures(windows=2, office_max_windows=3),
        months=month_rows(targets=(5_000,) * 6, weekend_days=0),
        actor=viewers["municipality"],
    )
    checks = selectors.review(selectors.plan_of(miyakonojo), on=dt.date(2026, 1, 1))
    assert [c.passed for c in checks] == [False, False, False, False, None, None, None]
    assert "臨時窓口が予定されていません" in checks[2].detail
    assert "30,000枚不足" in checks[0].detail
