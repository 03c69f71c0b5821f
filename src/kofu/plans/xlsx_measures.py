"""The plan XLSX's rows for the fields added for seeds 003 and 004 (costs, 概算交付見込額, the
re-revised plan of 2021-12-09, part-time staff, evening opening, QR letters, health-insurance help).

Each is optional in the file (a workbook from before these rows still imports, and leaves the
stored values as they are); a row present but blank clears the value. Yes/no cells are written
「はい」「いいえ」 and read in the forms people type (はい・いいえ・する・しない・あり・なし・○・×・
TRUE・FALSE・1・0).
"""

from __future__ import annotations

import unicodedata

#: (field, label) in the order of the sheet, after the sizing figures.
MEASURE_FIGURES: list[tuple[str, str]] = [
    ("cost_fy2021", "令和3年度の経費の見込額（円）"),
    ("cost_fy2022", "令和4年度の経費の見込額（円）"),
    ("estimated_grant", "概算交付見込額（円）"),
    ("capacity_ready", "十分な交付体制が整う月"),
    ("setup_outsourced", "交付前設定の民間委託"),
    ("pickup_booking", "受取日時の予約（交付平準化）"),
    ("part_time_early", "会計年度任用職員の前倒し募集・採用"),
    ("evening_days", "夜間開庁日数（月当たり）"),
    ("qr_letters_from", "QRコード付き交付申請書の送付開始月"),
    ("qr_letters_until", "QRコード付き交付申請書の送付完了月"),
    ("insurance_help", "窓口での健康保険証利用の申込支援"),
]
MEASURE_KEYS = frozenset(field for field, _ in MEASURE_FIGURES)
YES_NO = frozenset({"setup_outsourced", "pickup_booking", "part_time_early", "insurance_help"})
MONTHS = frozenset({"capacity_ready", "qr_letters_from", "qr_letters_until"})

_YES = {"はい", "する", "あり", "有", "○", "〇", "TRUE", "1", "YES"}
_NO = {"いいえ", "しない", "なし", "無", "×", "FALSE", "0", "NO"}


def yes_no_cell(value: bool | None) -> str | None:
    """What the template writes for a yes/no field (blank: not stated)."""
    return None if value is None else ("はい" if value else "いいえ")


def yes_no(text: str) -> bool:
    """A typed yes/no; ValueError (Japanese) otherwise."""
    value = unicodedata.normalize("NFKC", text).strip().upper()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValueError(f"「はい」か「いいえ」で入力してください（{text!r}）")


def blank(field: str) -> object:
    """The value of a row present but left blank: "" for the month fields, None for the others."""
    return "" if field in MONTHS else None
