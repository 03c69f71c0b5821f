"""Check digits: 全国地方公共団体コード (JIS X 0402) and 個人番号 (My Number).

The two look alike but differ: for a local-government code a remainder of 0 gives 1,
for a My Number it gives 0.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

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


# --- The My Number guard ----------------------------------------------------------------------
#
# After NFKC, a text is read as digits, separators and barriers:
#
# * a digit is any Unicode decimal digit (ASCII, full-width, Arabic-Indic, …; NFKC has already
#   turned circled, super- and subscript digits into ASCII) or a kanji numeral 〇一二三四五六七八九;
# * a separator is any other character that is not a letter or a number: punctuation of every
#   script, dashes, spaces (ideographic and no-break included), symbols, zero-width and control
#   characters (newline, tab), combining marks, and the underscore; also the katakana prolonged
#   sound mark ー (U+30FC, and half-width ｰ), which people type for a hyphen;
# * everything else (letters of any script, kanji, kana, other numerals) is a barrier.
#
# A *run* is digits joined only by separators; its *groups* are its maximal stretches of adjacent
# digits. The windows checked are the consecutive groups of a run that hold exactly twelve digits
# together; a group of more than twelve digits is never part of a window. A text holds a My Number
# when one window's twelve digits pass the check digit. So "7000 1234 5676", "700-012-345-676" and
# "7 0 0 0 1 2 3 4 5 6 7 6" are found, while a window never starts or ends inside a group: twelve
# digits glued to more digits ("1700012345676") are another number. Two exceptions keep everyday
# values apart: a calendar date written with "-", "/" or "." (1900-2099, a real month and day),
# alone or followed by a time ("2025-04-01 10:30", "2025-04-01 08:30+09:00"), counts as a word;
# and when a run begins right after "+" with the group "81" (Japan's calling code), that group is
# left out. docs/security.md gives the rule with the measured false positives (and ADR 0011 why).

_KANJI_DIGITS = "〇一二三四五六七八九"
_DIGIT = rf"[\d{_KANJI_DIGITS}]"
_SEPARATOR = r"[\W_\u30fc]"
_NOT_DIGIT = rf"[^\d{_KANJI_DIGITS}]"
_ASCII_DIGITS = b"0123456789"
#: Cheap necessary conditions, in order: twelve characters; twelve digits anywhere (counted on the
#: bytes of an ASCII text, else by one pass of a possessive pattern); twelve digits joined by
#: separators. Only a text passing all three is scanned window by window.
_TWELVE_DIGITS = re.compile(f"{_NOT_DIGIT}*+{_DIGIT}" * 12)
_TWELVE_JOINED = re.compile(rf"{_DIGIT}(?:{_SEPARATOR}*{_DIGIT}){{11}}")
_RUN = re.compile(rf"{_DIGIT}(?:{_SEPARATOR}*{_DIGIT})*")
_GROUP = re.compile(rf"{_DIGIT}+")
#: A calendar date (year 1900-2099, the same separator twice), optionally with a time and an offset.
_DATE_TIME = re.compile(
    r"(?<![0-9])(?:19|20)[0-9]{2}([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12][0-9]|3[01])"
    r"(?:[ T](?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?:Z|[+-](?:0[0-9]|1[0-4]):?[0-5][0-9])?)?"
    r"(?![0-9])"
)
_KANJI_TO_ASCII = str.maketrans({c: str(i) for i, c in enumerate(_KANJI_DIGITS)})


def _ascii_digits(group: str) -> str:
    if group.isascii():
        return group
    text = group.translate(_KANJI_TO_ASCII)
    return "".join(str(unicodedata.decimal(c)) for c in text)


def twelve_digit_windows(run_groups: list[str]) -> Iterator[str]:
    """The windows of a run: each stretch of consecutive groups holding exactly twelve digits."""
    start = total = 0
    for end, group in enumerate(run_groups):
        if len(group) > 12:  # a long number is a barrier: no window includes it
            start, total = end + 1, 0
            continue
        total += len(group)
        while total > 12:
            total -= len(run_groups[start])
            start += 1
        if total == 12:
            yield "".join(run_groups[start : end + 1])


def _normalized(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _twelve_digits(normalized: str) -> bool:
    """Does the text hold twelve digits at all? (Most cells do not: dates, phone numbers, names.)"""
    if normalized.isascii():  # count the digits in C
        data = normalized.encode("ascii")
        return len(data) - len(data.translate(None, _ASCII_DIGITS)) >= 12
    return _TWELVE_DIGITS.match(normalized) is not None


def _groups(run: re.Match[str]) -> list[str]:
    groups = [_ascii_digits(group) for group in _GROUP.findall(run.group())]
    if groups[0] == "81" and run.string[run.start() - 1 : run.start()] == "+":
        return groups[1:]  # "+81 90-1234-5678": Japan's calling code, then a 10-digit phone number
    return groups


def _without_dates(normalized: str) -> str:
    """Dates and date-times replaced by letters of the same length (positions stay the same)."""
    return _DATE_TIME.sub(lambda m: "D" * len(m.group()), normalized)


def _runs_holding_a_number(normalized: str) -> Iterator[re.Match[str]]:
    for run in _RUN.finditer(_without_dates(normalized)):
        if any(is_valid_my_number(window) for window in twelve_digit_windows(_groups(run))):
            yield run


def _scan(normalized: str) -> bool:
    return next(_runs_holding_a_number(normalized), None) is not None


def contains_my_number(text: str) -> bool:
    """True when ``text`` holds twelve digits passing the My Number check digit.

    After NFKC; any run of separators (punctuation, dashes, spaces, zero-width or control
    characters) may stand between the digits, in any grouping (see the rule above).
    """
    normalized = _normalized(text)
    if len(normalized) < 12 or not _twelve_digits(normalized):
        return False  # the common case: fewer than twelve digits
    if _TWELVE_JOINED.search(normalized) is None:
        return False
    return _scan(normalized)


def contains_my_number_in_any(cells: Iterable[str]) -> bool:
    """``any(contains_my_number(cell) for cell in cells)``: the check of an imported row.

    Checking cell by cell is faster than one check of the joined row: most cells are shorter than
    twelve characters, and a joined row would let runs cross from one cell to the next.
    """
    return any(contains_my_number(cell) for cell in cells)


#: What joins the cells for :func:`contains_my_number_in_cells`: a letter, i.e. a barrier.
_CELL_BARRIER = "x"


def contains_my_number_in_cells(cells: Iterable[str]) -> bool:
    """``any(contains_my_number(cell) for cell in cells)`` for many cells at once (a batch of
    imported rows), cheaper: the cells are joined by a letter and the text cut at every ``x`` (a
    letter is a barrier: no run crosses it, and a cell holding ``x`` holds a My Number only when a
    piece of it does). An ASCII piece shorter than twelve characters cannot hold twelve digits
    (NFKC leaves ASCII alone), so only the longer pieces and those with other characters (NFKC may
    lengthen them: ``⒓`` is ``12.``) are checked. A file of counts, dates and names then costs one
    ``join`` and one ``split`` and a check of its names.

    A combining mark at the start of a piece is a separator before the run (alone) or part of a
    letter (after ``x``): a barrier either way, and runs start at a digit.

    When the joined text is already in NFKC (one quick check in C; the usual batch of counts,
    dates and names), so is every piece (each is cut at an ``x``: nothing before an ``x`` composes
    with it, and marks after one that did not compose with it stay so alone), and a piece shorter than
    twelve characters cannot hold twelve digits: the longest piece is found in C, and a batch with
    none of twelve characters is answered without a call per piece.
    """
    joined = _CELL_BARRIER.join(cells)
    pieces = joined.split(_CELL_BARRIER)
    if unicodedata.is_normalized("NFKC", joined):
        if max(map(len, pieces)) < 12:
            return False
        return any(contains_my_number(piece) for piece in pieces if len(piece) >= 12)
    return any(contains_my_number(piece) for piece in pieces if len(piece) >= 12 or not piece.isascii())


def mask_my_numbers(text: str) -> str:
    """``text`` with the digits of every run holding a My Number as ``*`` (the text is then given in
    its NFKC form); unchanged when it holds none. For log lines: the line stays readable."""
    if not contains_my_number(text):
        return text
    normalized = _normalized(text)
    pieces: list[str] = []
    last = 0
    for run in _runs_holding_a_number(normalized):
        pieces += [normalized[last : run.start()], _GROUP.sub(lambda g: "*" * len(g.group()), run.group())]
        last = run.end()
    return "".join(pieces) + normalized[last:]
