"""Workflows as data: which action moves an object from which state to which, and who may take it.

One shape for the three workflows of kofu — the smoothing plan (計画: 作成中 → 提出 → 確認/差戻し),
the subsidy claim (実績報告（申請）: 作成中 → 提出 → 確認/差戻し) and the card pipeline (カード:
申請受付 → 納品 → … → 交付). Pure: no ORM, no clock. :func:`kofu.core.workflow.transition` applies a
:class:`Workflow` under a row lock and writes the one history shape (``kofu.core.history``).

Roles are the values of ``kofu.accounts.roles.Role`` (a ``StrEnum``, so a ``Role`` compares equal
to its value here); an empty ``roles`` means "whoever may change the object" (the access
function of the object decides, as for cards).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Role values (``kofu.accounts.roles.Role``), spelled here because the rules import no Django.
MUNICIPALITY = "municipality_staff"
PREFECTURE = "prefecture_staff"
MINISTRY = "ministry_staff"
RESIDENT = "resident"
SYSTEM = "system"


class TransitionRefused(ValueError):
    """The workflow does not allow this step (the message is for the user, in Japanese)."""


@dataclass(frozen=True)
class Transition:
    """One step: ``action`` moves an object in one of ``sources`` to ``target``."""

    action: str
    label: str  # the button (or the target's label for cards)
    sources: frozenset[str]
    target: str
    roles: frozenset[str] = frozenset()  # empty: anyone the object's access function lets change it
    comment_required: bool = False

    def may(self, role: str | None) -> bool:
        return not self.roles or role in self.roles


@dataclass(frozen=True)
class Workflow:
    """A state machine: the states (value → label) and the transitions between them."""

    name: str  # what is moved, in Japanese (「計画」「申請」「カード」), for messages
    states: Mapping[str, str]
    transitions: tuple[Transition, ...]
    #: The refusal when a comment is required and missing (``{label}``: the transition's label).
    comment_message: str = "コメント: 「{label}」ときは理由を入力してください"
    _by_action: Mapping[str, Transition] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_action: dict[str, Transition] = {}
        for t in self.transitions:
            unknown = (t.sources | {t.target}) - set(self.states)
            if unknown:
                raise ValueError(f"{self.name}: unknown states {sorted(unknown)} in {t.action}")
            if t.action in by_action:
                raise ValueError(f"{self.name}: action {t.action} defined twice")
            by_action[t.action] = t
        object.__setattr__(self, "_by_action", by_action)

    def transition(self, action: str) -> Transition | None:
        return self._by_action.get(action)

    def allowed(self, state: str, action: str, role: str | None = None) -> bool:
        """True when ``role`` may take ``action`` on an object in ``state``."""
        t = self._by_action.get(action)
        return t is not None and state in t.sources and t.may(role)

    def available(self, state: str, role: str | None = None) -> list[Transition]:
        """The transitions ``role`` may take from ``state``, in the table's order."""
        return [t for t in self.transitions if state in t.sources and t.may(role)]

    def targets(self, state: str) -> frozenset[str]:
        """Every state reachable from ``state`` in one step (whoever takes it)."""
        return frozenset(t.target for t in self.transitions if state in t.sources)

    def check(self, state: str, action: str, role: str | None = None, comment: str = "") -> Transition:
        """The transition, or :class:`TransitionRefused` saying in Japanese why not."""
        t = self._by_action.get(action)
        if t is None:
            raise TransitionRefused(f"不明な操作です: {action}")
        if not t.may(role):
            raise TransitionRefused(f"「{t.label}」はできません（権限がありません）")
        if state not in t.sources:
            label = self.states.get(state, state)
            raise TransitionRefused(f"状態が「{label}」の{self.name}には「{t.label}」を行えません")
        if t.comment_required and not comment.strip():
            raise TransitionRefused(self.comment_message.format(label=t.label))
        return t


def by_target(
    name: str,
    states: Mapping[str, str],
    table: Mapping[str, Iterable[str]],
    *,
    roles: frozenset[str] = frozenset(),
) -> Workflow:
    """A workflow whose actions are named after their target state (the card pipeline):
    ``table`` maps each state to the states it may move to."""
    sources: dict[str, set[str]] = {}
    for source, targets in table.items():
        for target in targets:
            sources.setdefault(target, set()).add(source)
    return Workflow(
        name,
        states,
        tuple(
            Transition(target, states[target], frozenset(sources[target]), target, roles)
            for target in states
            if target in sources
        ),
    )


# --- the smoothing plan (交付円滑化計画) ----------------------------------------------------------
PLAN = Workflow(
    "計画",
    {
        "draft": "作成中",
        "submitted": "提出済み（都道府県の確認待ち）",
        "returned": "差戻し（修正依頼）",
        "accepted": "確認済み",
    },
    (
        Transition(
            "submit",
            "提出する",
            frozenset({"draft", "returned"}),
            "submitted",
            frozenset({MUNICIPALITY, SYSTEM}),
        ),
        Transition(
            "return",
            "差し戻す（修正を依頼）",
            frozenset({"submitted"}),
            "returned",
            frozenset({PREFECTURE}),
            comment_required=True,
        ),
        Transition("accept", "確認済みにする", frozenset({"submitted"}), "accepted", frozenset({PREFECTURE})),
        Transition(
            "reopen",
            "計画を改訂する（作成中に戻す）",
            frozenset({"accepted"}),
            "draft",
            frozenset({MUNICIPALITY, SYSTEM}),
        ),
    ),
    comment_message="助言・コメント: 差し戻す理由（助言）を入力してください",
)
#: States in which the municipality may still change its plan.
PLAN_EDITABLE = frozenset({"draft", "returned"})

# --- the subsidy claim (補助金の実績報告（申請）) ------------------------------------------------------
CLAIM = Workflow(
    "申請",
    {
        "draft": "作成中",
        "submitted": "提出済み（総務省の確認待ち）",
        "checked": "確認済み",
        "returned": "差戻し",
    },
    (
        Transition(
            "submit", "提出する", frozenset({"draft", "returned"}), "submitted", frozenset({MUNICIPALITY})
        ),
        Transition("check", "確認済みにする", frozenset({"submitted"}), "checked", frozenset({MINISTRY})),
        Transition(
            "return",
            "差し戻す",
            frozenset({"submitted"}),
            "returned",
            frozenset({MINISTRY}),
            comment_required=True,
        ),
    ),
)
#: States in which the municipality may still change its figures.
CLAIM_EDITABLE = frozenset({"draft", "returned"})

#: History actions that are not transitions (the claim's figures written or changed).
ACTION_LABELS: Mapping[str, str] = {
    "create": "作成",
    "update": "修正",
    "submit": "提出",
    "check": "確認",
    "return": "差戻し",
    "accept": "確認",
    "reopen": "改訂",
}
