"""Claims: a municipality files its own, the workflow moves one step at a time, every write is audited."""

from __future__ import annotations

import pytest

from kofu.accounts.access import NotFound
from kofu.accounts.models import AuditEvent
from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality
from kofu.subsidies.access import access_claim, claims_in_scope
from kofu.subsidies.models import Claim, ClaimTransition
from kofu.subsidies.selectors.claims import claim_statement, claim_summary
from kofu.subsidies.services import ClaimError, claim_create, claim_transition, claim_update
from tests.subsidies.conftest import MIYAKONOJO, NOBEOKA, claim_input

pytestmark = pytest.mark.django_db


def test_a_municipality_files_a_draft_claim_with_spend_for_every_category(claim):
    assert claim.status == Claim.Status.DRAFT
    assert claim.spends.count() == 14
    assert {s.category: s.amount for s in claim.spends.all()}["publicity"] == 3_500_000
    event = AuditEvent.objects.filter(action="subsidies.claim.create").get()
    assert event.object_id == str(claim.pk)
    assert event.after["spend"]["personnel"] == 5_000_000


def test_staff_of_another_municipality_cannot_file_for_it(viewers):
    with pytest.raises(NotFound):
        claim_create(
            municipality=Municipality.objects.get(code=MIYAKONOJO),
            data=claim_input(),
            actor=viewers["other_municipality"],
        )
    with pytest.raises(NotFound):
        claim_create(
            municipality=Municipality.objects.get(code=MIYAKONOJO),
            data=claim_input(),
            actor=viewers["ministry"],
        )


def test_one_claim_per_municipality_and_fiscal_year(claim, viewers):
    with pytest.raises(ClaimError, match="既にあります"):
        claim_create(municipality=claim.municipality, data=claim_input(), actor=viewers["municipality"])


def test_a_unit_price_above_the_ceiling_is_refused(viewers):
    with pytest.raises(ClaimError, match="上限1,000円"):
        claim_create(
            municipality=Municipality.objects.get(code=MIYAKONOJO),
            data=claim_input(fiscal_year=2023, unit_price=1_500),
            actor=viewers["municipality"],
        )


def test_a_note_holding_a_my_number_is_refused(viewers):
    with pytest.raises(ClaimError, match="個人番号"):
        claim_create(
            municipality=Municipality.objects.get(code=MIYAKONOJO),
            data=claim_input(note="123456789018"),
            actor=viewers["municipality"],
        )


def test_the_workflow_goes_draft_submitted_returned_submitted_checked(claim, viewers):
    claim_transition(claim_id=claim.pk, action="submit", actor=viewers["municipality"])
    with pytest.raises(ClaimError, match="修正できません"):
        claim_update(claim_id=claim.pk, data=claim_input(), actor=viewers["municipality"])
    with pytest.raises(ClaimError, match="理由"):
        claim_transition(claim_id=claim.pk, action="return", actor=viewers["ministry"])
    claim_transition(
        claim_id=claim.pk, action="return", actor=viewers["ministry"], comment="人件費の内訳を添付"
    )
    claim_update(claim_id=claim.pk, data=claim_input(unit_price=1_000), actor=viewers["municipality"])
    claim_transition(claim_id=claim.pk, action="submit", actor=viewers["municipality"])
    claim = claim_transition(claim_id=claim.pk, action="check", actor=viewers["ministry"])
    assert claim.status == Claim.Status.CHECKED
    assert list(ClaimTransition.objects.filter(claim=claim).values_list("action", flat=True)) == [
        "create",
        "submit",
        "return",
        "update",
        "submit",
        "check",
    ]
    actions = list(AuditEvent.objects.filter(object_type="subsidies.Claim").values_list("action", flat=True))
    assert actions == [
        "subsidies.claim.create",
        "subsidies.claim.submit",
        "subsidies.claim.return",
        "subsidies.claim.update",
        "subsidies.claim.submit",
        "subsidies.claim.check",
    ]


def test_only_the_ministry_checks_and_only_the_municipality_submits(claim, viewers):
    with pytest.raises(NotFound):  # a draft is the municipality's own: the ministry does not see it
        claim_transition(claim_id=claim.pk, action="check", actor=viewers["ministry"])
    claim_transition(claim_id=claim.pk, action="submit", actor=viewers["municipality"])
    with pytest.raises(ClaimError, match="できません"):
        claim_transition(claim_id=claim.pk, action="submit", actor=viewers["ministry"])
    with pytest.raises(ClaimError, match="できません"):
        claim_transition(claim_id=claim.pk, action="check", actor=viewers["prefecture"])
    with pytest.raises(ClaimError, match="提出済み"):
        claim_transition(claim_id=claim.pk, action="submit", actor=viewers["municipality"])
    with pytest.raises(ClaimError):
        claim_transition(claim_id=claim.pk, action="approve-everything", actor=viewers["ministry"])


@pytest.mark.parametrize(
    "persona", ["other_municipality", "other_prefecture", "other_prefecture_municipality"]
)
def test_outside_the_jurisdiction_a_claim_does_not_exist(claim, viewers, persona):
    assert not claims_in_scope(viewers[persona]).exists()
    with pytest.raises(NotFound):
        claim_transition(claim_id=claim.pk, action="submit", actor=viewers[persona])
    with pytest.raises(NotFound):
        claim_update(claim_id=claim.pk, data=claim_input(), actor=viewers[persona])
    with pytest.raises(NotFound):
        access_claim(viewers[persona], claim.pk)


def test_the_prefecture_and_the_ministry_see_the_claim_but_only_its_municipality_changes_it(claim, viewers):
    assert not claims_in_scope(viewers["prefecture"]).exists()  # a draft: its municipality's own
    assert not claims_in_scope(viewers["ministry"]).exists()
    claim_transition(claim_id=claim.pk, action="submit", actor=viewers["municipality"])
    claim_transition(claim_id=claim.pk, action="return", actor=viewers["ministry"], comment="確認のため")
    assert list(claims_in_scope(viewers["prefecture"])) == [claim]
    assert list(claims_in_scope(viewers["ministry"])) == [claim]
    assert access_claim(viewers["municipality"], claim.pk, change=True) == claim
    for persona in ("prefecture", "ministry"):
        assert access_claim(viewers[persona], claim.pk) == claim
        with pytest.raises(NotFound):
            access_claim(viewers[persona], claim.pk, change=True)
        with pytest.raises(NotFound):
            claim_update(claim_id=claim.pk, data=claim_input(), actor=viewers[persona])


def test_the_statement_uses_the_reference_period_snapshots(claim, receipt_snapshots):
    item = claim_statement(claim)
    lines = {line.category.key: line for line in item.statement.lines}
    # ⅲ = 100,000 − 40,000 = 60,000 of ⅳ = 85,300 over 3 municipalities: 300,000 + (10億 − 900,000) × 60,000 ÷ 85,300
    assert (
        lines["receipt_encouragement"].limit
        == (300_000 * 85_300 + (1_000_000_000 - 900_000) * 60_000) // 85_300 // 1000 * 1000
    )
    assert lines["receipt_encouragement"].payable == 2_500_000  # the actual spend is below the base
    assert lines["publicity"].limit == 3_000_000 and lines["publicity"].payable == 3_000_000
    assert item.statement.total_payable == 5_000_000 + 3_000_000 + 2_500_000
    assert item.receipt_problem == ""


def test_without_the_snapshots_the_statement_says_why_the_base_is_missing(claim):
    item = claim_statement(claim)
    assert item.statement.lines[-1].payable == 0
    assert "2021-04-01" in item.receipt_problem


def test_the_summary_adds_up_the_claims_in_scope(claim, viewers, receipt_snapshots):
    nobeoka = Municipality.objects.get(code=NOBEOKA)
    other = claim_create(
        municipality=nobeoka,
        data=claim_input(spend={"personnel": 1_000}),
        actor=viewers["other_municipality"],
    )
    assert claim_summary(viewers["ministry"], 2021).total.claims == 0  # drafts are not counted
    claim_transition(claim_id=claim.pk, action="submit", actor=viewers["municipality"])
    claim_transition(claim_id=other.pk, action="submit", actor=viewers["other_municipality"])
    national = claim_summary(viewers["ministry"], 2021)
    assert national.total.claims == 2
    assert national.total.total_payable == 10_500_000 + 1_000
    assert [g.name for g in national.groups] == ["宮崎県"]
    assert national.groups[0].by_status["submitted"] == 2
    assert claim_summary(viewers["other_prefecture"], 2021).total.claims == 0
    assert {s.claim for s in claim_summary(viewers["prefecture"], 2021).statements} == {claim, other}
    by_category = {c.category.key: c for c in national.by_category}
    assert by_category["personnel"].actual == 5_001_000 and by_category["personnel"].payable == 5_001_000
    assert by_category["publicity"].actual == 3_500_000 and by_category["publicity"].payable == 3_000_000


def test_goal_declarations_and_unit_price_ceilings_are_audited(registry):
    import datetime as dt

    from kofu.subsidies.services import (
        goal_declaration_record,
        goal_declaration_withdraw,
        unit_price_ceiling_set,
    )

    goal_declaration_record(code=MIYAKONOJO, declared_on=dt.date(2021, 12, 1), actor=SYSTEM)
    assert goal_declaration_withdraw(code=MIYAKONOJO, actor=SYSTEM) is True
    assert goal_declaration_withdraw(code=MIYAKONOJO, actor=SYSTEM) is False
    unit_price_ceiling_set(fiscal_year=2023, max_unit_price=1_500, actor=SYSTEM)
    assert list(AuditEvent.objects.values_list("action", "actor_label")) == [
        ("subsidies.goal_declaration.record", "system"),
        ("subsidies.goal_declaration.withdraw", "system"),
        ("subsidies.unit_price_ceiling.set", "system"),
    ]


def test_a_ceiling_lowered_after_filing_caps_the_price_and_says_so(claim):
    from kofu.subsidies.services import unit_price_ceiling_set

    unit_price_ceiling_set(fiscal_year=2021, max_unit_price=1_000, actor=SYSTEM)
    item = claim_statement(claim)
    publicity = next(line for line in item.statement.lines if line.category.key == "publicity")
    assert publicity.limit == 1_500 * 1_000
    assert "上限1,000円を超えている" in item.price_problem


def test_a_claim_without_receipt_spend_has_no_receipt_problem(viewers):
    other = claim_create(
        municipality=Municipality.objects.get(code=NOBEOKA),
        data=claim_input(spend={"personnel": 1}),
        actor=viewers["other_municipality"],
    )
    assert claim_statement(other).receipt_problem == ""


def test_a_claim_with_every_spend_at_zero_is_refused(viewers, registry):
    miyakonojo = Municipality.objects.get(code=MIYAKONOJO)
    with pytest.raises(ClaimError, match="すべての区分が0円"):
        claim_create(
            municipality=miyakonojo,
            data=claim_input(spend={"personnel": 0, "publicity": 0}, at_counter=0, outreach=0, support=0),
            actor=viewers["municipality"],
        )
    assert not Claim.objects.exists()
