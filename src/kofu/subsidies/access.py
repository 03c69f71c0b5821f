"""Access to subsidy claims (the rules: ``kofu.accounts.access``).

A claim is seen in its municipality's area (its own staff, its prefecture, the ministry) and
changed — filed, corrected, submitted — by the municipality's own staff only. Workflow steps taken
by other roles (the ministry's check) are the workflow's business (``kofu.subsidies.workflow``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kofu.accounts.access import NotFound, area_of, can_edit_municipality, own_area
from kofu.accounts.roles import Actor
from kofu.subsidies.models import Claim


def claims_in_scope(actor: Actor) -> QuerySet[Claim]:
    """Claims the actor may see: own municipality, the prefecture's municipalities, or all — a
    draft only by its own municipality (it is not filed yet: nobody else sees or counts it)."""
    rows = Claim.objects.filter(area_of(actor).q("municipality"))
    own = own_area(actor)
    if not own.everywhere:
        rows = rows.filter(~Q(status=Claim.Status.DRAFT) | own.q("municipality"))
    return rows.select_related("municipality__prefecture").prefetch_related("spends")


def _visible(actor: Actor, claim: Claim) -> bool:
    if claim.status == Claim.Status.DRAFT:
        return can_edit_municipality(actor, claim.municipality_id)
    return area_of(actor).covers(claim.municipality_id, claim.municipality.prefecture_id)


def access_claim(
    actor: Actor, claim: int | Claim, *, change: bool = False, rows: QuerySet[Claim] | None = None
) -> Claim:
    """The claim (by id, read from ``rows`` — e.g. locked — or the object) if ``actor`` sees it, or
    with ``change`` may change it."""
    if isinstance(claim, Claim):
        found: Claim | None = claim
    else:
        found = (
            (rows if rows is not None else claims_in_scope(actor))
            .select_related("municipality")
            .filter(pk=claim)
            .first()
        )
    if found is None or not (
        can_edit_municipality(actor, found.municipality_id) if change else _visible(actor, found)
    ):
        raise NotFound("申請が見つかりません")
    return found
