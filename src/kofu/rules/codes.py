"""Check digits: 全国地方公共団体コード (JIS X 0402) and 個人番号 (My Number).

The two look alike but differ: for a local-government code a remainder of 0 gives 1,
for a My Number it gives 0.
"""

from __future__ import annotations

import re
import unicodedata

_LOCALGOV_WEIGHTS = (6, 5, 4, 3, 2)
_MY_NUMBER_WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


class CodeError(ValueError):
    """A code is malformed or fails its check digit."""


def localgov_check_digit(base5: str) -> int:
    """Check digit of a 5-digit local-government code: (11 − S mod 11) mod 10."""
    if len(base5) != 5 or not base5.isdigit():
        raise CodeError(f"団体コードの本体は5桁の数字です: {base5!r}")
    total = sum(int(d) * w for d, w in zip(base5, _LOCALGOV_WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def is_valid_localgov_code(code: str) -> bool:
    return (
        len(code) == 6
        and code.isascii()
        and code.isdigit()
        and localgov_check_digit(code[:5]) == int(code[5])
    )


def normalize_localgov_code(raw: str | int) -> str:
    """Return the 6-digit code, zero-padding codes whose leading zero was dropped (``11002``).

    A 5-digit value that is not a zero-dropped 6-digit code is taken as the code body and the
    check digit appended. Raises :class:`CodeError` for anything else.
    """
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text.isdigit():
        raise CodeError(f"団体コードが数字ではありません: {raw!r}")
    if len(text) == 5 and is_valid_localgov_code("0" + text):
        return "0" + text
    if len(text) == 5:
        return text + str(localgov_check_digit(text))
    if len(text) == 6:
        if not is_valid_localgov_code(text):
            raise CodeError(f"団体コードの検査数字が一致しません: {text}")
        return text
    raise CodeError(f"団体コードは6桁（または5桁）の数字です: {raw!r}")


def my_number_check_digit(base11: str) -> int:
    """Check digit of a 12-digit 個人番号 from its first 11 digits: (−S) mod 11 mod 10."""
    if len(base11) != 11 or not base11.isdigit():
        raise CodeError("個人番号の本体は11桁の数字です")
    total = sum(int(d) * w for d, w in zip(base11, _MY_NUMBER_WEIGHTS, strict=True))
    return (-total) % 11 % 10


def is_valid_my_number(digits: str) -> bool:
    return (
        len(digits) == 12
        and digits.isascii()
        and digits.isdigit()
        and my_number_check_digit(digits[:11]) == int(digits[11])
    )


# A lookahead so that overlapping candidates are all tried: in "0002 1234 5678 9018" the valid
# "1234 5678 9018" starts inside the first candidate "0002 1234 5678".
_TWELVE_DIGITS = re.compile(r"(?=((?<!\d)\d{4}[ \-]?\d{4}[ \-]?\d{4}(?!\d)))")


#: A necessary condition for a match, cheap to test: twelve ASCII digits in groups of four, one
#: optional separator between groups. Every run ``_TWELVE_DIGITS`` finds that can pass the check
#: has this shape in the NFKC text: ``is_valid_my_number`` takes ASCII digits only, and the two
#: separators mapped to "-" below (U+2212, U+30FC) are listed here as themselves. So when this finds
#: nothing, nothing can pass (property-tested against the full scan in tests/rules/test_codes.py).
_CANDIDATE = re.compile(r"[0-9]{4}[ \-\u2212\u30fc]?[0-9]{4}[ \-\u2212\u30fc]?[0-9]{4}")


def contains_my_number(text: str) -> bool:
    """True when ``text`` holds a 12-digit run (spaces/hyphens allowed) passing the My Number check.

    Full-width digits and separators are normalised (NFKC) first.
    """
    normalized = unicodedata.normalize("NFKC", text)
    if _CANDIDATE.search(normalized) is None:  # the common case: no 12-digit run at all
        return False
    normalized = normalized.replace("\u2212", "-").replace("\u30fc", "-")
    for match in _TWELVE_DIGITS.finditer(normalized):
        digits = re.sub(r"[ \-]", "", match.group(1))
        if is_valid_my_number(digits):
            return True
    return False
