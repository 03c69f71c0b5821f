"""マイナンバーカード交付事務費補助金: the receipt-encouragement base amount and the publicity cap.

Money is integer yen throughout; nothing here uses a float.

**Receipt-encouragement publicity** (個人番号カードの受取勧奨のための周知広報, seed 004, FY2021
supplementary budget): the subsidy is the smaller of the actual spend and the base amount (基準額)

    基準額 = ⅰ + (T − ⅱ) × ⅲ ÷ ⅳ

with ⅰ = ¥300,000 per municipality, ⅱ = ⅰ × the number of municipalities, ⅲ = the municipality's
cards issued in the reference period (April–December 2021), ⅳ = the sum of ⅲ over all
municipalities and T = the amount set separately (別に定める額, ¥1bn assumed). The seed's worked
examples (ⅳ = 15,975,568, ⅱ = ¥522,300,000: 60,000 → 209.4万円, 25,000 → 104.7万円, 300 → 30.8万円)
are the exact value truncated below ¥1,000, so the bases of all municipalities add up to T less
under ¥1,000 each.

**Publicity and customer attraction** (宣伝及び集客等に係る経費, seed 004 and 002): for applications
taken by 申請時来庁方式, 出張申請受付方式 and 申請サポート方式, the eligible spend is capped at the
number of such applications × a unit price set for each municipality by its efforts. The unit
price is at most ¥1,000, raised to at most ¥2,000 for FY2021 and FY2022.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from kofu.rules.wareki import fiscal_year_wareki

K = TypeVar("K")

#: ⅰ: the fixed part every municipality receives.
PER_MUNICIPALITY = 300_000
#: T for FY2021 (補正予算額 10億円).
RECEIPT_BUDGET_FY2021 = 1_000_000_000
#: The base amount is truncated below this many yen (千円未満切捨て).
TRUNCATION_UNIT = 1_000

#: Ceiling of the publicity unit price unless a fiscal year says otherwise.
DEFAULT_UNIT_PRICE_CEILING = 1_000
#: Fiscal years with a different ceiling (令和3年度に限り増額、令和4年度も継続).
UNIT_PRICE_CEILINGS: Mapping[int, int] = {2021: 2_000, 2022: 2_000}


class SubsidyError(ValueError):
    """An input the subsidy rules cannot work with; the message is for the user, in Japanese."""


def yen(amount: int) -> str:
    """``2094000`` → ``2,094,000円`` (for messages)."""
    return f"{amount:,}円"


# --- fiscal year (年度: April to March) ---------------------------------------------------------


def fiscal_year(day: dt.date) -> int:
    """The fiscal year (年度) containing ``day``: April 2021 to March 2022 is 2021."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year ``year`` (``2021`` → 2021-04-01, 2022-03-31)."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def fiscal_year_label(year: int) -> str:
    """``2021`` → ``2021年度（令和3年度）``; ``2019`` → ``2019年度（令和元年度）``; before: 平成."""
    return f"{year}年度（{fiscal_year_wareki(year)}）"


# --- receipt-encouragement base amount (受取勧奨の基準額) -----------------------------------------


def _require_int(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SubsidyError(f"{name}は整数で指定してください: {value!r}")


def receipt_base_amount(
    *,
    issued: int,
    total_issued: int,
    municipalities: int,
    budget: int,
    per_municipality: int = PER_MUNICIPALITY,
    unit: int = TRUNCATION_UNIT,
) -> int:
    """基準額 = ⅰ + (T − ⅱ) × ⅲ ÷ ⅳ, truncated below ``unit`` yen.

    ``issued`` is ⅲ, ``total_issued`` ⅳ, ``municipalities`` the count behind ⅱ = ⅰ × count,
    ``budget`` T and ``per_municipality`` ⅰ. Raises :class:`SubsidyError` for impossible input.

    >>> receipt_base_amount(issued=60_000, total_issued=15_975_568, municipalities=1741,
    ...                     budget=1_000_000_000)
    2094000
    """
    for name, value in (
        ("交付枚数（ⅲ）", issued),
        ("全市区町村の交付枚数の合計（ⅳ）", total_issued),
        ("市区町村数", municipalities),
        ("予算額（別に定める額）", budget),
        ("1団体当たりの額（ⅰ）", per_municipality),
        ("切捨て単位", unit),
    ):
        _require_int(name, value)
    if issued < 0:
        raise SubsidyError(f"交付枚数（ⅲ）が負の数です: {issued:,}")
    if total_issued < 0:
        raise SubsidyError(f"全市区町村の交付枚数の合計（ⅳ）が負の数です: {total_issued:,}")
    if total_issued == 0:
        raise SubsidyError("全市区町村の交付枚数の合計（ⅳ）が0のため、予算を按分できません")
    if issued > total_issued:
        raise SubsidyError(
            f"交付枚数（ⅲ）{issued:,}枚が全市区町村の合計（ⅳ）{total_issued:,}枚を超えています"
        )
    if municipalities < 1:
        raise SubsidyError(f"市区町村数は1以上で指定してください: {municipalities:,}")
    if per_municipality < 0:
        raise SubsidyError(f"1団体当たりの額（ⅰ）が負の数です: {yen(per_municipality)}")
    if budget < 0:
        raise SubsidyError(f"予算額（別に定める額）が負の数です: {yen(budget)}")
    if unit < 1:
        raise SubsidyError(f"切捨て単位は1円以上で指定してください: {unit}")
    fixed_total = per_municipality * municipalities  # ⅱ
    if budget < fixed_total:
        raise SubsidyError(
            f"予算額（別に定める額）{yen(budget)}が全市区町村に係るⅰの合計（ⅱ）{yen(fixed_total)}"
            f"（{yen(per_municipality)}×{municipalities:,}団体）より少ないため、基準額を算出できません"
        )
    # ⅰ + (T − ⅱ) × ⅲ ÷ ⅳ as one fraction, truncated once: no intermediate rounding.
    numerator = per_municipality * total_issued + (budget - fixed_total) * issued
    return numerator // (total_issued * unit) * unit


def receipt_base_amounts(
    issued: Mapping[K, int],
    *,
    budget: int,
    per_municipality: int = PER_MUNICIPALITY,
    unit: int = TRUNCATION_UNIT,
) -> dict[K, int]:
    """The base amount of every municipality in ``issued`` (municipality → ⅲ).

    ⅳ is the sum of the values and the number of municipalities their count. The results add up
    to ``budget`` less under ``unit`` yen per municipality.
    """
    if not issued:
        raise SubsidyError("市区町村が1つもないため、基準額を算出できません")
    for value in issued.values():
        _require_int("交付枚数（ⅲ）", value)
    negative = [value for value in issued.values() if value < 0]
    if negative:
        raise SubsidyError(f"交付枚数（ⅲ）が負の団体が{len(negative)}件あります")
    total = sum(issued.values())
    count = len(issued)
    return {
        key: receipt_base_amount(
            issued=value,
            total_issued=total,
            municipalities=count,
            budget=budget,
            per_municipality=per_municipality,
            unit=unit,
        )
        for key, value in issued.items()
    }


def subsidy_amount(*, actual: int, limit: int) -> int:
    """補助対象額: the smaller of the actual spend (実支出額) and the base amount or cap."""
    _require_int("実支出額", actual)
    _require_int("基準額（上限額）", limit)
    if actual < 0:
        raise SubsidyError(f"実支出額が負の数です: {yen(actual)}")
    if limit < 0:
        raise SubsidyError(f"基準額（上限額）が負の数です: {yen(limit)}")
    return min(actual, limit)


# --- publicity and customer attraction (宣伝及び集客) ---------------------------------------------


#: Field of :class:`ChannelApplications` → the channel's name in the subsidy's terms.
CHANNEL_LABELS: Mapping[str, str] = {
    "at_counter": "申請時来庁方式",
    "outreach": "出張申請受付方式",
    "support": "申請サポート方式",
}


@dataclass(frozen=True)
class ChannelApplications:
    """Applications taken through the three channels whose publicity costs are subsidised."""

    at_counter: int = 0  # 申請時来庁方式
    outreach: int = 0  # 出張申請受付方式
    support: int = 0  # 申請サポート方式

    def __post_init__(self) -> None:
        for field, label in CHANNEL_LABELS.items():
            value = getattr(self, field)
            _require_int(f"{label}の受付件数", value)
            if value < 0:
                raise SubsidyError(f"{label}の受付件数が負の数です: {value:,}")

    @property
    def total(self) -> int:
        return self.at_counter + self.outreach + self.support


def unit_price_ceiling(year: int, overrides: Mapping[int, int] | None = None) -> int:
    """The highest unit price allowed in fiscal year ``year`` (``overrides`` win over the built-ins)."""
    if overrides and year in overrides:
        return overrides[year]
    return UNIT_PRICE_CEILINGS.get(year, DEFAULT_UNIT_PRICE_CEILING)


def publicity_cap(
    *,
    applications: ChannelApplications,
    unit_price: int,
    year: int,
    overrides: Mapping[int, int] | None = None,
) -> int:
    """上限額 = (申請時来庁 + 出張申請受付 + 申請サポート の受付件数) × 単価.

    ``unit_price`` is the municipality's unit price for fiscal year ``year``; a price above the
    year's ceiling is refused.
    """
    _require_int("単価", unit_price)
    _require_int("年度", year)
    if unit_price < 0:
        raise SubsidyError(f"単価が負の数です: {yen(unit_price)}")
    ceiling = unit_price_ceiling(year, overrides)
    if unit_price > ceiling:
        raise SubsidyError(
            f"単価{yen(unit_price)}は{fiscal_year_label(year)}の上限{yen(ceiling)}を超えています"
        )
    return applications.total * unit_price
