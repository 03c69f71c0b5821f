"""The one workflow shape: the plan, claim and card tables, ``allowed``/``available``/``check``."""

import itertools

import pytest

from kofu.rules import cards
from kofu.rules.workflow import (
    CLAIM,
    MINISTRY,
    MUNICIPALITY,
    PLAN,
    PREFECTURE,
    RESIDENT,
    SYSTEM,
    Transition,
    TransitionRefused,
    Workflow,
    by_target,
)

#: The card pipeline, written out: every allowed (from, to) pair — 27 of the 121.
CARD_ALLOWED = {
    ("applied", "delivered"), ("applied", "cancelled"),
    ("delivered", "setup_done"), ("delivered", "defective"), ("delivered", "cancelled"),
    ("setup_done", "notice_sent"), ("setup_done", "mailed"), ("setup_done", "defective"),
    ("setup_done", "cancelled"),
    ("notice_sent", "appointment_booked"), ("notice_sent", "handed_over"), ("notice_sent", "unclaimed"),
    ("notice_sent", "returned"), ("notice_sent", "cancelled"),
    ("appointment_booked", "handed_over"), ("appointment_booked", "notice_sent"),
    ("appointment_booked", "unclaimed"), ("appointment_booked", "cancelled"),
    ("mailed", "handed_over"), ("mailed", "returned"),
    ("returned", "notice_sent"), ("returned", "unclaimed"), ("returned", "cancelled"),
    ("unclaimed", "handed_over"), ("unclaimed", "cancelled"),
    ("defective", "delivered"), ("defective", "cancelled"),
}  # fmt: skip


def test_the_card_table_allows_exactly_the_27_pairs_and_refuses_the_94_others():
    pairs = set(itertools.product(cards.STATE_LABELS, cards.STATE_LABELS))
    allowed = {(a, b) for a, b in pairs if cards.WORKFLOW.allowed(a, b)}
    assert allowed == CARD_ALLOWED
    assert (len(allowed), len(pairs - allowed)) == (27, 94)


def test_the_card_transitions_map_is_read_from_the_workflow():
    assert {(a, b) for a, targets in cards.TRANSITIONS.items() for b in targets} == CARD_ALLOWED
    assert cards.FINAL_STATES == {"handed_over", "cancelled"}
    # anyone the card's access function admits may move it: a resident books, staff hand over
    assert cards.WORKFLOW.allowed("notice_sent", "appointment_booked", RESIDENT)
    assert cards.WORKFLOW.allowed("notice_sent", "appointment_booked", None)


def test_card_refusals_keep_their_japanese_messages():
    with pytest.raises(cards.TransitionError, match="「交付済み」のカードを「返戻」にはできません"):
        cards.check_transition("handed_over", "returned", channel=cards.COUNTER)
    with pytest.raises(TransitionRefused, match="郵送できません"):
        cards.check_transition("setup_done", "mailed", channel=cards.ONLINE)
    cards.check_transition("setup_done", "mailed", channel=cards.COUNTER)


@pytest.mark.parametrize(
    ("state", "role", "actions"),
    [
        ("draft", MUNICIPALITY, ["submit"]),
        ("returned", MUNICIPALITY, ["submit"]),
        ("submitted", MUNICIPALITY, []),
        ("submitted", PREFECTURE, ["return", "accept"]),
        ("accepted", MUNICIPALITY, ["reopen"]),
        ("accepted", SYSTEM, ["reopen"]),
        ("accepted", PREFECTURE, []),
        ("draft", MINISTRY, []),
    ],
)
def test_plan_available(state, role, actions):
    assert [t.action for t in PLAN.available(state, role)] == actions


@pytest.mark.parametrize(
    ("state", "role", "actions"),
    [
        ("draft", MUNICIPALITY, ["submit"]),
        ("returned", MUNICIPALITY, ["submit"]),
        ("submitted", MINISTRY, ["check", "return"]),
        ("submitted", PREFECTURE, []),
        ("checked", MINISTRY, []),
        ("draft", SYSTEM, []),
    ],
)
def test_claim_available(state, role, actions):
    assert [t.action for t in CLAIM.available(state, role)] == actions


def test_check_says_why_in_japanese():
    with pytest.raises(TransitionRefused, match="不明な操作です: approve"):
        PLAN.check("submitted", "approve", PREFECTURE)
    with pytest.raises(TransitionRefused, match="「確認済みにする」はできません（権限がありません）"):
        PLAN.check("submitted", "accept", MUNICIPALITY)
    with pytest.raises(TransitionRefused, match="状態が「作成中」の計画には「確認済みにする」を行えません"):
        PLAN.check("draft", "accept", PREFECTURE)
    with pytest.raises(TransitionRefused, match="助言"):
        PLAN.check("submitted", "return", PREFECTURE, comment="  ")
    assert (
        PLAN.check("submitted", "return", PREFECTURE, comment="日数を見直してください").target == "returned"
    )
    with pytest.raises(TransitionRefused, match="「差し戻す」ときは理由"):
        CLAIM.check("submitted", "return", MINISTRY)
    assert CLAIM.check("submitted", "check", MINISTRY).target == "checked"


def test_allowed_checks_state_action_and_role():
    assert CLAIM.allowed("submitted", "check", MINISTRY)
    assert not CLAIM.allowed("submitted", "check", MUNICIPALITY)
    assert not CLAIM.allowed("draft", "check", MINISTRY)
    assert not CLAIM.allowed("submitted", "nonsense", MINISTRY)
    assert PLAN.transition("reopen") is not None and PLAN.transition("check") is None


def test_a_table_naming_an_unknown_state_or_a_repeated_action_is_refused_when_built():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow("x", {"a": "A"}, (Transition("go", "go", frozenset({"a"}), "b"),))
    with pytest.raises(ValueError, match="defined twice"):
        Workflow(
            "x",
            {"a": "A", "b": "B"},
            (Transition("go", "go", frozenset({"a"}), "b"), Transition("go", "go", frozenset({"b"}), "a")),
        )


def test_by_target_names_actions_after_the_target_state():
    flow = by_target("x", {"a": "A", "b": "B", "c": "C"}, {"a": {"b", "c"}, "b": {"c"}, "c": set()})
    assert [(t.action, sorted(t.sources)) for t in flow.transitions] == [("b", ["a"]), ("c", ["a", "b"])]
    assert flow.targets("a") == {"b", "c"} and flow.targets("c") == frozenset()
