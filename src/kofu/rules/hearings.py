"""Who is heard: prefecture hearings (事情聴取) and ministry hearings (個別ヒアリング), seed 004.

**Prefecture hearings** (都道府県による市区町村への事情聴取, due the 25th): a municipality is
selected when

* the time from the cards' arrival from J-LIS to the dispatch of the issuance notice is
  ``max_days`` (21: 3週間以上) days or more, or
* its issuance rate is below ``min_rate`` (33: 33％未満). The rate is the one kofu prints
  everywhere — issued ÷ population × 100 rounded half-up to one decimal (:func:`rate_percent`) — so
  a printed 33.0 % is not selected and 32.9 % is, as the prefecture reading the tables would judge.

**Ministry hearings** (総務省による個別ヒアリング): among designated cities, core cities and special
wards, those whose issued count is low against cumulative applications *and* whose window count
or issuance per window is low. "Low" is read as strictly below the ``percent``-th percentile of the
peers passed in, by the **nearest-rank** method:

    sort the N values ascending, v₁ ≤ … ≤ v_N; for 0 < P ≤ 100 the P-th percentile is v_n with
    n = ⌈P × N ÷ 100⌉.

So with P = 25 and 20 peers the percentile is the 5th lowest value and at most 4 peers (fewer on
ties) fall below it on each measure. Ratios are compared exactly (fractions), never as floats.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from kofu.rules.categories import Category
from kofu.rules.rates import rate_percent

#: The month whose results seed 004 p.11 states the 33 % criterion for ("10月分実績": the slides are
#: of December 2021, so October 2021). kofu applies the same criteria to every month and says so.
SEED_CRITERIA_MONTH = (2021, 10)

DEFAULT_MAX_DAYS = 21
DEFAULT_MIN_RATE = Decimal("33")
DEFAULT_PERCENT = 25

#: The peer group of the ministry's hearings: 政令市、中核市、特別区.
PEER_CATEGORIES = frozenset({Category.DESIGNATED_CITY, Category.CORE_CITY, Category.SPECIAL_WARD})

Number = int | Fraction


@dataclass(frozen=True)
class HearingDecision:
    selected: bool
    #: Why, in Japanese, one sentence per criterion met (empty when not selected).
    reasons: tuple[str, ...]


def days_to_notice(arrival: dt.date, notice_sent: dt.date) -> int:
    """Days from the cards' arrival from J-LIS to the dispatch of the issuance notice."""
    if notice_sent < arrival:
        raise ValueError(f"交付通知書の発送日（{notice_sent}）がカードの到着日（{arrival}）より前です")
    return (notice_sent - arrival).days


def prefecture_hearing(
    *,
    population: int | None,
    issued: int | None,
    days_arrival_to_notice: int | None,
    max_days: int = DEFAULT_MAX_DAYS,
    min_rate: Decimal = DEFAULT_MIN_RATE,
) -> HearingDecision:
    """Whether the prefecture hears this municipality, and why.

    ``None`` days: not reported, that criterion is not met; ``None`` population or issued: the
    rate is unknown, that criterion is not met.
    """
    reasons: list[str] = []
    if days_arrival_to_notice is not None and days_arrival_to_notice >= max_days:
        reasons.append(
            f"J-LISからカードが届いてから交付通知書を発送するまでの期間が{days_arrival_to_notice}日で、"
            f"{max_days}日以上です"
        )
    if population and issued is not None:
        rate = rate_percent(issued, population)
        if rate < min_rate:
            reasons.append(f"人口に対する交付率が{rate}％で、{min_rate}％未満です")
    return HearingDecision(bool(reasons), tuple(reasons))


def nearest_rank_percentile(values: Sequence[Number], percent: Number) -> Number:
    """The ``percent``-th percentile of ``values`` by nearest rank: v_n, n = ⌈P × N ÷ 100⌉."""
    if not values:
        raise ValueError("百分位を求める値がありません")
    if not 0 < percent <= 100:
        raise ValueError(f"百分位は0より大きく100以下で指定してください: {percent}")
    rank = math.ceil(Fraction(percent) * len(values) / 100)
    return sorted(values)[rank - 1]


@dataclass(frozen=True)
class PeerFacts:
    """One designated city, core city or special ward, as reported for the month."""

    name: str
    category: Category
    applications: int  # cumulative applications (累計の申請数)
    issued: int  # cumulative cards issued
    windows: int  # issuance windows
    #: Cards issued per window, in one unit for all peers (e.g. per window per day in the month).
    per_window_issued: Number


@dataclass(frozen=True)
class MinistrySelection:
    peer: PeerFacts
    reasons: tuple[str, ...]


def _pct(value: Fraction) -> str:
    return f"{rate_percent(value.numerator, value.denominator)}％"


def _num(value: Number) -> str:
    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.1f}"


def ratio(peer: PeerFacts) -> Fraction:
    """Cumulative cards issued ÷ cumulative applications."""
    return Fraction(peer.issued, peer.applications)


def ministry_cutoffs(
    peers: Sequence[PeerFacts], *, percent: Number = DEFAULT_PERCENT
) -> tuple[Fraction, Number, Number]:
    """The three "low" thresholds among ``peers``: issued ÷ applications, windows, per window."""
    return (
        Fraction(nearest_rank_percentile([ratio(p) for p in peers], percent)),
        nearest_rank_percentile([p.windows for p in peers], percent),
        nearest_rank_percentile([p.per_window_issued for p in peers], percent),
    )


def ministry_hearing(
    peers: Iterable[PeerFacts], *, percent: Number = DEFAULT_PERCENT
) -> list[MinistrySelection]:
    """Peers selected for a direct ministry hearing, in the order given, with the reasons.

    Only designated cities, core cities and special wards take part (others are ignored); the
    percentiles are taken over them together. Selected: issued ÷ applications below its percentile
    AND (windows below their percentile OR issuance per window below its percentile).
    """
    group = [p for p in peers if p.category in PEER_CATEGORIES]
    if not group:
        return []
    for peer in group:
        if peer.applications <= 0:
            raise ValueError(
                f"{peer.name}: 累計申請数が0以下のため、申請数に対する交付数の割合を計算できません"
            )

    ratio_cut, windows_cut, per_window_cut = ministry_cutoffs(group, percent=percent)
    label = f"下位{_num(Fraction(percent))}パーセンタイル"
    selected: list[MinistrySelection] = []
    for peer in group:
        if not ratio(peer) < ratio_cut:
            continue
        low: list[str] = []
        if peer.windows < windows_cut:
            low.append(f"窓口数 {peer.windows} が{label}（{_num(windows_cut)}）未満です")
        if peer.per_window_issued < per_window_cut:
            low.append(
                f"1窓口当たりの交付数 {_num(peer.per_window_issued)} が{label}（{_num(per_window_cut)}）未満です"
            )
        if low:
            head = (
                f"累計申請数に対する交付数の割合 {_pct(ratio(peer))} が{label}（{_pct(ratio_cut)}）未満です"
            )
            selected.append(MinistrySelection(peer, (head, *low)))
    return selected


# --- the ministry's second group: small bodies that promote the card actively (seed 000 2③) --------

#: "小規模団体": kofu reads it as a municipality outside the peer categories with fewer than
#: 100,000 residents (the line seed 000's survey draws under その他の市).
SMALL_POPULATION = 100_000
DEFAULT_ACTIVE_TOP = 10


@dataclass(frozen=True)
class SmallBody:
    name: str
    category: Category | None
    population: int
    issued: int


@dataclass(frozen=True)
class ActiveSelection:
    body: SmallBody
    rank: int
    reasons: tuple[str, ...]


def active_small_bodies(
    bodies: Iterable[SmallBody], *, top: int = DEFAULT_ACTIVE_TOP, small_population: int = SMALL_POPULATION
) -> list[ActiveSelection]:
    """Small bodies whose issuance rate ranks in the ``top`` among small bodies (ties at the last
    place all included), highest first: "独自の取組により積極的に普及促進を行っている自治体" read
    through the one figure kofu holds for every body, the issuance rate (exact fractions)."""
    if top < 1:
        raise ValueError(f"上位の団体数は1以上で指定してください: {top}")
    small = [
        b
        for b in bodies
        if b.category not in PEER_CATEGORIES and 0 < b.population < small_population and b.issued >= 0
    ]
    ordered = sorted(small, key=lambda b: (-Fraction(b.issued, b.population), b.name))
    chosen: list[ActiveSelection] = []
    for index, body in enumerate(ordered):
        rate = Fraction(body.issued, body.population)
        rank = index + 1
        if chosen and rate == Fraction(chosen[-1].body.issued, chosen[-1].body.population):
            rank = chosen[-1].rank
        if rank > top:
            break
        chosen.append(
            ActiveSelection(
                body,
                rank,
                (
                    f"人口{body.population:,}人の小規模団体で、交付率 {rate_percent(body.issued, body.population)}％は"
                    f"小規模団体（{len(small):,}団体）の第{rank}位（上位{top}位以内）です",
                ),
            )
        )
    return chosen
