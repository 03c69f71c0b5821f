import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kofu.core.validators import no_my_number
from kofu.rules.codes import my_number_check_digit


@pytest.mark.parametrize("text", ["１２３４ ５６７８ ９０１８", "メモ: 6214-9832-0257", "123456789050"])
def test_text_with_a_my_number_is_refused(text):
    with pytest.raises(ValidationError, match="個人番号"):
        no_my_number(text)


@pytest.mark.parametrize("text", ["123456789019", "都城市 交付窓口 3番", "", None, 123456789018])
def test_other_values_pass(text):
    no_my_number(text)


SEPARATORS = st.sampled_from(["", " ", "-", "　", "－", "ー"])


@given(st.text(alphabet="0123456789", min_size=11, max_size=11), SEPARATORS, SEPARATORS, st.booleans())
def test_any_valid_number_is_refused_whatever_the_separators_and_width(base, sep1, sep2, wide):
    number = base + str(my_number_check_digit(base))
    text = number[:4] + sep1 + number[4:8] + sep2 + number[8:]
    if wide:
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    with pytest.raises(ValidationError):
        no_my_number(f"備考 {text} です")
