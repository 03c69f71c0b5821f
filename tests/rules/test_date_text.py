"""Birth dates as residents type them: 西暦 and 和暦, one parser (kofu.rules.date_text)."""

from __future__ import annotations

import datetime as dt

import pytest

from kofu.rules.date_text import DateTextError, from_parts, parse_date
from kofu.rules.wareki import wareki

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    "text",
    [
        "1980-01-02",
        "1980/1/2",
        "1980.1.2",
        "1980年1月2日",
        "19800102",
        "１９８０／１／２",
        "S55.1.2",
        "s55.01.02",
        "S55-1-2",
        "昭和55年1月2日",
        "昭和５５年１月２日",
        "㍼55年1月2日",
        " 昭和 55年 1月 2日 ",
    ],
)
def test_every_spelling_of_the_same_birth_date_reads_the_same(text):
    assert parse_date(text, today=TODAY) == dt.date(1980, 1, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("平成元年1月8日", dt.date(1989, 1, 8)),  # the first day of Heisei
        ("昭和64年1月7日", dt.date(1989, 1, 7)),  # the last day of Showa
        ("H31.4.30", dt.date(2019, 4, 30)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("R2.2.29", dt.date(2020, 2, 29)),
        ("大正15年12月24日", dt.date(1926, 12, 24)),
        ("昭和元年12月25日", dt.date(1926, 12, 25)),
        ("M45.7.29", dt.date(1912, 7, 29)),
        ("T1.7.30", dt.date(1912, 7, 30)),
    ],
)
def test_era_boundaries(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("昭和64年1月8日", "平成元年1月8日です"),
        ("平成31年5月1日", "令和元年5月1日です"),
        ("令和1年4月30日", "令和は2019年5月1日からです"),
        ("1980-02-30", "2月30日はありません"),
        ("1980-13-01", "13月はありません"),
        ("昭和五十五年一月二日", "読み取れませんでした"),
        ("55.1.2", "読み取れませんでした"),
        ("", "入力してください"),
        ("2027-01-01", "今日より後"),
        ("1800-01-01", "古すぎます"),
        ("X55.1.2", "読み取れませんでした"),
    ],
)
def test_refusals_say_what_is_wrong_in_japanese(text, says):
    with pytest.raises(DateTextError) as info:
        parse_date(text, today=TODAY)
    assert says in str(info.value)


def test_separate_inputs_use_the_same_rules():
    assert from_parts("昭和", 55, 1, 2) == from_parts("西暦", 1980, 1, 2) == dt.date(1980, 1, 2)
    assert from_parts("S", 64, 1, 7) == dt.date(1989, 1, 7)
    with pytest.raises(DateTextError):
        from_parts("慶応", 3, 1, 1)


def test_wareki_writes_the_era_date_back():
    assert wareki(dt.date(1980, 1, 2)) == "昭和55年1月2日"
    assert wareki(dt.date(1989, 1, 8)) == "平成元年1月8日"
    assert wareki(dt.date(2019, 5, 1)) == "令和元年5月1日"
    for text in ("昭和55年1月2日", "平成元年1月8日", "令和7年3月31日"):
        assert wareki(parse_date(text)) == text
