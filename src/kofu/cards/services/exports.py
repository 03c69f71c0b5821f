"""Exports of residents' personal data (持ち出し, SECURITY.md 23): permission, purpose, log.

Every file kofu hands out with residents' personal values (the renewal-reminder list, the notice
PDF) goes through :func:`personal_data_export_record` first, in the same transaction as nothing
else: it refuses staff without ``export_resident_pii`` (403), requires a purpose from
:data:`EXPORT_PURPOSES` (free text only with it, guarded against My Numbers), and writes a
:class:`PersonalDataExport`, one :class:`ResidentAccess` row per card (what the resident sees in
their access history) and an audit event. Statistics exports carry no personal columns and need
none of this.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kofu.accounts.audit import audit_record
from kofu.accounts.permissions import EXPORT_RESIDENT_PII_LABEL, can_export_resident_pii
from kofu.accounts.roles import Actor
from kofu.cards import access_log
from kofu.cards.models import Card, PersonalDataExport, ResidentAccess
from kofu.core.validators import no_my_number
from kofu.registry.models import Municipality

Purpose = ResidentAccess.Purpose

#: The purposes an export may be made for (code, label shown to staff and to the resident).
EXPORT_PURPOSES: list[tuple[str, str]] = [
    (Purpose.RENEWAL, "有効期限の更新案内の送付"),
    (Purpose.NOTICE, "交付通知書の作成・発送"),
    (Purpose.INQUIRY, "住民からの問合せ・請求への対応"),
    (Purpose.AUDIT, "監査・内部点検"),
    (Purpose.OTHER, "その他（内容を記入）"),
]
PURPOSE_CODES = frozenset(code for code, _label in EXPORT_PURPOSES)

REFUSED = (
    f"住民の個人情報を含むファイルの出力には「{EXPORT_RESIDENT_PII_LABEL}」の権限が必要です。"
    "組織の管理者に付与を依頼してください。"
)


def check_export_allowed(actor: Actor, municipality: Municipality) -> None:
    """PermissionDenied (403) unless the actor may export this municipality's residents' data
    (its staff with the grant, or the operator at the command line, ``kofu cards renewals --purpose …``)."""
    if not can_export_resident_pii(actor, municipality.pk):
        raise PermissionDenied(REFUSED)


def check_purpose(purpose: str, purpose_text: str) -> str:
    """The cleaned free text; ValidationError for an unknown purpose or a missing/unsafe text."""
    if purpose not in PURPOSE_CODES:
        choices = "、".join(f"{code}（{label}）" for code, label in EXPORT_PURPOSES)
        raise ValidationError({"purpose": f"出力の目的を選んでください: {choices}"})
    text = (purpose_text or "").strip()
    if len(text) > 200:
        raise ValidationError({"purpose_text": "目的の内容は200文字以内にしてください"})
    try:
        no_my_number(text)
    except ValidationError as exc:
        raise ValidationError({"purpose_text": exc.messages}) from None
    if purpose == Purpose.OTHER and not text:
        raise ValidationError({"purpose_text": "目的が「その他」のときは内容を書いてください"})
    return text


@transaction.atomic
def personal_data_export_record(
    *,
    actor: Actor,
    municipality: Municipality,
    kind: str,
    purpose: str,
    purpose_text: str = "",
    cards: Sequence[Card],
    parameters: dict[str, Any] | None = None,
    action: str = ResidentAccess.Action.EXPORT,
) -> PersonalDataExport:
    """Check and log one export of ``cards``; call it before handing the file out."""
    check_export_allowed(actor, municipality)
    text = check_purpose(purpose, purpose_text)
    now = timezone.now()
    # The resident's history shows the organisation: for the operator's command, the municipality.
    organisation = str(actor.organisation) if actor.organisation else municipality.full_name
    record = PersonalDataExport(
        municipality=municipality,
        at=now,
        user_id=actor.user_id,
        actor_label=actor.name,
        organisation=organisation,
        kind=kind,
        purpose=purpose,
        purpose_text=text,
        rows=len(cards),
        parameters=parameters or {},
    )
    record.full_clean()
    record.save()
    access_log.record(
        [card.pk for card in cards],
        actor=actor,
        action=action,
        purpose=purpose,
        organisation=organisation,
        batch_size=1000,
    )
    audit_record(
        actor=actor,
        action="cards.personal_data_export",
        object_type="personal_data_export",
        object_id=record.pk,
        after={
            "municipality": municipality.code,
            "kind": kind,
            "purpose": purpose,
            "rows": len(cards),
            "parameters": record.parameters,
        },
        purpose=dict(EXPORT_PURPOSES)[purpose][:64],
    )
    return record
