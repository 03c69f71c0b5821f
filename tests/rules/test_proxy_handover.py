"""The checks before a card goes to a proxy (資料002 事例集 P10, 函館市: 施設長等に対し代理交付;
顔写真証明書 made by the facility head). No database."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kofu.rules.proxy_handover import ProxyChecks, proxy_handover_problems

COMPLETE = ProxyChecks(
    reason="care_home", relation="facility_head", applicant_id="facility_photo_certificate",
    hardship_proof=True, proxy_identity=True, delegation=True, pin_sealed=True, facility="特別養護老人ホーム函館",
)  # fmt: skip


def test_a_facility_head_with_every_check_may_receive_the_card():
    assert proxy_handover_problems(COMPLETE, state="notice_sent") == []
    assert proxy_handover_problems(COMPLETE, state="unclaimed") == []


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("hardship_proof", "出頭が困難であることを証する書類"),
        ("proxy_identity", "代理人の本人確認書類"),
        ("delegation", "委任欄"),
        ("pin_sealed", "暗証番号"),
    ],
)
def test_each_missing_check_is_named(field, message):
    problems = proxy_handover_problems(replace(COMPLETE, **{field: False}), state="notice_sent")
    assert len(problems) == 1 and message in problems[0]


def test_the_photo_certificate_only_for_residents_of_a_facility():
    at_home = replace(COMPLETE, reason="illness_disability", relation="relative", facility="")
    assert proxy_handover_problems(at_home, state="notice_sent") == [
        "顔写真証明書は施設に入所・入院している方だけに使えます（施設長が作成）"
    ]
    assert proxy_handover_problems(replace(at_home, applicant_id="photo_id"), state="notice_sent") == []


def test_a_facility_is_named_and_choices_are_known():
    assert proxy_handover_problems(replace(COMPLETE, facility=" "), state="notice_sent") == [
        "施設名を入力してください"
    ]
    unknown = replace(COMPLETE, reason="x", relation="y", applicant_id="z")
    assert len(proxy_handover_problems(unknown, state="notice_sent")) == 3


@pytest.mark.parametrize("state", ["applied", "setup_done", "mailed", "handed_over", "cancelled"])
def test_only_cards_waiting_at_the_window(state):
    assert "交付通知書の発送後" in proxy_handover_problems(COMPLETE, state=state)[0]
