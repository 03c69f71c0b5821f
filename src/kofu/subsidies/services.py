"""Writes: goal declarations, unit-price ceilings and claims (each one atomic, validated, audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kofu.accounts.access import access_municipality, area_of
from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor, Role
from kofu.core import workflow
from kofu.registry.models import Municipality
from kofu.rules import subsidy, subsidy_claims
from kofu.rules.codes import CodeError, normalize_localgov_code
from kofu.rules.subsidy import ChannelApplications, SubsidyError
from kofu.rules.workflow import CLAIM as FLOW
from kofu.rules.workflow import CLAIM_EDITABLE as EDITABLE
from kofu.rules.workflow import TransitionRefused
from kofu.subsidies.access import access_claim
from kofu.subsidies.models import Claim, ClaimSpend, ClaimTransition, FiscalYearUnitPrice, GoalDeclaration
from kofu.subsidies.selectors import unit_price_overrides


class SubsidyInputError(Exception):
    """The write was refused; the message says why, in Japanese."""


def _municipality(code: str) -> Municipality:
    try:
        normalized = normalize_localgov_code(code)
    except CodeError as exc:
        raise SubsidyInputError(str(exc)) from None
    municipality = Municipality.objects.select_related("prefecture").filter(code=normalized).first()
    if municipality is None:
        raise SubsidyInputError(
            f"団体コード {normalized} の市区町村が団体台帳にありません（kofu init を実行しましたか）"
        )
    if municipality.kind != Municipality.Kind.MUNICIPALITY:
        raise SubsidyInputError(
            f"{municipality}（{normalized}）は指定都市の区です。市の団体コードで指定してください"
        )
    return municipality


@transaction.atomic
def goal_declaration_record(
    *, code: str, declared_on: dt.date, note: str = "", actor: Actor
) -> GoalDeclaration:
    """Record (or re-date) that a municipality has set the goal of issuing to all residents."""
    municipality = access_municipality(actor, _municipality(code), change=True)
    declaration = GoalDeclaration.objects.select_for_update().filter(municipality=municipality).first()
    before = None
    if declaration is None:
        declaration = GoalDeclaration(municipality=municipality)
    else:
        before = {"declared_on": declaration.declared_on, "note": declaration.note}
    declaration.declared_on = declared_on
    declaration.note = note
    try:
        declaration.full_clean()
    except ValidationError as exc:
        raise SubsidyInputError("; ".join(exc.messages)) from None
    declaration.save()
    audit_record(
        actor=actor,
        action="subsidies.goal_declaration.record",
        object_type="subsidies.GoalDeclaration",
        object_id=municipality.code,
        before=before,
        after={"declared_on": declared_on, "note": note},
    )
    return declaration


@transaction.atomic
def goal_declaration_withdraw(*, code: str, actor: Actor) -> bool:
    """Remove a municipality's declaration; False when it had none."""
    municipality = access_municipality(actor, _municipality(code), change=True)
    declaration = GoalDeclaration.objects.select_for_update().filter(municipality=municipality).first()
    if declaration is None:
        return False
    before = {"declared_on": declaration.declared_on, "note": declaration.note}
    declaration.delete()
    audit_record(
        actor=actor,
        action="subsidies.goal_declaration.withdraw",
        object_type="subsidies.GoalDeclaration",
        object_id=municipality.code,
        before=before,
    )
    return True


@transaction.atomic
def unit_price_ceiling_set(
    *, fiscal_year: int, max_unit_price: int, note: str = "", actor: Actor
) -> FiscalYearUnitPrice:
    """Set the publicity unit-price ceiling of one fiscal year (overrides the built-in one): a
    national figure, set by the ministry (or the operator's command)."""
    if not area_of(actor).everywhere:
        raise PermissionDenied("上限単価は総務省だけが設定できます")
    if max_unit_price <= 0:
        raise SubsidyInputError(f"上限単価は1円以上で指定してください: {max_unit_price}")
    if fiscal_year < 2000:
        raise SubsidyInputError(f"年度は西暦（例: 2023）で指定してください: {fiscal_year}")
    ceiling = FiscalYearUnitPrice.objects.select_for_update().filter(fiscal_year=fiscal_year).first()
    before = None
    if ceiling is None:
        ceiling = FiscalYearUnitPrice(fiscal_year=fiscal_year)
    else:
        before = {"max_unit_price": ceiling.max_unit_price, "note": ceiling.note}
    ceiling.max_unit_price = max_unit_price
    ceiling.note = note
    try:
        ceiling.full_clean()
    except ValidationError as exc:
        raise SubsidyInputError("; ".join(exc.messages)) from None
    ceiling.save()
    audit_record(
        actor=actor,
        action="subsidies.unit_price_ceiling.set",
        object_type="subsidies.FiscalYearUnitPrice",
        object_id=fiscal_year,
        before=before,
        after={"max_unit_price": max_unit_price, "note": note},
    )
    return ceiling


# --- claims (実績報告) ----------------------------------------------------------------------------


class ClaimError(Exception):
    """A claim write was refused; the message says why, in Japanese."""


@dataclass(frozen=True)
class ClaimInput:
    """What a municipality enters: applications per channel, unit price, spend per category."""

    fiscal_year: int
    at_counter: int = 0
    outreach: int = 0
    support: int = 0
    unit_price: int = 0
    spend: Mapping[str, int] = field(default_factory=dict)
    note: str = ""


def _claim_values(claim: Claim) -> dict[str, Any]:
    return {
        "fiscal_year": claim.fiscal_year,
        "status": claim.status,
        "at_counter": claim.at_counter,
        "outreach": claim.outreach,
        "support": claim.support,
        "unit_price": claim.unit_price,
        "spend": {s.category: s.amount for s in claim.spends.all()},
        "note_length": len(claim.note),
    }


def _check_figures(data: ClaimInput) -> None:
    if not any(data.spend.values()):
        raise ClaimError(
            "経費: すべての区分が0円です。補助の対象になる経費（職員の人件費、宣伝及び集客経費など）の"
            "実績額を入力してください"
        )
    try:
        subsidy_claims.statement(
            fiscal_year=data.fiscal_year,
            spend=data.spend,
            applications=ChannelApplications(
                at_counter=data.at_counter, outreach=data.outreach, support=data.support
            ),
            unit_price=data.unit_price,
            receipt=None,
            overrides=unit_price_overrides(),
        )
    except SubsidyError as exc:
        raise ClaimError(str(exc)) from None


def _save(claim: Claim, data: ClaimInput) -> None:
    claim.at_counter = data.at_counter
    claim.outreach = data.outreach
    claim.support = data.support
    claim.unit_price = data.unit_price
    claim.note = data.note
    try:
        claim.full_clean()
    except ValidationError as exc:
        raise ClaimError("; ".join(exc.messages)) from None
    claim.save()
    for category in subsidy_claims.COST_CATEGORIES:
        ClaimSpend.objects.update_or_create(
            claim=claim, category=category.key, defaults={"amount": data.spend.get(category.key, 0)}
        )


@transaction.atomic
def claim_create(*, municipality: Municipality, data: ClaimInput, actor: Actor) -> Claim:
    """A new draft claim of ``municipality`` for ``data.fiscal_year``; only its own staff file it."""
    access_municipality(actor, municipality, change=True)
    if Claim.objects.filter(municipality=municipality, fiscal_year=data.fiscal_year).exists():
        raise ClaimError(
            f"{subsidy.fiscal_year_label(data.fiscal_year)}の申請は既にあります。一覧から開いて修正してください"
        )
    _check_figures(data)
    claim = Claim(municipality=municipality, fiscal_year=data.fiscal_year)
    _save(claim, data)
    ClaimTransition.objects.create(
        claim=claim,
        action="create",
        from_state=Claim.Status.DRAFT,
        to_state=Claim.Status.DRAFT,
        actor_id=actor.user_id,
        actor_label=actor.name,
        at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="subsidies.claim.create",
        object_type="subsidies.Claim",
        object_id=claim.pk,
        after=_claim_values(claim),
    )
    return claim


def _locked_claim(actor: Actor, claim_id: int, *, change: bool = False) -> Claim:
    return access_claim(actor, claim_id, change=change, rows=Claim.objects.select_for_update(of=("self",)))


@transaction.atomic
def claim_update(*, claim_id: int, data: ClaimInput, actor: Actor) -> Claim:
    """Change a draft or returned claim's figures (its own municipality's staff only)."""
    claim = _locked_claim(actor, claim_id, change=True)
    if claim.status not in EDITABLE:
        raise ClaimError(f"「{claim.get_status_display()}」の申請は修正できません")
    if data.fiscal_year != claim.fiscal_year:
        raise ClaimError("年度は変更できません。別の年度は新しい申請として作成してください")
    _check_figures(data)
    before = _claim_values(claim)
    _save(claim, data)
    ClaimTransition.objects.create(
        claim=claim,
        action="update",
        from_state=claim.status,
        to_state=claim.status,
        actor_id=actor.user_id,
        actor_label=actor.name,
        at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="subsidies.claim.update",
        object_type="subsidies.Claim",
        object_id=claim.pk,
        before=before,
        after=_claim_values(claim),
    )
    return claim


@transaction.atomic
def claim_transition(*, claim_id: int, action: str, actor: Actor, comment: str = "") -> Claim:
    """Move a claim along the workflow (:data:`kofu.rules.workflow.CLAIM`, through
    :func:`kofu.core.workflow.transition`).

    Municipality staff submit their own claims; ministry staff check or return submitted ones
    (returning needs a comment). Anyone who cannot see the claim gets NotFound.
    """
    claim = _locked_claim(actor, claim_id)
    if actor.role is Role.MUNICIPALITY:
        access_claim(actor, claim, change=True)
    try:
        workflow.transition(
            claim,
            flow=FLOW,
            action=action,
            actor=actor,
            record=ClaimTransition(claim=claim),
            comment=comment,
            changes={"updated_at": timezone.now()},
            audit_action=f"subsidies.claim.{action}",
            object_type="subsidies.Claim",
            audit_after=lambda step: {"comment_length": len(comment.strip())},
        )
    except TransitionRefused as exc:
        raise ClaimError(str(exc)) from None
    return claim
