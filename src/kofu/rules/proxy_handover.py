"""Handing a card to a proxy for a resident who cannot come (資料002 事例集 P10, 函館市).

A resident in a care home or hospital, or kept at home by illness or disability, may receive the
card through a proxy — the head of the facility, its staff or a relative — once the window has
checked: the reason the resident cannot come and a document proving it, the proxy's own identity,
the delegation (the 委任 part of the 照会書兼回答書), the resident's identity document (for a
resident without a photo ID, the 顔写真証明書 the facility head makes), and the PIN the resident
wrote and sealed. Pure: no ORM, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Why the resident cannot come to the window.
REASONS: dict[str, str] = {
    "care_home": "介護施設・障がい者支援施設に入所",
    "hospital": "入院",
    "illness_disability": "病気・身体の障害（在宅）",
    "other": "その他やむを得ない理由",
}
#: Who the proxy is.
RELATIONS: dict[str, str] = {
    "facility_head": "施設長",
    "facility_staff": "施設職員",
    "relative": "親族",
    "other": "その他の代理人",
}
#: The resident's identity document the proxy brings.
APPLICANT_IDS: dict[str, str] = {
    "photo_id": "顔写真付きの本人確認書類",
    "facility_photo_certificate": "施設長が作成した個人番号カード顔写真証明書",
    "two_documents": "本人確認書類2点（健康保険証・年金手帳など）",
}
#: Reasons that involve a facility: only there may the head make the photo certificate.
FACILITY_REASONS = frozenset({"care_home", "hospital"})
#: The card states a proxy handover may start from (at the window; a mailed card is not).
FROM_STATES = frozenset({"notice_sent", "appointment_booked", "unclaimed"})


@dataclass(frozen=True)
class ProxyChecks:
    reason: str
    relation: str
    applicant_id: str
    hardship_proof: bool  # a document that the resident cannot come (在所証明書・診断書など)
    proxy_identity: bool  # the proxy's own identity documents, seen at the window
    delegation: bool  # the delegation part of the 照会書兼回答書, filled and signed
    pin_sealed: bool  # the PIN the resident wrote, in a sealed envelope
    facility: str = ""


def proxy_handover_problems(checks: ProxyChecks, *, state: str) -> list[str]:
    """Every reason the card may not be handed to this proxy yet, in Japanese (empty: it may)."""
    problems: list[str] = []
    if state not in FROM_STATES:
        problems.append("代理人への交付は、交付通知書の発送後・来庁予約後・保管期間経過後のカードだけです")
    if checks.reason not in REASONS:
        problems.append("出頭できない理由を選んでください")
    if checks.relation not in RELATIONS:
        problems.append("代理人と本人の関係を選んでください")
    if checks.applicant_id not in APPLICANT_IDS:
        problems.append("本人の本人確認書類を選んでください")
    elif checks.applicant_id == "facility_photo_certificate" and checks.reason not in FACILITY_REASONS:
        problems.append("顔写真証明書は施設に入所・入院している方だけに使えます（施設長が作成）")
    if checks.reason in FACILITY_REASONS and not checks.facility.strip():
        problems.append("施設名を入力してください")
    required = [
        (
            checks.hardship_proof,
            "出頭が困難であることを証する書類（在所証明書・診断書など）を確認してください",
        ),
        (checks.proxy_identity, "代理人の本人確認書類を確認してください"),
        (checks.delegation, "照会書兼回答書の委任欄（本人の記入・署名）を確認してください"),
        (checks.pin_sealed, "本人が暗証番号を記入し封をした照会書兼回答書を受け取ってください"),
    ]
    problems.extend(message for done, message in required if not done)
    return problems
