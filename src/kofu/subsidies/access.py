"""Access to subsidy claims (the rules: ``kofu.accounts.access``).

A claim is seen in its municipality's area (its own staff, its prefecture, the ministry) and
changed — filed, corrected, submitted — by the municipality's own staff only. Workflow steps taken
by other roles (the ministry's check) are the workflow's business (``kofu.subsidies.workflow``).
"""

from __future__ import annotations

from django.db.models import QuerySet

from kofu.accounts.access import NotFound, area_of, can_edit_municipality
from kofu.accounts.roles import Actor
from kofu.subsidies.models import Claim


def claims_in_scope(actor: Actor) -> QuerySet[Claim]:
    """Claims the actor may see: own municipality, the prefecture's municipalities, or all."""
    return (
        Claim.objects.filter(area_of(actor).q("municipality"))
        .select_related("municipality__prefecture")
        .prefetch_related("spends")
    )


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
        can_edit_municipality(actor, found.municipality_id)
        if change
        else area_of(actor).covers(found.municipality_id, found.municipality.prefecture_id)
    ):
        raise NotFound("申請が見つかりません")
    return found
