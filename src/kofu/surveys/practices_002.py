"""Seed 002's cases of good practice, as catalogue entries: the casebook of the plan follow-up
(交付円滑化計画のフォローアップにおける事例集, P6–P18) and the fire headquarters' cases (消防庁
「消防本部におけるマイナンバーカード取得促進に関する優良事例」①②). Outcomes are short summaries.
"""

from __future__ import annotations

from django.db import transaction

from kofu.accounts.roles import Actor
from kofu.registry.models import Municipality, Prefecture
from kofu.surveys.models import BestPractice
from kofu.surveys.services.practices import best_practice_create

CASEBOOK = "資料002 事例集"
FIRE = "資料002 消防本部の優良事例"

#: (prefecture, municipality — "" for the prefecture's own case, theme, measure, venue type,
#: period, outcome, source)
SEED_002_PRACTICES = [
    # 人が多く集まる場所での出張申請受付等 (P6–P10)
    ("兵庫県", "神戸市", "outreach", "ワクチン接種会場での出張申請受付（写真撮影を含む）", "vaccine",
     "令和4年1月29日〜令和4年2月28日", "大規模接種会場2か所。経過観察ブースのサイネージで案内し、導線上の受付で声掛け",
     f"{CASEBOOK} P6"),
    ("宮崎県", "宮崎市", "outreach", "確定申告会場での申請サポート（税務署と連携）", "tax_return",
     "令和4年2月7日〜令和4年3月15日", "イオンモール宮崎の確定申告会場に受付ブース。申請者に市の特産品", f"{CASEBOOK} P6"),
    ("山口県", "防府市", "outreach", "期日前投票所の横での出張申請受付", "early_voting",
     "令和3年度の選挙3回", "期間中15日で145件", f"{CASEBOOK} P7"),
    ("北海道", "札幌市", "outreach", "商業施設・公共施設での出張申請受付（前日までの予約制）", "mall",
     "令和3年7月5日から", "令和3年度（令和4年2月末）延べ97会場で54,456件、企業・法人延べ61団体で3,141件",
     f"{CASEBOOK} P7"),
    ("福岡県", "福岡市", "outreach", "公民館での巡回出張申請受付（予約制）", "community_centre",
     "年3回（令和4年度は年4回）", "小学校区ごとの148公民館。高齢者への申請促進に効果", f"{CASEBOOK} P8"),
    ("埼玉県", "川越市", "outreach", "駅複合施設での出張申請受付", "station",
     "令和3年10月〜", "実働3時間半で1日最大94件", f"{CASEBOOK} P8"),
    ("兵庫県", "姫路市", "outreach", "大学・専門学校での出張申請受付イベント", "university", "",
     "カードは本人限定受取郵便で郵送", f"{CASEBOOK} P9"),
    ("京都府", "京都市", "outreach", "運転免許更新センターでの申請サポート（委託事業者のみで実施）", "licence_centre",
     "令和4年1月24日〜令和4年3月31日", "免許証受取りから出口までの導線に受付会場", f"{CASEBOOK} P9"),
    ("静岡県", "静岡市", "outreach", "老人福祉センターでの申請サポート（事前予約制）", "senior_centre", "",
     "スマホ体験会をきっかけに開催", f"{CASEBOOK} P10"),
    ("北海道", "函館市", "outreach", "障がい者支援施設・介護施設への出張申請受付", "care_home", "",
     "完成したカードは本人限定受取郵便で郵送", f"{CASEBOOK} P10"),
    # 企業に対する働きかけ (P11)
    ("栃木県", "宇都宮市", "enterprise", "企業に対する一括申請受付方式と関係団体への訪問", "employer",
     "平成29年度から", "経済同友会と工業団地の管理組合を訪ねて企業に案内を配り、複数の企業から依頼。"
     "市外在住者も受け付け、交付は本人限定受取郵便", f"{CASEBOOK} P11"),
    ("徳島県", "徳島市", "enterprise", "民間企業との包括連携協定を活用した申請セットの設置", "",
     "平成29年以降の協定", "連携企業3社の店舗等に申請書と切手不要の封筒のセットを広報物と共に設置", f"{CASEBOOK} P11"),
    # 宣伝集客等の実施 (P12–P13)
    ("岡山県", "高梁市", "publicity", "商品券の配布と個人宅訪問", "home_visit", "令和3年度",
     "3,000円分の商品券を先着1万名に配布。同時期に出張申請受付を113回実施し、配布終了後は来庁が難しい方の自宅を訪問",
     f"{CASEBOOK} P12"),
    ("鳥取県", "智頭町", "publicity", "コネクテッドカーを活用した出張型行政サービス", "other", "",
     "通信機能を備えた車で町内を巡り、カードの交付申請にも利用。来庁が難しい高齢者等の支援", f"{CASEBOOK} P12"),
    ("東京都", "港区", "publicity", "ガイドブックの作成と交付時の配布", "", "",
     "制度・安全性・コンビニ交付の操作・FAQ を掲載。交付時に配って説明を短くし、図書館や窓口にも設置", f"{CASEBOOK} P13"),
    ("奈良県", "奈良市", "publicity", "オリジナル申請勧奨動画とチラシ", "", "",
     "動画を庁舎のサイネージ・バス車内・動画サイトで放映。チラシは広報誌に折り込み、職員も配布し、自治会で回覧",
     f"{CASEBOOK} P13"),
    # 交付体制整備 (P14–P16)
    ("神奈川県", "横浜市", "capacity", "マイナンバーカード特設センターの設置", "mall", "",
     "商業施設等4か所の特設センターと区役所で毎月約12万件の交付体制。受取は完全予約制", f"{CASEBOOK} P14"),
    ("熊本県", "熊本市", "capacity", "臨時交付窓口（商業施設内のサテライト、プレハブの特設窓口）", "mall", "",
     "商業施設2か所で土日・夜間も手続。区役所駐車場のプレハブに統合端末10台、交付窓口を10増", f"{CASEBOOK} P14"),
    ("岐阜県", "高山市", "capacity", "土日・平日夜間開庁", "", "",
     "土日の午前9時〜正午に市民課窓口を開け（交付は事前予約制）、平日は午後7時まで開庁", f"{CASEBOOK} P15"),
    ("東京都", "文京区", "capacity", "会計年度任用職員の雇用", "", "",
     "14名が申請受付から交付まで従事。1年以上の職員は1窓口で1日約80枚を交付", f"{CASEBOOK} P15"),
    ("広島県", "広島市", "capacity", "出張申請サポート業務と庁内サポートの委託", "", "",
     "8区の商業施設等のサポートを委託業者のみで実施。申請時来庁方式の受付窓口を10か所に設置", f"{CASEBOOK} P16"),
    ("大阪府", "四條畷市", "capacity", "交付関連事務の委託（交付前設定の端末操作を含む）", "", "",
     "問合せ・来庁者対応・申請補助に加え、権限を限った統合端末の操作も委託し職員の負担を軽減", f"{CASEBOOK} P16"),
    # 都道府県による支援 (P17–P18)
    ("兵庫県", "", "prefecture", "県と市町の連携による出張申請サポート窓口の設置", "", "",
     "市町の要望をもとに県・市町・委託事業者で会場を決め、県がチラシを作成。当日は県・市町職員も声掛け",
     f"{CASEBOOK} P17"),
    ("福井県", "", "prefecture", "取得キャンペーンとオンライン申請用端末の貸与", "", "令和3年5月以降の申請者",
     "先着7万人に2,000円相当の県産品。全17市町にオンライン申請用の端末を計30台配備", f"{CASEBOOK} P17"),
    ("富山県", "", "prefecture", "「申請サポート隊」の派遣", "employer", "",
     "委託事業者が希望する企業・団体に出向いて申請を支援。知事を隊長に広報", f"{CASEBOOK} P18"),
    ("島根県", "", "prefecture", "県職員とその家族の取得支援", "", "平成28年から年2、3回（令和3年度は4回）",
     "市町村の協力で県職員向けの出張申請受付。累計申請者600人超", f"{CASEBOOK} P18"),
    ("大分県", "", "prefecture", "県内市町村への働きかけ", "", "副市町村長会議は令和3年度から",
     "市町村長・担当課長を訪ねて取得支援と補助金の活用を依頼し、会議で先進事例を紹介", f"{CASEBOOK} P18"),
    # 消防本部の職員の取得促進 (消防庁の優良事例 ①②; 申請率は令和4年3月末)
    ("福島県", "福島市", "staff", "消防本部・消防署への出張申請（複数日、夕方から夜）", "other", "",
     "市の担当課が本部と各署に出向き写真撮影から申請まで。申請率97.8%", f"{FIRE} ①"),
    ("兵庫県", "神戸市", "staff", "未取得職員への所属長による個別説明と、申請しない理由の報告", "", "",
     "各所属の取得率を本部内に周知し、申請しない理由を所属ごとに報告。申請率85.8%", f"{FIRE} ①"),
    ("兵庫県", "姫路市", "staff", "消防長から全所属長への取得の促し", "", "", "申請率99.8%", f"{FIRE} ②"),
    ("兵庫県", "伊丹市", "staff", "消防長から職員への取得依頼", "", "", "申請率94.6%", f"{FIRE} ②"),
    ("神奈川県", "相模原市", "staff", "副市長から全職員への取得勧奨メール", "", "", "申請率83.4%", f"{FIRE} ②"),
    ("静岡県", "浜松市", "staff", "取得状況の毎月の調査と部局ごとの取得率の周知", "", "", "申請率98.7%", f"{FIRE} ②"),
    ("熊本県", "熊本市", "staff", "取得率の定期調査（3か月に1回程度）と通知・電子掲示板での啓発", "", "",
     "申請率98.4%", f"{FIRE} ②"),
]  # fmt: skip


def _owner(prefecture: str, name: str) -> dict[str, Municipality | Prefecture]:
    if not name:
        return {"prefecture": Prefecture.objects.get(name=prefecture)}
    return {
        "municipality": Municipality.objects.get(
            prefecture__name=prefecture, name=name, kind="municipality", valid_to__isnull=True
        )
    }


@transaction.atomic
def load_seed_002_practices(*, actor: Actor) -> int:
    """Add the entries not yet in the catalogue (by owner and measure); returns how many."""
    added = 0
    for prefecture, name, theme, measure, venue_type, period, outcome, source in SEED_002_PRACTICES:
        owner = _owner(prefecture, name)
        if BestPractice.objects.filter(measure=measure, **owner).exists():
            continue
        best_practice_create(
            practice=BestPractice(
                theme=theme, measure=measure, venue_type=venue_type, period=period, outcome=outcome,
                source=source, **owner,
            ),
            actor=actor,
        )  # fmt: skip
        added += 1
    return added
