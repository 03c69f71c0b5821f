"""Seed 002's outreach best practices (交付円滑化計画のフォローアップにおける事例集), as catalogue entries."""

from __future__ import annotations

from django.db import transaction

from kofu.accounts.roles import Actor
from kofu.registry.models import Municipality
from kofu.surveys.models import BestPractice
from kofu.surveys.services.outreach import best_practice_create

#: (prefecture, municipality, measure, venue type, period, outcome)
SEED_002_PRACTICES = [
    ("兵庫県", "神戸市", "ワクチン接種会場での出張申請受付（写真撮影を含む）", "vaccine",
     "令和4年1月29日〜令和4年2月28日", "大規模接種会場2か所。経過観察ブースのサイネージで案内し、導線上の受付で声掛け"),
    ("宮崎県", "宮崎市", "確定申告会場での申請サポート（税務署と連携）", "tax_return",
     "令和4年2月7日〜令和4年3月15日", "イオンモール宮崎の確定申告会場に受付ブース。申請者に市の特産品"),
    ("北海道", "札幌市", "商業施設・公共施設での出張申請受付（前日までの予約制）", "mall",
     "令和3年7月5日から", "令和3年度（令和4年2月末）延べ97会場で54,456件、企業・法人延べ61団体で3,141件"),
    ("山口県", "防府市", "期日前投票所の横での出張申請受付", "early_voting",
     "令和3年度の選挙3回", "期間中15日で145件"),
    ("福岡県", "福岡市", "公民館での巡回出張申請受付（予約制）", "community_centre",
     "年3回（令和4年度は年4回）", "小学校区ごとの148公民館。高齢者への申請促進に効果"),
    ("埼玉県", "川越市", "駅複合施設での出張申請受付", "station",
     "令和3年10月〜", "実働3時間半で1日最大94件"),
    ("兵庫県", "姫路市", "大学・専門学校での出張申請受付イベント", "university", "", "カードは本人限定受取郵便で郵送"),
    ("京都府", "京都市", "運転免許更新センターでの申請サポート（委託事業者のみで実施）", "licence_centre",
     "令和4年1月24日〜令和4年3月31日", "免許証受取りから出口までの導線に受付会場"),
    ("静岡県", "静岡市", "老人福祉センターでの申請サポート（事前予約制）", "senior_centre", "", "スマホ体験会をきっかけに開催"),
    ("北海道", "函館市", "障がい者支援施設・介護施設への出張申請受付", "care_home", "", "完成したカードは本人限定受取郵便で郵送"),
]  # fmt: skip


@transaction.atomic
def load_seed_002_practices(*, actor: Actor) -> int:
    """Add the entries not yet in the catalogue (by municipality and measure); returns how many."""
    added = 0
    for prefecture, name, measure, venue_type, period, outcome in SEED_002_PRACTICES:
        municipality = Municipality.objects.get(
            prefecture__name=prefecture, name=name, kind="municipality", valid_to__isnull=True
        )
        if BestPractice.objects.filter(municipality=municipality, measure=measure).exists():
            continue
        best_practice_create(
            practice=BestPractice(
                municipality=municipality,
                measure=measure,
                venue_type=venue_type,
                period=period,
                outcome=outcome,
            ),
            actor=actor,
        )
        added += 1
    return added
