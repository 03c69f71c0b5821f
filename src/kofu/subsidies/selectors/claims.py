"""Reads for claims: scoped to the viewer, statements computed from the rules, summaries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from kofu.accounts.access import municipalities_in_scope
from kofu.accounts.roles import Actor
from kofu.registry.models import Prefecture
from kofu.rules import subsidy, subsidy_claims
from kofu.stats.models import IssuanceSnapshot
from kofu.subsidies.access import claims_in_scope
from kofu.subsidies.base_amounts import Frames, frames_for
from kofu.subsidies.models import Claim
from kofu.subsidies.selectors import (
    GrantCheck,
    SnapshotProblem,
    grant_check,
    issued_in_period,
    unit_price_overrides,
)

# --- 実績報告（申請）と明細 ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptReference:
    """The receipt-encouragement reference figures of one fiscal year, or why there are none."""

    period: subsidy_claims.ReceiptPeriod | None
    issued: dict[str, int]  # municipality code → ⅲ
    problem: str = ""

    def inputs_for(self, code: str) -> subsidy_claims.ReceiptBaseInputs | None:
        if self.period is None or code not in self.issued:
            return None
        return subsidy_claims.ReceiptBaseInputs(
            issued=self.issued[code],
            total_issued=sum(self.issued.values()),
            municipalities=len(self.issued),
            budget=self.period.budget,
            period=f"{self.period.start:%Y-%m-%d}〜{self.period.end:%Y-%m-%d} の交付枚数の差",
        )


def receipt_reference(fiscal_year: int) -> ReceiptReference:
    period = subsidy_claims.RECEIPT_PERIODS.get(fiscal_year)
    if period is None:
        return ReceiptReference(
            None,
            {},
            f"{subsidy.fiscal_year_label(fiscal_year)}は受取勧奨の基準額の算定期間が定められていません",
        )
    try:
        rows = issued_in_period(start=period.start, end=period.end)
    except SnapshotProblem as exc:
        text = str(exc).replace("--from ", "").replace("--as-of ", "")
        return ReceiptReference(period, {}, f"受取勧奨の基準額を算出できません: {text}")
    return ReceiptReference(period, {row.code: row.issued for row in rows})


@dataclass(frozen=True)
class ClaimStatement:
    claim: Claim
    statement: subsidy_claims.Statement
    receipt_problem: str  # why the receipt-encouragement base is missing (when spend was entered)
    price_problem: str = ""  # the unit price is above a ceiling lowered after the claim was saved
    #: The plan's 概算交付見込額 (SmoothingPlan.estimated_grant), shown beside the base amounts.
    estimated_grant: int | None = None

    @property
    def receipt_base(self) -> int | None:
        """The 受取勧奨 base amount (the receipt line's limit), when computable."""
        return next((line.limit for line in self.statement.lines if line.category.key in RECEIPT_KEYS), None)

    @property
    def over_estimate(self) -> bool:
        """The payable total is above the notified 概算交付見込額."""
        return self.estimated_grant is not None and self.statement.total_payable > self.estimated_grant


RECEIPT_KEYS = frozenset(
    c.key for c in subsidy_claims.COST_CATEGORIES if c.basis is subsidy_claims.Basis.RECEIPT
)


def claim_statement(
    claim: Claim,
    reference: ReceiptReference | None = None,
    overrides: dict[int, int] | None = None,
    frames: Frames | None = None,
) -> ClaimStatement:
    """The claim's statement: every category's payable amount with the formulas and numbers, the
    「基準額の枠内」 capped by the municipality's general 基準額 (when registered).

    ``reference``, ``overrides`` and ``frames`` are looked up when not given (pass them for many claims).
    """
    if frames is None:
        frames = frames_for(claim.fiscal_year, [claim.municipality_id])
    if reference is None:
        reference = receipt_reference(claim.fiscal_year)
    if overrides is None:
        overrides = unit_price_overrides()
    spend = {s.category: s.amount for s in claim.spends.all() if s.category in subsidy_claims.CATEGORY_BY_KEY}
    receipt = reference.inputs_for(claim.municipality.code)
    problem = ""
    if receipt is None and any(spend.get(key) for key in RECEIPT_KEYS):
        problem = reference.problem or f"{claim.municipality}の算定期間の交付枚数がありません"
    ceiling = subsidy.unit_price_ceiling(claim.fiscal_year, overrides)
    price, price_problem = claim.unit_price, ""
    if price > ceiling:
        price_problem = (
            f"単価{subsidy.yen(price)}が{subsidy.fiscal_year_label(claim.fiscal_year)}の上限"
            f"{subsidy.yen(ceiling)}を超えているため、上限単価で計算しています"
        )
        price = ceiling
    result = subsidy_claims.statement(
        fiscal_year=claim.fiscal_year,
        spend=spend,
        applications=subsidy.ChannelApplications(
            at_counter=claim.at_counter, outreach=claim.outreach, support=claim.support
        ),
        unit_price=price,
        receipt=receipt,
        overrides=overrides,
        general_base=frames.base(claim.municipality_id),
    )
    return ClaimStatement(claim, result, problem, price_problem, frames.grant(claim.municipality_id))


@dataclass(frozen=True)
class SummaryGroup:
    """Claims of one prefecture (or of the whole country) added up."""

    code: str
    name: str
    claims: int
    by_status: dict[str, int]
    total_actual: int
    total_payable: int


@dataclass(frozen=True)
class CategoryTotal:
    category: subsidy_claims.CostCategory
    actual: int
    payable: int


@dataclass(frozen=True)
class Summary:
    fiscal_year: int
    statements: list[ClaimStatement]
    groups: list[SummaryGroup]  # per prefecture
    total: SummaryGroup
    receipt_problem: str

    @property
    def by_category(self) -> list[CategoryTotal]:
        """Actual spend and payable amount per cost category, over all the claims."""
        return [
            CategoryTotal(
                category=category,
                actual=sum(s.statement.lines[index].actual for s in self.statements),
                payable=sum(s.statement.lines[index].payable for s in self.statements),
            )
            for index, category in enumerate(subsidy_claims.COST_CATEGORIES)
        ]


def _group(code: str, name: str, statements: list[ClaimStatement]) -> SummaryGroup:
    by_status = {status: 0 for status in Claim.Status.values}
    for s in statements:
        by_status[s.claim.status] += 1
    return SummaryGroup(
        code=code,
        name=name,
        claims=len(statements),
        by_status=by_status,
        total_actual=sum(s.statement.total_actual for s in statements),
        total_payable=sum(s.statement.total_payable for s in statements),
    )


def claim_years(viewer: Actor) -> list[int]:
    return sorted(set(claims_in_scope(viewer).values_list("fiscal_year", flat=True)), reverse=True)


def claim_rows(viewer: Actor, *, fiscal_year: int = 0, status: str = "", q: str = "") -> QuerySet[Claim]:
    """The claims list (newest year first, by municipality code), filtered; ``q`` is a word of the
    municipality's or prefecture's name (for the oversight roles, who see many)."""
    rows = claims_in_scope(viewer).select_related("municipality__prefecture")
    if fiscal_year:
        rows = rows.filter(fiscal_year=fiscal_year)
    if status:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(Q(municipality__name__contains=q) | Q(municipality__prefecture__name__contains=q))
    return rows.order_by("-fiscal_year", "municipality__code", "pk")


def claim_summary(viewer: Actor, fiscal_year: int, prefecture: Prefecture | None = None) -> Summary:
    """All claims of a fiscal year in the viewer's scope (optionally one prefecture), with totals."""
    claims = claims_in_scope(viewer).filter(fiscal_year=fiscal_year).order_by("municipality__code")
    if prefecture is not None:
        claims = claims.filter(municipality__prefecture=prefecture)
    reference = receipt_reference(fiscal_year)
    overrides = unit_price_overrides()
    frames = frames_for(fiscal_year)
    statements = [claim_statement(claim, reference, overrides, frames) for claim in claims]
    by_prefecture: dict[str, list[ClaimStatement]] = {}
    names: dict[str, str] = {}
    for s in statements:
        pref = s.claim.municipality.prefecture
        by_prefecture.setdefault(pref.code, []).append(s)
        names[pref.code] = pref.name
    groups = [_group(code, names[code], items) for code, items in sorted(by_prefecture.items())]
    return Summary(
        fiscal_year=fiscal_year,
        statements=statements,
        groups=groups,
        total=_group("", "合計", statements),
        receipt_problem=next((s.receipt_problem for s in statements if s.receipt_problem), ""),
    )


def latest_complete_snapshot_date() -> dt.date | None:
    return (
        IssuanceSnapshot.objects.filter(complete=True)
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .first()
    )


def complete_snapshot_dates() -> list[dt.date]:
    return list(
        IssuanceSnapshot.objects.filter(complete=True).order_by("-as_of").values_list("as_of", flat=True)
    )


def grant_check_in_scope(
    viewer: Actor, *, as_of: dt.date, prefecture: Prefecture | None = None
) -> GrantCheck:
    """:func:`grant_check` (national average over all municipalities) limited to the viewer's rows
    (and to one prefecture when given)."""
    result = grant_check(as_of=as_of)
    municipalities = municipalities_in_scope(viewer)
    if prefecture is not None:
        municipalities = municipalities.filter(prefecture=prefecture)
    codes = set(municipalities.values_list("code", flat=True))
    return GrantCheck(
        as_of=result.as_of, average=result.average, rows=[r for r in result.rows if r.code in codes]
    )
