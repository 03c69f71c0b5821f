"""Write: hand a card to a proxy for a resident who cannot come (資料002 事例集 P10, 函館市).

The checks are :func:`kofu.rules.proxy_handover.proxy_handover_problems`; the card then moves to
交付済み through the one transition service, in the same transaction as the record of the checks
and the audit event.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor
from kofu.cards.access import access_card
from kofu.cards.models import Card
from kofu.cards.proxy_models import ProxyHandover
from kofu.cards.services import card_transition, today
from kofu.rules import cards as card_rules
from kofu.rules.proxy_handover import RELATIONS, ProxyChecks, proxy_handover_problems


@transaction.atomic
def card_hand_over_by_proxy(
    *, card_id: int, checks: ProxyChecks, actor: Actor, on: dt.date | None = None
) -> ProxyHandover:
    """Record the checks and hand the card over; raises ValidationError listing what is missing."""
    if not actor.is_staff_member:
        raise PermissionDenied("代理人への交付は窓口の職員が記録します")
    card = access_card(actor, card_id, rows=Card.objects.select_for_update().select_related("municipality"))
    if card.is_purged:
        raise ValidationError("個人情報を削除したカードは交付できません")
    problems = proxy_handover_problems(checks, state=card.state)
    if problems:
        raise ValidationError(problems)
    day = on or today()
    record = ProxyHandover(
        card=card,
        handed_over_on=day,
        reason=checks.reason,
        facility=checks.facility.strip(),
        relation=checks.relation,
        applicant_id=checks.applicant_id,
        hardship_proof=checks.hardship_proof,
        proxy_identity=checks.proxy_identity,
        delegation=checks.delegation,
        pin_sealed=checks.pin_sealed,
        recorded_by=actor.name,
    )
    record.full_clean()
    record.save()
    note = f"代理人（{RELATIONS[checks.relation]}）に交付"
    card_transition(
        card_id=card.pk, to_state=card_rules.HANDED_OVER, on=day, note=note, actor=actor, card=card,
        audit=False,
    )  # fmt: skip
    audit_record(
        actor=actor,
        action="cards.proxy_handover",
        object_type="card",
        object_id=card.pk,
        after={"state": card_rules.HANDED_OVER, "reason": checks.reason, "relation": checks.relation},
        purpose="交付事務",
    )
    return record
