import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kofu.rules.codes import (
    CodeError,
    contains_my_number,
    is_valid_localgov_code,
    is_valid_my_number,
    localgov_check_digit,
    my_number_check_digit,
    normalize_localgov_code,
)


@pytest.mark.parametrize("code", ["131016", "011002", "130001", "012131", "012050", "141003", "271004"])
def test_real_localgov_codes_pass_their_check_digit(code):
    assert is_valid_localgov_code(code)


@pytest.mark.parametrize("code", ["000000", "131017", "13101", "1310166", "abcdef"])
def test_malformed_or_wrong_localgov_codes_fail(code):
    assert not is_valid_localgov_code(code)


def test_zero_dropped_codes_are_padded_back():
    assert normalize_localgov_code("11002") == "011002"
    assert normalize_localgov_code(443221) == "443221"


def test_code_with_wrong_check_digit_is_refused():
    with pytest.raises(CodeError, match="検査数字"):
        normalize_localgov_code("131017")


@given(st.text(alphabet="0123456789", min_size=5, max_size=5))
def test_exactly_one_suffix_validates_each_localgov_base(base):
    assert [d for d in range(10) if is_valid_localgov_code(base + str(d))] == [localgov_check_digit(base)]


@pytest.mark.parametrize("number", ["123456789018", "621498320257", "123456789050", "123456789000"])
def test_my_number_vectors_are_valid(number):
    assert is_valid_my_number(number)


@pytest.mark.parametrize("number", ["123456789019", "621498320258"])
def test_my_number_vectors_are_invalid(number):
    assert not is_valid_my_number(number)


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_exactly_one_suffix_validates_each_my_number_base(base):
    assert sum(is_valid_my_number(base + str(d)) for d in range(10)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "１２３４ ５６７８ ９０１８",
        "番号は1234-5678-9018です",
        "123456789018",
        "メモ６２１４９８３２０２５７",
    ],
)
def test_text_holding_a_my_number_is_detected_after_nfkc(text):
    assert contains_my_number(text)


@pytest.mark.parametrize("text", ["123456789019", "1234567890180", "電話 03-1234-5678", ""])
def test_text_without_a_my_number_passes(text):
    assert not contains_my_number(text)


# --- The prefilter of contains_my_number is an optimisation only: the same answer as the full scan.


def full_scan_contains_my_number(text: str) -> bool:
    """contains_my_number as it was before its prefilter: every 12-digit run of the NFKC text tried."""
    normalized = unicodedata.normalize("NFKC", text).replace("\u2212", "-").replace("\u30fc", "-")
    for match in re.finditer(r"(?=((?<!\d)\d{4}[ \-]?\d{4}[ \-]?\d{4}(?!\d)))", normalized):
        if is_valid_my_number(re.sub(r"[ \-]", "", match.group(1))):
            return True
    return False


# Characters that NFKC turns into digits or separators, or that look like them but stay apart:
# full-width, super/subscript, circled and parenthesised digits, mathematical digits, Arabic-Indic
# digits (\d but not ASCII), the telegraph-hour sign ㍘ ("0点"), ideographic/no-break spaces,
# full-width/small/non-breaking hyphens, minus signs, katakana prolonged sound marks (full and half width).
LOOK_ALIKES = (
    "0123456789０１２３４５６７８９¹²³⁰⁴₀₉①⑳⑴⒈𝟎𝟗٠١٩۵㍘½"
    " \u3000\u00a0\u2002-－﹣\u2011\u2010\u2212\u207b\u208b\u30fc\uff70"
    "a都ミ、,/\x1f\u0301"
)


@st.composite
def my_numbers(draw) -> str:
    """A number passing the check digit, written the ways people write it."""
    body = draw(st.text(alphabet="0123456789", min_size=11, max_size=11))
    digits = body + str(my_number_check_digit(body))
    sep = draw(st.sampled_from(["", " ", "-", "\u2212", "\u30fc", "－", "\u3000"]))
    text = sep.join([digits[:4], digits[4:8], digits[8:]])
    if draw(st.booleans()):
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return text


texts = st.lists(
    st.one_of(my_numbers(), st.text(alphabet=LOOK_ALIKES, max_size=20), st.text(max_size=8)), max_size=5
).map("".join)


@given(texts)
def test_the_prefilter_gives_the_answer_of_the_full_scan(text):
    assert contains_my_number(text) == full_scan_contains_my_number(text)


@given(
    my_numbers(),
    st.text(alphabet=LOOK_ALIKES, max_size=6),
    st.text(alphabet="a都 、", min_size=1, max_size=3),
)
def test_a_number_among_look_alikes_gets_the_same_answer(number, before, glue):
    text = before + glue + number
    assert contains_my_number(text) == full_scan_contains_my_number(text)
    assert contains_my_number(glue + number)  # nothing digit-like right before it: always found
