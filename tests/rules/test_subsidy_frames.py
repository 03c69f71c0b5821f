"""The claim's frames (seed 004 p.12–13): 「基準額の枠内」 is paid at most the municipality's general
基準額; the centre outside the office is a frame of its own (p.13②); the 受取勧奨 frame is capped
line by line by its own base amount (p.13③, the seed's A市: 60,000枚 → 2,094,000円)."""

from __future__ import annotations

import pytest

from kofu.rules.subsidy import ChannelApplications, SubsidyError
from kofu.rules.subsidy_claims import ReceiptBaseInputs, statement

SEED_A_CITY = ReceiptBaseInputs(
    issued=60_000, total_issued=15_975_568, municipalities=1_741, budget=1_000_000_000
)
SPEND = {
    "personnel": 9_000_000, "terminals": 2_000_000,  # general frame: 11,000,000
    "special_centre_offsite": 4_000_000,  # 別枠
    "receipt_encouragement": 2_500_000,  # 受取勧奨: capped at 2,094,000
}  # fmt: skip


def run(general_base):
    return statement(
        fiscal_year=2021, spend=SPEND, applications=ChannelApplications(), unit_price=2_000,
        receipt=SEED_A_CITY, general_base=general_base,
    )  # fmt: skip


def test_without_a_base_amount_nothing_is_capped_beyond_the_lines():
    result = run(None)
    assert result.total_payable == 11_000_000 + 4_000_000 + 2_094_000
    assert not result.general_capped and "基準額の登録なし" in result.general_formula


def test_the_general_frame_is_capped_by_the_base_amount_and_the_other_frames_are_not():
    result = run(10_000_000)
    assert result.frame_totals == [
        ("基準額の枠内", 10_000_000),
        ("別枠（庁舎外の専門センターの設置）", 4_000_000),
        ("受取勧奨の基準額", 2_094_000),
    ]
    assert result.total_payable == 16_094_000 and result.general_capped
    assert result.general_formula == (
        "基準額の枠内 = min(枠内の補助対象額 11,000,000円, 基準額 10,000,000円) = 10,000,000円"
    )
    assert result.total_formula.endswith("= 16,094,000円")


def test_a_base_above_the_frame_leaves_it_whole():
    assert run(12_000_000).total_payable == 17_094_000 and not run(12_000_000).general_capped


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_the_base_amount_is_whole_non_negative_yen(bad):
    with pytest.raises(SubsidyError, match="基準額は0以上の整数"):
        run(bad)
