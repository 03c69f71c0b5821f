import pytest
from hypothesis import given
from hypothesis import strategies as st

from kofu.rules.codes import (
    CodeError,
    is_valid_localgov_code,
    is_valid_my_number,
    localgov_check_digit,
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
