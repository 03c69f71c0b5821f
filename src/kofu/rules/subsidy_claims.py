"""The claim statement of the マイナンバーカード交付事務費補助金: payable amount per cost category.

The subsidy-eligible costs are the list in seed 000 (補助対象経費), with the FY2021 supplementary
items of seed 004 (宣伝及び集客等, センター設置, 受取勧奨). Each category is paid on one basis:

* ``actual``: at actual cost (実支出額);
* ``publicity``: at most the publicity cap (受付件数 × 単価, :func:`kofu.rules.subsidy.publicity_cap`);
* ``receipt``: at most the receipt-encouragement base amount (:func:`receipt_base_amount`).

:func:`statement` computes every line and writes each formula out with its numbers, so a
municipality can check the arithmetic by hand. Integer yen only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from kofu.rules.subsidy import (
    CHANNEL_LABELS,
    PER_MUNICIPALITY,
    TRUNCATION_UNIT,
    ChannelApplications,
    SubsidyError,
    publicity_cap,
    receipt_base_amount,
    subsidy_amount,
)


class Basis(StrEnum):
    ACTUAL = "actual"  # 実費
    PUBLICITY = "publicity"  # 宣伝及び集客の上限額まで
    RECEIPT = "receipt"  # 受取勧奨の基準額まで


BASIS_LABELS: Mapping[Basis, str] = {
    Basis.ACTUAL: "実費（実支出額）",
    Basis.PUBLICITY: "上限額（受付件数×単価）まで",
    Basis.RECEIPT: "基準額まで",
}


#: Frames of the statement: the general base amount, the centre set up outside the office
#: (算定は基準額とは別枠, seed 004 p.13②) and the receipt-encouragement base amount (p.13③).
FRAME_LABELS: Mapping[str, str] = {
    "general": "基準額の枠内",
    "centre": "別枠（庁舎外の専門センターの設置）",
    "receipt": "受取勧奨の基準額",
}


@dataclass(frozen=True)
class CostCategory:
    key: str
    label: str
    basis: Basis
    frame: str = "general"


#: The subsidy-eligible cost categories, in the order of seed 000's list (as data).
COST_CATEGORIES: tuple[CostCategory, ...] = (
    CostCategory(
        "personnel",
        "マイナンバーカードの交付（カードの更新、電子証明書の発行・更新を含む）のための人件費",
        Basis.ACTUAL,
    ),
    CostCategory(
        "channels",
        "申請時来庁方式、出張申請受付方式及び申請サポート方式による交付のための経費"
        "（宣伝及び集客等に係る経費を除く）",
        Basis.ACTUAL,
    ),
    CostCategory(
        "publicity",
        "申請時来庁方式等の宣伝及び集客等に係る経費（商品券の配布を含む）",
        Basis.PUBLICITY,
    ),
    CostCategory(
        "number_writing",
        "マイナンバー未記入の交付申請書に職員がマイナンバーを追記するための人件費（出張申請受付、資料004 p.13①）",
        Basis.ACTUAL,
    ),
    CostCategory("temporary_windows", "臨時交付窓口設置に係る経費（小規模な修繕を含む）", Basis.ACTUAL),
    CostCategory("systems", "交付管理・予約のためのシステム及び電話窓口等に係る経費", Basis.ACTUAL),
    CostCategory("terminals", "マイナンバーカードの交付に用いる統合端末等に係る経費", Basis.ACTUAL),
    CostCategory(
        "forms_notices",
        "申請書等の作成及び送付並びに交付通知書とあわせて関係書類を作成・送付するための経費",
        Basis.ACTUAL,
    ),
    CostCategory("card_surface", "マイナンバーカードの券面記載事項の変更に係る経費", Basis.ACTUAL),
    CostCategory(
        "leaflets",
        "交付の際に配布する、マイナンバーカードの使用方法等を説明した資料を作成する経費",
        Basis.ACTUAL,
    ),
    CostCategory(
        "special_centre", "個人番号カード関係事務を専門とするセンターの設置に係る経費", Basis.ACTUAL
    ),
    CostCategory(
        "special_centre_offsite",
        "専門センターの庁舎外の設置に係る経費（基準額とは別枠、資料004 p.13②）",
        Basis.ACTUAL,
        "centre",
    ),
    CostCategory(
        "receipt_encouragement",
        "個人番号カードの受取勧奨のための周知広報に係る経費",
        Basis.RECEIPT,
        "receipt",
    ),
    CostCategory(
        "post_office",
        "郵便局への事務委託（電子証明書の発行・更新等）に係る経費（資料004 p.19）",
        Basis.ACTUAL,
    ),
)

CATEGORY_BY_KEY: Mapping[str, CostCategory] = {c.key: c for c in COST_CATEGORIES}


def n(value: int) -> str:
    """``2094000`` → ``2,094,000``."""
    return f"{value:,}"


@dataclass(frozen=True)
class ReceiptBaseInputs:
    """ⅲ, ⅳ, the number of municipalities and T for one municipality's receipt base amount."""

    issued: int  # ⅲ
    total_issued: int  # ⅳ
    municipalities: int
    budget: int  # T (別に定める額)
    per_municipality: int = PER_MUNICIPALITY  # ⅰ
    period: str = ""  # e.g. "2021-04-01〜2022-01-01"


@dataclass(frozen=True)
class Line:
    category: CostCategory
    actual: int
    limit: int | None  # cap or base amount; None when paid at actual cost or not computable
    payable: int
    formulas: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    fiscal_year: int
    lines: tuple[Line, ...]
    notes: tuple[str, ...]
    #: The municipality's general 基準額 (お知らせする額): the lines of the 「基準額の枠内」 frame
    #: together are paid at most this; the centre outside the office (別枠, seed 004 p.13②) and
    #: the receipt-encouragement frame (p.13③) are not in it. None: not known, no cap applied.
    general_base: int | None = None

    @property
    def total_actual(self) -> int:
        return sum(line.actual for line in self.lines)

    def frame_subtotal(self, key: str) -> int:
        """The lines' payable amounts of one frame, before the frame's cap."""
        return sum(line.payable for line in self.lines if line.category.frame == key)

    @property
    def general_payable(self) -> int:
        """「基準額の枠内」 after the general 基準額: min(its lines, 基準額)."""
        subtotal = self.frame_subtotal("general")
        return subtotal if self.general_base is None else min(subtotal, self.general_base)

    @property
    def general_capped(self) -> bool:
        return self.general_payable < self.frame_subtotal("general")

    @property
    def total_payable(self) -> int:
        return self.general_payable + sum(
            self.frame_subtotal(key) for key in FRAME_LABELS if key != "general"
        )

    @property
    def frame_totals(self) -> list[tuple[str, int]]:
        """(frame label, payable) for each frame of :data:`FRAME_LABELS` (the general one capped)."""
        return [
            (label, self.general_payable if key == "general" else self.frame_subtotal(key))
            for key, label in FRAME_LABELS.items()
        ]

    @property
    def general_formula(self) -> str:
        subtotal = self.frame_subtotal("general")
        if self.general_base is None:
            return f"基準額の枠内 = {n(subtotal)}円（基準額の登録なし: 上限を適用していません）"
        return (
            f"基準額の枠内 = min(枠内の補助対象額 {n(subtotal)}円, 基準額 {n(self.general_base)}円)"
            f" = {n(self.general_payable)}円"
        )

    @property
    def total_formula(self) -> str:
        if self.general_base is None:
            parts = " + ".join(n(line.payable) for line in self.lines)
            return f"補助対象額の合計 = {parts} = {n(self.total_payable)}円"
        frames = " + ".join(f"{label} {n(amount)}" for label, amount in self.frame_totals)
        return f"補助対象額の合計 = {frames} = {n(self.total_payable)}円"


def receipt_base_formula(inputs: ReceiptBaseInputs) -> tuple[int, str]:
    """The base amount and its formula with numbers, e.g.
    ``基準額 = 300,000 + (1,000,000,000 − 522,300,000) × 60,000 ÷ 15,975,568 = 2,094,111
    → 千円未満切捨て 2,094,000円``.
    """
    base = receipt_base_amount(
        issued=inputs.issued,
        total_issued=inputs.total_issued,
        municipalities=inputs.municipalities,
        budget=inputs.budget,
        per_municipality=inputs.per_municipality,
    )
    fixed_total = inputs.per_municipality * inputs.municipalities
    exact = (
        inputs.per_municipality * inputs.total_issued + (inputs.budget - fixed_total) * inputs.issued
    ) // inputs.total_issued
    text = (
        f"基準額 = {n(inputs.per_municipality)} + ({n(inputs.budget)} − {n(fixed_total)})"
        f" × {n(inputs.issued)} ÷ {n(inputs.total_issued)} = {n(exact)}"
        f" → 千円未満切捨て {n(base)}円"
    )
    return base, text


def _require_amount(label: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SubsidyError(f"{label}の実支出額は整数（円）で指定してください: {value!r}")
    if value < 0:
        raise SubsidyError(f"{label}の実支出額が負の数です: {n(value)}円")


def statement(
    *,
    fiscal_year: int,
    spend: Mapping[str, int],
    applications: ChannelApplications,
    unit_price: int,
    receipt: ReceiptBaseInputs | None,
    overrides: Mapping[int, int] | None = None,
    general_base: int | None = None,
) -> Statement:
    """Every category's actual spend, limit and payable amount, each with its formulas.

    ``general_base`` is the municipality's general 基準額 (None: not known): the 「基準額の枠内」
    frame is paid at most that (:attr:`Statement.general_payable`).

    ``spend`` maps category keys to actual spend in yen (missing keys are 0). ``receipt`` is None
    when the base amount cannot be computed (no reference period or snapshots): the receipt line
    then pays 0 and a note says why.
    """
    unknown = sorted(set(spend) - set(CATEGORY_BY_KEY))
    if unknown:
        raise SubsidyError(f"補助対象経費の区分ではありません: {', '.join(unknown)}")
    if general_base is not None and (
        isinstance(general_base, bool) or not isinstance(general_base, int) or general_base < 0
    ):
        raise SubsidyError(f"基準額は0以上の整数（円）で指定してください: {general_base!r}")
    lines: list[Line] = []
    notes: list[str] = []
    for category in COST_CATEGORIES:
        actual = spend.get(category.key, 0)
        _require_amount(category.label, actual)
        if category.basis is Basis.ACTUAL:
            lines.append(Line(category, actual, None, actual, (f"補助対象額 = 実支出額 {n(actual)}円",)))
        elif category.basis is Basis.PUBLICITY:
            cap = publicity_cap(
                applications=applications, unit_price=unit_price, year=fiscal_year, overrides=overrides
            )
            counts = " + ".join(
                f"{label} {n(getattr(applications, field))}件" for field, label in CHANNEL_LABELS.items()
            )
            payable = subsidy_amount(actual=actual, limit=cap)
            lines.append(
                Line(
                    category,
                    actual,
                    cap,
                    payable,
                    (
                        f"上限額 = ({counts}) × 単価 {n(unit_price)}円"
                        f" = {n(applications.total)}件 × {n(unit_price)}円 = {n(cap)}円",
                        f"補助対象額 = min(実支出額 {n(actual)}円, 上限額 {n(cap)}円) = {n(payable)}円",
                    ),
                )
            )
        elif receipt is None:
            if actual:
                notes.append(
                    f"{category.label}: 基準額を算出できないため、補助対象額を0円としています"
                    "（基準額の算定期間の交付状況が取り込まれていません）"
                )
            lines.append(Line(category, actual, None, 0, ("基準額を算出できません → 補助対象額 0円",)))
        else:
            base, base_text = receipt_base_formula(receipt)
            payable = subsidy_amount(actual=actual, limit=base)
            period = f"（算定期間 {receipt.period}）" if receipt.period else ""
            lines.append(
                Line(
                    category,
                    actual,
                    base,
                    payable,
                    (
                        f"ⅰ = {n(receipt.per_municipality)}円、ⅱ = ⅰ × {n(receipt.municipalities)}団体"
                        f" = {n(receipt.per_municipality * receipt.municipalities)}円、"
                        f"ⅲ = {n(receipt.issued)}枚{period}、ⅳ = {n(receipt.total_issued)}枚、"
                        f"別に定める額 = {n(receipt.budget)}円",
                        base_text,
                        f"補助対象額 = min(実支出額 {n(actual)}円, 基準額 {n(base)}円) = {n(payable)}円",
                    ),
                )
            )
    return Statement(
        fiscal_year=fiscal_year, lines=tuple(lines), notes=tuple(notes), general_base=general_base
    )


__all__ = [
    "BASIS_LABELS",
    "CATEGORY_BY_KEY",
    "COST_CATEGORIES",
    "TRUNCATION_UNIT",
    "Basis",
    "CostCategory",
    "FRAME_LABELS",
    "Line",
    "RECEIPT_PERIODS",
    "ReceiptBaseInputs",
    "ReceiptPeriod",
    "Statement",
    "receipt_base_formula",
    "statement",
]


@dataclass(frozen=True)
class ReceiptPeriod:
    """The reference period and budget of the receipt-encouragement base amount in one fiscal year.

    ⅲ is the cards issued between two snapshots: cumulative count at ``end`` − at ``start``.
    """

    start: dt.date
    end: dt.date
    budget: int


#: Seed 004: FY2021 supplementary budget (10億円), cards issued April–December 2021, i.e. between
#: the 2021-04-01 and 2022-01-01 figures. Other years have no published period.
RECEIPT_PERIODS: Mapping[int, ReceiptPeriod] = {
    2021: ReceiptPeriod(dt.date(2021, 4, 1), dt.date(2022, 1, 1), 1_000_000_000),
}
