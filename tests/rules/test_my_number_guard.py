"""The one My Number guard (kofu.rules.codes.contains_my_number): what it finds and what it leaves.

The rule (docs/security.md): after NFKC, digits joined only by separators (any character that is
not a letter or a number, plus ``_`` and ``ー``) form a run; the groups of adjacent digits of a run
that together hold exactly twelve digits are checked against the My Number check digit.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kofu.rules import codes
from kofu.rules.booking_calendar import JST, jst
from kofu.rules.codes import (
    contains_my_number,
    contains_my_number_in_any,
    contains_my_number_in_cells,
    my_number_check_digit,
)
from tests.my_number_spellings import OTHER, SPELLINGS, spell

KANJI = "〇一二三四五六七八九"


# --- A reference implementation: character by character, no regular expression -----------------


def _is_digit(ch: str) -> bool:
    return ch.isdecimal() or ch in KANJI


def _is_separator(ch: str) -> bool:
    return not _is_digit(ch) and (not ch.isalnum() or ch in "_\u30fc")


def _ascii(ch: str) -> str:
    return str(KANJI.index(ch)) if ch in KANJI else str(unicodedata.decimal(ch))


def reference(text: str) -> bool:
    """Every window of consecutive groups of every run, tried one by one."""
    runs: list[list[str]] = [[]]
    after_plus = [False]  # the run's first digit comes right after "+"
    group, previous = "", ""
    normalized = unicodedata.normalize("NFKC", text)
    for date in codes._DATE_TIME.finditer(normalized):  # a date (and time) counts as a word
        normalized = normalized[: date.start()] + "D" * len(date.group()) + normalized[date.end() :]
    for ch in normalized + "\x00":
        if _is_digit(ch):
            if not group and not runs[-1]:
                after_plus[-1] = previous == "+"
            group += _ascii(ch)
        else:
            if group:
                runs[-1].append(group)
                group = ""
            if not _is_separator(ch):
                runs.append([])
                after_plus.append(False)
        previous = ch
    for run, plus in zip(runs, after_plus, strict=True):
        if plus and run and run[0] == "81":  # Japan's calling code: "+81 90-1234-5678"
            run = run[1:]
        for start in range(len(run)):
            for end in range(start, len(run)):
                digits = "".join(run[start : end + 1])
                if len(digits) == 12 and codes.is_valid_my_number(digits):
                    return True
    return False


# --- The spellings of issue 13 ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "text"), SPELLINGS + spell(OTHER), ids=lambda v: repr(v)[:30])
def test_every_spelling_is_refused_alone_and_in_running_text(name, text):
    assert contains_my_number(text), name
    assert contains_my_number(f"備考：{text}です"), name
    assert contains_my_number(f"連絡先 {text}\n以上"), name


@pytest.mark.parametrize(
    "text",
    [
        "7 0 0 0 1 2 3 4 5 6 7 6",  # one digit at a time
        "7000123 45676",  # 7 + 5
        "(7000) 1234-5676",
        "7000・1234・5676",  # katakana middle dot
        "7000〜1234〜5676",  # wave dash
        "7000\u00ad1234\u00ad5676",  # soft hyphen
        "7000\u20131234\u20145676",  # en and em dash
        "7000\r\n1234\r\n5676",
        "7000\u00a01234\u00a05676",  # no-break space
        "7000\u22121234\u22125676",  # minus sign
        "7000ｰ1234ｰ5676",  # half-width prolonged sound mark
        "７０００－１２３４－５６７６",  # full-width digits and hyphen
        "⑦0001234567⑥",  # circled digits (NFKC)
        "七〇〇〇 一二三四 五六七六",  # kanji numerals
        "٧٠٠٠١٢٣٤٥٦٧٦",  # Arabic-Indic digits
        "No.1 7000-1234-5676",  # other digits before it, apart
        "7000-1234-5676-1",
        "7000⃣1234⃣5676",  # combining keycap
        "mailto:7000.1234.5676@example.jp",
        "81 90-0000-0000",  # no "+": twelve digits like any others
        "0 +81 90-0000-0000",  # the "+81" inside a run is not a calling code
        "8190+00+00+0000",  # "+" as a separator
    ],
)
def test_other_spellings_are_refused(text):
    assert contains_my_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "700012345677",  # wrong check digit
        "1700012345676",  # 13 digits: another number
        "7000123456760",
        "70001234567612",
        "7000a1234b5676",  # letters are barriers
        "7000年1234月5676",
        "7000-1234-5676".replace("-", "一"),  # a kanji one is a digit, not a dash: 14 digits in a row
        "2019-12-31 4567",  # 201912314567 passes the check, but its first 8 digits are written as a date
        "法人番号 7000123456760",
        "+81 90-0000-0000",  # 81 + 10 digits (819000000000 passes the check): Japan's calling code and a phone number
        "(+81) 90 1234 5678, +81-986-23-1111",
    ],
)
def test_not_a_my_number(text):
    assert not contains_my_number(text)


# --- Property tests: separators and groupings generated ------------------------------------------


def _separator_char(ch: str) -> bool:
    """A character whose NFKC form is separators only (NFKC turns ㈠ into "(一)", ℡ into "TEL")."""
    normalized = unicodedata.normalize("NFKC", ch)
    return bool(normalized) and all(_is_separator(c) for c in normalized)


SEPARATOR_CHARS = st.characters(
    categories=(
        "Pc",
        "Pd",
        "Ps",
        "Pe",
        "Pi",
        "Pf",
        "Po",
        "Sm",
        "Sc",
        "Sk",
        "So",
        "Zs",
        "Zl",
        "Zp",
        "Cc",
        "Cf",
    )
).filter(_separator_char)
SEPARATOR_RUNS = st.text(SEPARATOR_CHARS, min_size=1, max_size=4)
#: Common separators, drawn more often than the long tail of Unicode.
COMMON = st.sampled_from([" ", "-", ".", "/", "_", "\u3000", "\u200b", "\n", "\t", "ー", "－", "\u2010"])


@st.composite
def my_numbers(draw: st.DrawFn) -> str:
    body = draw(st.text(alphabet="0123456789", min_size=11, max_size=11))
    return body + str(my_number_check_digit(body))


@st.composite
def spelled(draw: st.DrawFn) -> str:
    """A valid number cut into groups at random, any run of separators between the groups."""
    number = draw(my_numbers())
    cuts = sorted(draw(st.sets(st.integers(1, 11), max_size=11)))
    groups = [number[a:b] for a, b in zip([0, *cuts], [*cuts, 12], strict=True)]
    text = groups[0]
    for group in groups[1:]:
        text += draw(st.one_of(COMMON, SEPARATOR_RUNS)) + group
    if draw(st.booleans()):
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return text


@given(
    spelled(),
    st.text(st.sampled_from("都a山 、-（"), max_size=3),
    st.text(st.sampled_from("です 。) x"), max_size=3),
)
def test_a_number_in_any_grouping_with_any_separators_is_refused(text, before, after):
    """Unless the grouping happens to write a calendar date (a few numbers in a thousand can be)."""
    written = before + text + after
    assert contains_my_number(written) or codes._DATE_TIME.search(unicodedata.normalize("NFKC", written))


@given(st.one_of(spelled(), spelled().map(lambda t: t.translate(str.maketrans("0123456789", KANJI)))))
def test_every_prefilter_passes_every_number_the_scan_finds(text):
    """The cheap checks are necessary conditions: none of them turns away a real number."""
    normalized = unicodedata.normalize("NFKC", f"都{text}区")
    assert len(normalized) >= 12 and codes._twelve_digits(normalized)
    assert codes._TWELVE_JOINED.search(normalized) is not None
    assert codes._scan(normalized)


LOOK_ALIKES = (
    "0123456789０１２３４５６７８９¹²³⁰₀₉①⑳⑴⒈⒓𝟎𝟗٠١٩۵㍘½〇一七九十"
    " \u3000\u00a0-－﹣\u2010\u2212\u30fc\uff70_.,/:+＋\n\t\u200b\u0301"
    "a都ミ、X"
)
texts = st.lists(
    st.one_of(spelled(), st.text(alphabet=LOOK_ALIKES, max_size=24), st.text(max_size=8)), max_size=5
).map("".join)


@given(texts)
@example("0002 1234 5678 9018")
@example("2025-04-01 10:30")
@example("⒓⒔⒕⒖⒗⒘")
@example("+81 90-0000-0000")
@example("+٨١ 90-0000-0000")
def test_the_guard_gives_the_answer_of_the_reference_scan(text):
    """The prefilter and the window scan never disagree with trying every window one by one."""
    assert contains_my_number(text) == reference(text)


@given(st.lists(texts, max_size=6))
def test_a_row_is_refused_exactly_when_one_of_its_cells_is(cells):
    assert contains_my_number_in_any(cells) == any(contains_my_number(c) for c in cells)


@given(
    st.lists(st.one_of(texts, st.text(alphabet=LOOK_ALIKES + "xXｘⅹ\u0307\u0308", max_size=16)), max_size=12)
)
@example(["2022/01/01", "北海道", "札幌市", "1961575", "763069", "38.9", "2021/01/01", "2022/01/01", "11002"])
@example(["7000", "1234", "5676"])
@example(["x700012345676"])
@example(["\u0307700012345676"])
@example(["ⅹ7000 1234 5676x"])
@example(["⒎⒎⒎⒎⒎⒎"])
@example(["+81", "90-0000-0000"])
@example(["a+", "81 7000 1234 5676"])
def test_a_batch_of_cells_is_refused_exactly_when_one_of_its_cells_is(cells):
    """The batch check of the import core (cells joined by a letter, cut at every ``x``, only the
    pieces that could hold twelve digits scanned) gives the answer of checking cell by cell."""
    assert contains_my_number_in_cells(cells) == any(contains_my_number(c) for c in cells)


def test_a_batch_check_finds_a_number_among_thousands_of_plain_cells():
    plain = ["2022/01/01", "北海道", "札幌市", "1961575", "38.9", "11002", "x", ""] * 500
    assert not contains_my_number_in_cells(plain)
    for _name, text in SPELLINGS:
        assert contains_my_number_in_cells([*plain, f"備考 {text} です", *plain])


# --- False positives: what must never be refused --------------------------------------------------

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def _n(k: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=k, max_size=k)


DASH = st.sampled_from(["-", "‐", "－", "ー", " ", "", "(", ")"])
phone_numbers = st.one_of(
    st.builds(lambda a, b, c, s, t: f"{a}{s}{b}{t}{c}", _n(4), _n(2), _n(4), DASH, DASH),  # 0986-23-1111
    st.builds(lambda a, b, c, s, t: f"{a}{s}{b}{t}{c}", _n(3), _n(4), _n(4), DASH, DASH),  # 090-1234-5678
    st.builds(lambda a, b, c: f"({a}) {b}-{c}", _n(2), _n(4), _n(4)),  # (03) 1234-5678
    st.builds(lambda a, b, c: f"+81 {a}-{b}-{c}", _n(2), _n(4), _n(4)),  # +81 90-1234-5678 (11 digits)
)
postcodes = st.builds(lambda a, b, s: f"〒{a}{s}{b}", _n(3), _n(4), DASH)
notice_numbers = st.one_of(
    st.builds(
        lambda a, b: f"{a}-{b}", st.text("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=5, max_size=5), _n(5)
    ),
    st.builds(lambda a, b, s: f"{a}{s}{b}", st.text("ABC0123456789", min_size=3, max_size=3), _n(6), DASH),
)
dates = st.builds(
    lambda y, m, d, s, t: f"{y}{s}{m}{t}{d}",
    st.integers(1900, 2100),
    st.integers(1, 12).map(lambda m: f"{m:02d}"),
    st.integers(1, 31).map(lambda d: f"{d:02d}"),
    st.sampled_from(["-", "/", ".", "", " "]),
    st.sampled_from(["-", "/", ".", "", " "]),
)
wareki = st.builds(
    lambda y, m, d: f"令和{y}年{m}月{d}日", st.integers(1, 30), st.integers(1, 12), st.integers(1, 31)
)
amounts = st.integers(0, 99_999_999_999).map(
    lambda n: st.sampled_from([f"{n:,}円", f"¥{n:,}", f"{n}円", f"{n:,}"])
)


@given(st.one_of(phone_numbers, postcodes, notice_numbers, dates, wareki, amounts.flatmap(lambda s: s)))
def test_single_everyday_numbers_are_never_refused(value):
    """Fewer than twelve digits in every run: a phone number (10/11), a postcode (7), a notice
    number (10 or 9), a date (8), an amount up to 11 digits. Never refused, in any context."""
    assert not contains_my_number(value)
    assert not contains_my_number(f"備考：{value}（確認済み）")


times = st.builds(
    lambda h, m, s, z: f"{h:02d}:{m:02d}{s}{z}",
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(["", ":00", ":59"]),
    st.sampled_from(["", "+09:00", "Z", "+0900"]),
)
calendar_dates = st.builds(
    lambda day, sep: f"{day.year}{sep}{day.month:02d}{sep}{day.day:02d}",
    st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)),
    st.sampled_from(["-", "/", "."]),
)


@given(calendar_dates, calendar_dates, times, times, st.sampled_from([" ", "〜", " 〜 ", "、", "-"]))
def test_dates_and_date_times_side_by_side_are_never_refused(first, second, at, until, glue):
    """``2025-04-01 08:30+09:00 〜 2025-04-01 09:00+09:00`` (kofu's own booking mails), periods."""
    assert not contains_my_number(f"{first} {at}{glue}{second} {until}")
    assert not contains_my_number(f"期間 {first}{glue}{second}")


def test_the_booking_mails_times_are_not_a_my_number():
    start = dt.datetime(2020, 1, 1, 8, 0, tzinfo=JST)
    for minutes in range(0, 60 * 24 * 366, 37):  # a year of starting times, every 37 minutes
        moment = start + dt.timedelta(minutes=minutes)
        line = f"来庁日時: {jst(moment)} 〜 {jst(moment + dt.timedelta(minutes=30))}"
        assert not contains_my_number(line), line


@given(phone_numbers, phone_numbers, postcodes, dates)
def test_values_apart_by_words_are_never_refused(phone, fax, postcode, day):
    """A word (letters, kanji, kana) between values ends the run: their digits never add up."""
    assert not contains_my_number(f"{postcode} 都城市姫城町6街区21号 TEL {phone} FAX {fax} 受付日 {day}")


# --- Masking (log lines) --------------------------------------------------------------------------


@given(texts)
def test_a_masked_text_holds_no_my_number_and_a_text_without_one_is_left_alone(text):
    masked = codes.mask_my_numbers(text)
    assert not contains_my_number(masked)
    if not contains_my_number(text):
        assert masked == text


def test_only_the_run_holding_the_number_is_masked():
    line = '127.0.0.1 - [08/Dec/2026:00:44:07 +0900] "GET /cards/7000-1234-5676/ HTTP/1.1" 404'
    assert codes.mask_my_numbers(line) == line.replace("7000-1234-5676", "****-****-****")
    assert codes.mask_my_numbers("電話 +81 90-0000-0000") == "電話 +81 90-0000-0000"
