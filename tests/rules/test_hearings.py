"""Hearing selection: the prefecture's 事情聴取 and the ministry's 個別ヒアリング (seed 004)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from kofu.rules.categories import Category
from kofu.rules.hearings import (
    PeerFacts,
    days_to_notice,
    ministry_hearing,
    nearest_rank_percentile,
    prefecture_hearing,
)

# --- prefecture hearings -----------------------------------------------------------------------


def _hearing(days: int | None = 7, issued: int = 500, population: int = 1000, **kwargs: object):
    return prefecture_hearing(
        population=population,
        issued=issued,
        days_arrival_to_notice=days,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(("days", "selected"), [(20, False), (21, True), (22, True), (None, False)])
def test_three_weeks_or_more_from_arrival_to_notice_is_heard(days: int | None, selected: bool) -> None:
    assert _hearing(days=days).selected is selected


@pytest.mark.parametrize(
    ("issued", "population", "selected"),
    [
        (330, 1000, False),  # 33.0 %
        (329, 1000, True),  # 32.9 %
        (3295, 10000, False),  # 32.95 % prints as 33.0 % (half-up): not below 33 %
        (3294, 10000, True),  # 32.94 % prints as 32.9 %
        (0, 1000, True),
    ],
)
def test_an_issuance_rate_below_33_percent_is_heard(issued: int, population: int, selected: bool) -> None:
    assert _hearing(issued=issued, population=population).selected is selected


def test_the_reasons_are_japanese_sentences_one_per_criterion_met() -> None:
    both = _hearing(days=25, issued=329)

    assert both.reasons == (
        "J-LISからカードが届いてから交付通知書を発送するまでの期間が25日で、21日以上です",
        "人口に対する交付率が32.9％で、33％未満です",
    )
    assert _hearing().reasons == ()


def test_the_thresholds_are_parameters() -> None:
    assert _hearing(days=14, max_days=14).selected
    assert not _hearing(days=14).selected
    stricter = _hearing(issued=399, min_rate=Decimal("40"))
    assert stricter.selected
    assert stricter.reasons == ("人口に対する交付率が39.9％で、40％未満です",)


def test_days_to_notice_counts_calendar_days_from_arrival() -> None:
    assert days_to_notice(dt.date(2022, 1, 4), dt.date(2022, 1, 25)) == 21
    assert days_to_notice(dt.date(2022, 1, 4), dt.date(2022, 1, 4)) == 0
    with pytest.raises(ValueError, match="より前"):
        days_to_notice(dt.date(2022, 1, 25), dt.date(2022, 1, 4))


# --- nearest-rank percentile -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "expected"),
    [(5, 15), (30, 20), (40, 20), (50, 35), (100, 50), (Fraction(1, 2), 15)],
)
def test_nearest_rank_percentile_takes_the_value_at_rank_ceil_p_n_over_100(
    percent: int | Fraction, expected: int
) -> None:
    # n = ⌈P × 5 ÷ 100⌉: P=5 → 1, P=30 → 2, P=40 → 2, P=50 → 3, P=100 → 5.
    assert nearest_rank_percentile([50, 15, 40, 35, 20], percent) == expected


@pytest.mark.parametrize("percent", [0, -1, 101])
def test_a_percentile_outside_0_to_100_is_refused(percent: int) -> None:
    with pytest.raises(ValueError, match="百分位"):
        nearest_rank_percentile([1, 2, 3], percent)


def test_a_percentile_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError):
        nearest_rank_percentile([], 25)


# --- ministry hearings -------------------------------------------------------------------------


def _peer(name: str, issued: int, windows: int, per_window: int, category: Category = Category.CORE_CITY):
    return PeerFacts(
        name=name,
        category=category,
        applications=1000,
        issued=issued,
        windows=windows,
        per_window_issued=per_window,
    )


PEERS = [
    # 8 peers, P = 25 → rank ⌈25 × 8 ÷ 100⌉ = 2: each percentile is the 2nd-lowest value.
    # issued/applications: 60 %, 65 %, 70 %, …; percentile 65 % → only A (60 %) is below.
    _peer("A市", 600, windows=2, per_window=50),  # low ratio, few windows → heard
    _peer("B市", 650, windows=3, per_window=40),  # ratio at the percentile, not below → not heard
    _peer("C区", 700, windows=4, per_window=45, category=Category.SPECIAL_WARD),
    _peer("D市", 750, windows=5, per_window=60, category=Category.DESIGNATED_CITY),
    _peer("E市", 800, windows=6, per_window=55),
    _peer("F市", 850, windows=7, per_window=70),
    _peer("G市", 900, windows=8, per_window=65),
    _peer("H市", 950, windows=9, per_window=30),
]


def test_the_ministry_hears_peers_low_on_issued_per_application_and_low_on_windows_or_throughput() -> None:
    selected = ministry_hearing(PEERS, percent=25)

    assert [s.peer.name for s in selected] == ["A市"]
    assert selected[0].reasons == (
        "累計申請数に対する交付数の割合 60.0％ が下位25パーセンタイル（65.0％）未満です",
        "窓口数 2 が下位25パーセンタイル（3）未満です",
    )


def test_a_low_ratio_alone_is_not_enough() -> None:
    # A has the lowest ratio but the most windows and the best throughput.
    peers = [*PEERS[1:], _peer("A市", 600, windows=20, per_window=90)]

    assert ministry_hearing(peers, percent=25) == []


def test_low_throughput_per_window_is_enough_with_a_low_ratio() -> None:
    peers = [*PEERS[1:], _peer("A市", 600, windows=20, per_window=10)]

    selected = ministry_hearing(peers, percent=25)
    assert [s.peer.name for s in selected] == ["A市"]
    assert selected[0].reasons[1] == "1窓口当たりの交付数 10 が下位25パーセンタイル（30）未満です"


def test_only_designated_cities_core_cities_and_special_wards_take_part() -> None:
    other = _peer("X町", 100, windows=1, per_window=1, category=Category.TOWN)

    assert [s.peer.name for s in ministry_hearing([*PEERS, other], percent=25)] == ["A市"]
    assert ministry_hearing([other]) == []


def test_a_wider_percentile_hears_more_peers() -> None:
    # P = 50 → rank 4: ratio below 75 % (A, B, C) and windows below 5 or per window below 50.
    assert [s.peer.name for s in ministry_hearing(PEERS, percent=50)] == ["A市", "B市", "C区"]


def test_a_peer_without_applications_is_an_error_not_a_silent_skip() -> None:
    empty = PeerFacts("Z市", Category.CORE_CITY, applications=0, issued=0, windows=1, per_window_issued=0)

    with pytest.raises(ValueError, match="Z市"):
        ministry_hearing([*PEERS, empty])


def test_an_unknown_rate_selects_only_on_the_days_to_notice():
    from kofu.rules.hearings import prefecture_hearing

    assert not prefecture_hearing(population=None, issued=None, days_arrival_to_notice=20).selected
    decision = prefecture_hearing(population=None, issued=None, days_arrival_to_notice=21)
    assert decision.selected and len(decision.reasons) == 1
