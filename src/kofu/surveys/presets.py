"""The questionnaire of seed 000 (財務省 予算執行調査 R4: マイナンバーカード交付事務費補助金), as a preset.

Question keys are the column names of the answers workbook. Options of the coded free-text
questions are the categories the survey printed (表3, 表6); the red-framed media of 表3 (media
other than the municipality's own) form the group ``自治体発行以外の媒体``.
"""

from __future__ import annotations

from kofu.accounts.roles import Actor
from kofu.surveys.models import Question, Quote, Survey
from kofu.surveys.services.measure import question_add
from kofu.surveys.services.quotes import quote_add

OTHER_MEDIA = "自治体発行以外の媒体（表3赤枠）"

INCENTIVES = [
    ("goods", "グッズの配布", ""),
    ("vouchers", "地元商店街等で使用可能な商品券の配布", ""),
    ("local-points", "自治体マイナポイント", ""),
    ("local-products", "地元特産物等の配布", ""),
    ("discounts", "各種施設利用料等の割引", ""),
    ("other", "その他", ""),
]

MEDIA = [
    ("bulletin", "自治体広報誌", ""),
    ("website", "自治体ホームページ", ""),
    ("flyers", "チラシ・リーフレット配布", ""),
    ("posters-inside", "庁舎内でのポスター掲示・デジタルサイネージの設置等", ""),
    ("sns", "自治体SNS", OTHER_MEDIA),
    ("radio", "ラジオ広告", OTHER_MEDIA),
    (
        "posters-outside",
        "庁舎外（駅・公共施設・商業施設等）でのポスター掲示・デジタルサイネージの設置等",
        OTHER_MEDIA,
    ),
    ("tv", "テレビ広告", OTHER_MEDIA),
    ("town-magazine", "タウン情報誌", OTHER_MEDIA),
    ("transport", "交通広告（電車、バス）", OTHER_MEDIA),
    ("video", "動画共有サイトでの広告", OTHER_MEDIA),
    ("newspaper", "新聞広告", OTHER_MEDIA),
    ("other", "その他", ""),
]

OBSTACLES = [
    ("convenience", "カードの利便性向上", ""),
    ("publicity", "周知・広報活動の強化", ""),
    ("simpler-procedure", "申請・交付手続の簡素化・オンライン化や受取要件（代理人受取等）の緩和", ""),
    ("staffing", "自治体における事務体制の確保・負担軽減", ""),
    ("elderly-disabled", "高齢者・障がい者等への対応", ""),
    ("security-distrust", "セキュリティ面に不信感を持つ住民への対応", ""),
    ("state-funding", "カードに係る継続的な国の財政支援", ""),
    ("covid", "コロナ禍における申請勧奨の在り方", ""),
    ("targets-after-2023", "令和５年度以降のカード交付枚数に係る目標の提示が必要", ""),
    ("jlis", "地方公共団体情報システム機構（J-LIS）の体制強化・システム整備", ""),
    ("training", "自治体職員に対する研修・教育の充実", ""),
    ("insurance-cost", "健康保険証との一体化における利用者負担増の解消", ""),
    ("state-local", "国と地方の情報共有・連携強化", ""),
    ("insurance-switch", "健康保険証とカードの一体化の完全切替", ""),
    ("other", "その他", ""),
]


def add_seed_000_questions(*, survey: Survey, actor: Actor) -> list[Question]:
    """Add the seven questions behind 表1–表6 of seed 000 to ``survey``."""
    k = Question.Kind
    own = question_add(
        survey=survey,
        key="own-services",
        text="マイナンバーカードを活用した独自の行政サービス・取組を実施していますか",
        kind=k.YES_NO,
        table="表1",
        by_category=True,
        actor=actor,
    )
    incentives = question_add(
        survey=survey,
        key="incentives",
        text="カードの取得・利用に対する独自の特典を付与していますか",
        kind=k.YES_NO,
        table="表2",
        actor=actor,
    )
    kinds = question_add(
        survey=survey,
        key="incentive-kinds",
        text="特典の内容（複数回答可）",
        kind=k.CHOICE,
        options=INCENTIVES,
        table="表2",
        condition=incentives,
        actor=actor,
    )
    publicity = question_add(
        survey=survey,
        key="publicity",
        text="カードの普及促進に向けた周知・広報を実施していますか",
        kind=k.YES_NO,
        table="表3",
        actor=actor,
    )
    media = question_add(
        survey=survey,
        key="publicity-media",
        text="周知・広報の手段（自由記述を類型化）",
        kind=k.CODED_TEXT,
        options=MEDIA,
        table="表3",
        condition=publicity,
        actor=actor,
    )
    counter = question_add(
        survey=survey,
        key="apply-at-counter",
        text="申請時来庁方式を実施していますか",
        kind=k.YES_NO,
        table="表4",
        by_category=True,
        actor=actor,
    )
    temporary = question_add(
        survey=survey,
        key="temporary-windows",
        text="臨時交付窓口を設置していますか",
        kind=k.YES_NO,
        table="表5",
        by_category=True,
        yes_label="設置",
        no_label="未設置",
        actor=actor,
    )
    obstacles = question_add(
        survey=survey,
        key="obstacles",
        text="カードの普及促進に向けた課題（自由記述を類型化）",
        kind=k.CODED_TEXT,
        options=OBSTACLES,
        table="表6",
        actor=actor,
    )
    return [own, incentives, kinds, publicity, media, counter, temporary, obstacles]


#: 表7 of seed 000 (自治体の意見抜粋): (theme code of 表6, theme as printed, quote), in the printed order.
SEED_000_QUOTES = [
    (
        "convenience",
        "カードの利便性向上",
        "マイナンバーカード利活用の幅が少なく、マイナンバーカードに興味を持っていない市民に対し"
        "取得するメリットを伝えられない。",
    ),
    (
        "convenience",
        "カードの利便性向上",
        "カード本来の目的は、デジタル・ガバメントや社会全体のデジタル化の実現である。取得ばかりに"
        "専念してもカードの普及には限界が来るので、利便性向上に向けたシステムづくり、そして広報を"
        "進めていき、取得から利用へとつなげることが重要であると考える。",
    ),
    (
        "publicity",
        "周知・広報活動の強化",
        "マイナンバーカードのメリットやカード取得後の実現する社会が未取得者へ浸透していない。"
        "カード取得後のメリットや社会の未来像などを継続して周知・広報していくことが課題。",
    ),
    (
        "simpler-procedure",
        "申請・交付手続の簡素化等",
        "マイナンバーカードは公的な本人確認書類となり、オンラインでいろいろな手続が可能であるため、"
        "申請、交付、更新などの手続の厳格さが必要であり、市民や職員の負担となっている。",
    ),
    (
        "security-distrust",
        "セキュリティ面に不信感を持つ住民への対応",
        "マイナンバーカードのセキュリティ対策を伝えても情報漏洩を危惧し申請に結び付かない。",
    ),
]


def add_seed_000_quotes(*, survey: Survey, actor: Actor) -> list[Quote]:
    """File the five opinions of 表7 under the themes of 表6 (the ``obstacles`` question)."""
    question = survey.questions.get(key="obstacles")
    themes = {o.code: o for o in question.options.all()}
    return [
        quote_add(question=question, theme=themes[code], theme_label=label, text=text, actor=actor)
        for code, label, text in SEED_000_QUOTES
    ]
