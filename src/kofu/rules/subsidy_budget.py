"""The national budget of the マイナンバーカード交付事務費補助金 and checks of claims against kofu's data.

* **Budget** (seed 000 総括調査票): FY2021 59,262百万円, FY2022 (参考) 61,610百万円. The FY2021
  supplementary budget (seed 004 p.12) adds 102億円 for the municipalities' promotion and window
  capacity: ① 申請時来庁方式等の更なる推進 62億円, ② センターの設置支援 30億円, ③ 受取勧奨のための
  広報支援 10億円. :func:`remaining` subtracts what claims make payable.
* **ⅳ** (seed 004 p.13): the seed prints 15,975,568 cards issued April–December 2021 in all
  municipalities; the difference of the published monthly figures kofu holds gives another number.
  The seed's is the official figure; kofu's is shown beside it as a check (:func:`official_vs_derived`).
* **Channel counts**: a claim's applications by channel are compared with what kofu holds (monthly
  reports, outreach events) and each difference is flagged (:func:`channel_differences`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

MILLION = 1_000_000
OKU = 100_000_000

#: 予算額 (当初), yen. Seed 000: 令和３年度 59,262百万円、（参考）令和４年度 61,610百万円.
NATIONAL_BUDGET: Mapping[int, int] = {2021: 59_262 * MILLION, 2022: 61_610 * MILLION}


@dataclass(frozen=True)
class BudgetItem:
    key: str
    label: str
    amount: int  # yen


#: Seed 004 p.12: the FY2021 supplementary items for the municipalities (〈102億円〉).
SUPPLEMENTARY: Mapping[int, tuple[BudgetItem, ...]] = {
    2021: (
        BudgetItem("channels", "申請時来庁方式、出張申請受付方式及び申請サポート方式の更なる推進", 62 * OKU),
        BudgetItem("centre", "マイナンバーカード関係事務を専門とするセンターの設置支援", 30 * OKU),
        BudgetItem("receipt", "マイナンバーカードの受取勧奨のための広報支援", 10 * OKU),
    ),
}

#: Seed 004 p.13: ⅳ, cards issued in all municipalities April–December 2021, as printed.
OFFICIAL_RECEIPT_TOTAL = 15_975_568


@dataclass(frozen=True)
class Budget:
    fiscal_year: int
    initial: int
    supplementary: tuple[BudgetItem, ...]
    claimed: int

    @property
    def total(self) -> int:
        return self.initial + sum(item.amount for item in self.supplementary)

    @property
    def remaining(self) -> int:
        return self.total - self.claimed


def remaining(fiscal_year: int, *, claimed: int) -> Budget | None:
    """The year's budget with ``claimed`` (payable amounts of claims) taken off; None if unpublished."""
    if claimed < 0:
        raise ValueError(f"請求額の合計が負です: {claimed}")
    if fiscal_year not in NATIONAL_BUDGET:
        return None
    return Budget(fiscal_year, NATIONAL_BUDGET[fiscal_year], SUPPLEMENTARY.get(fiscal_year, ()), claimed)


@dataclass(frozen=True)
class Reconciled:
    official: int
    derived: int | None

    @property
    def difference(self) -> int | None:
        """kofu's figure minus the official one (negative: kofu's months add up to less)."""
        return None if self.derived is None else self.derived - self.official


def official_vs_derived(derived: int | None, *, official: int = OFFICIAL_RECEIPT_TOTAL) -> Reconciled:
    return Reconciled(official, derived)


@dataclass(frozen=True)
class ChannelDifference:
    label: str
    claimed: int
    held: int | None

    @property
    def difference(self) -> int | None:
        return None if self.held is None else self.claimed - self.held

    @property
    def flagged(self) -> bool:
        return bool(self.difference)


def channel_differences(
    claimed: Mapping[str, int], held: Mapping[str, int | None], labels: Mapping[str, str]
) -> tuple[ChannelDifference, ...]:
    """Each channel's count on the claim beside kofu's count (None: kofu holds nothing for it)."""
    return tuple(ChannelDifference(labels[key], claimed.get(key, 0), held.get(key)) for key in labels)
