"""The claim workflow as data: draft → submitted → checked by the ministry (or returned).

:func:`kofu.subsidies.services.claim_transition` is the only code that changes a claim's status;
it looks the action up here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kofu.accounts.roles import Role
from kofu.subsidies.models import Claim

S = Claim.Status


@dataclass(frozen=True)
class Transition:
    action: str
    label: str  # the button
    sources: frozenset[str]
    target: str
    role: Role  # who may take it (municipality staff: only their own claims)
    comment_required: bool = False


TRANSITIONS: Mapping[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", "提出する", frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, Role.MUNICIPALITY),
        Transition("check", "確認済みにする", frozenset({S.SUBMITTED}), S.CHECKED, Role.MINISTRY),
        Transition(
            "return", "差し戻す", frozenset({S.SUBMITTED}), S.RETURNED, Role.MINISTRY, comment_required=True
        ),
    )
}

#: States in which the municipality may still change its figures.
EDITABLE: frozenset[str] = frozenset({S.DRAFT, S.RETURNED})

ACTION_LABELS: Mapping[str, str] = {
    "create": "作成",
    "update": "修正",
    "submit": "提出",
    "check": "確認",
    "return": "差戻し",
}


def available(status: str, role: Role) -> list[Transition]:
    """The transitions a viewer of ``role`` may take from ``status`` (scope is checked separately)."""
    return [t for t in TRANSITIONS.values() if status in t.sources and t.role is role]
