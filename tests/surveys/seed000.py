"""The answers behind seed 000's tables 表1–表6, transcribed as per-respondent answers.

The seed prints only counts; these answers are one assignment of the 60 respondents (30 top,
30 bottom: 指定都市 5, 特別区 5, 中核市 10, その他の市 10 on each side) that gives exactly those
counts, including the printed facts between the tables: 7 of the 12 top municipalities with
incentives give more than one kind and no bottom one does (表2); 54 of 60 do publicity; 20 top
and 11 bottom use a red-framed medium, with 45 and 15 such items (表3).
"""

from __future__ import annotations

from collections.abc import Sequence

from kofu.surveys.presets import INCENTIVES, MEDIA, OBSTACLES, OTHER_MEDIA

CATEGORIES = ["指定都市", "特別区", "中核市", "その他の市"]

# 表1, 表4, 表5: implementing municipalities per category (top, bottom).
TABLE_1 = {"指定都市": (3, 2), "特別区": (0, 0), "中核市": (4, 1), "その他の市": (4, 0)}
TABLE_4 = {"指定都市": (5, 4), "特別区": (1, 3), "中核市": (9, 9), "その他の市": (8, 4)}
TABLE_5 = {"指定都市": (5, 4), "特別区": (2, 4), "中核市": (9, 7), "その他の市": (6, 8)}

# 表2: 実施 12/7; kinds (top, bottom).
TABLE_2_YES = (12, 7)
TABLE_2_KINDS = {
    "グッズの配布": (8, 4),
    "地元商店街等で使用可能な商品券の配布": (5, 1),
    "自治体マイナポイント": (3, 1),
    "地元特産物等の配布": (1, 0),
    "各種施設利用料等の割引": (1, 0),
    "その他": (1, 1),
}

# 表3: media (top, bottom); 54 of 60 do publicity (our split: 28 top, 26 bottom).
PUBLICITY_YES = (28, 26)
TABLE_3 = {
    "自治体広報誌": (19, 14),
    "自治体ホームページ": (14, 14),
    "チラシ・リーフレット配布": (12, 10),
    "庁舎内でのポスター掲示・デジタルサイネージの設置等": (9, 10),
    "自治体SNS": (10, 5),
    "ラジオ広告": (7, 3),
    "庁舎外（駅・公共施設・商業施設等）でのポスター掲示・デジタルサイネージの設置等": (5, 3),
    "テレビ広告": (5, 2),
    "タウン情報誌": (5, 1),
    "交通広告（電車、バス）": (6, 0),
    "動画共有サイトでの広告": (4, 0),
    "新聞広告": (3, 1),
    "その他": (12, 10),
}
RED_FRAME_MUNICIPALITIES = (20, 11)
RED_FRAME_ITEMS = (45, 15)

# 表6: obstacles (top, bottom); 合計 = top + bottom.
TABLE_6 = {
    "カードの利便性向上": (16, 15),
    "周知・広報活動の強化": (17, 12),
    "申請・交付手続の簡素化・オンライン化や受取要件（代理人受取等）の緩和": (9, 12),
    "自治体における事務体制の確保・負担軽減": (9, 10),
    "高齢者・障がい者等への対応": (7, 4),
    "セキュリティ面に不信感を持つ住民への対応": (2, 5),
    "カードに係る継続的な国の財政支援": (3, 1),
    "コロナ禍における申請勧奨の在り方": (1, 3),
    "令和５年度以降のカード交付枚数に係る目標の提示が必要": (2, 1),
    "地方公共団体情報システム機構（J-LIS）の体制強化・システム整備": (2, 1),
    "自治体職員に対する研修・教育の充実": (1, 2),
    "健康保険証との一体化における利用者負担増の解消": (2, 1),
    "国と地方の情報共有・連携強化": (3, 0),
    "健康保険証とカードの一体化の完全切替": (2, 0),
    "その他": (5, 1),
}


def _deal(counts: Sequence[tuple[str, int]], members: Sequence[str]) -> dict[str, list[str]]:
    """Give each code to ``count`` consecutive members, continuing round the list where the last stopped."""
    dealt: dict[str, list[str]] = {m: [] for m in members}
    pointer = 0
    for code, count in counts:
        for _ in range(count):
            dealt[members[pointer % len(members)]].append(code)
            pointer += 1
    return dealt


def _codes(
    spec: list[tuple[str, str, str]], table: dict[str, tuple[int, int]], side: int, group: str | None = None
):
    by_label = {label: (code, g) for code, label, g in spec}
    return [
        (by_label[label][0], counts[side])
        for label, counts in table.items()
        if group is None or (by_label[label][1] == OTHER_MEDIA) == (group == OTHER_MEDIA)
    ]


def answers_for(respondents: dict[str, list[tuple[str, str]]]) -> dict[str, dict[str, object]]:
    """Answers per municipality code; ``respondents[side]`` = [(code, category)] in rank order."""
    out: dict[str, dict[str, object]] = {}
    for side_index, side in enumerate(["top", "bottom"]):
        people = respondents[side]
        codes = [code for code, _ in people]
        for code, _ in people:
            out[code] = {}
        for key, table in (
            ("own-services", TABLE_1),
            ("apply-at-counter", TABLE_4),
            ("temporary-windows", TABLE_5),
        ):
            for category in CATEGORIES:
                members = [c for c, cat in people if cat == category]
                for i, c in enumerate(members):
                    out[c][key] = i < table[category][side_index]
        with_incentives = codes[: TABLE_2_YES[side_index]]
        kinds = _deal(_codes(INCENTIVES, TABLE_2_KINDS, side_index), with_incentives)
        for c in codes:
            out[c]["incentives"] = c in kinds
            out[c]["incentive-kinds"] = ";".join(kinds.get(c, []))
        publicity = codes[: PUBLICITY_YES[side_index]]
        red = _deal(
            _codes(MEDIA, TABLE_3, side_index, OTHER_MEDIA), publicity[: RED_FRAME_MUNICIPALITIES[side_index]]
        )
        own = _deal(_codes(MEDIA, TABLE_3, side_index, ""), publicity)
        obstacles = _deal(_codes(OBSTACLES, TABLE_6, side_index), codes)
        for c in codes:
            out[c]["publicity"] = c in own
            media = own.get(c, []) + red.get(c, [])
            out[c]["publicity-media"] = ("広報の取組（自由記述）", ";".join(media)) if media else ("", "")
            out[c]["obstacles"] = ("課題（自由記述）", ";".join(obstacles[c]))
    return out
