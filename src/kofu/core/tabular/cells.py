"""Reading one cell: counts, rates, names and column headings, with Japanese error texts.

:class:`CellError` carries the text; the importer adds file, row and column (a ``Problem``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation


class CellError(ValueError):
    """A cell cannot be read; ``str()`` is the Japanese text for the user."""


_SPACES = re.compile(r"\s+")
_INTEGER = re.compile(r"[-−▲△]?\d+(?:\.0+)?")
_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?")
_PLAIN_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_NOTE_MARK = re.compile(r"(?:※|\*)\d*$")
_DATE_NOTE = re.compile(r"\(([^()]*?(?:時点|現在|末))\)$")

#: Variant characters folded when names are compared (檮原町 is printed for 梼原町).
_VARIANTS = str.maketrans(
    {"檮": "梼", "﨑": "崎", "髙": "高", "龍": "竜", "ヶ": "ケ", "ヵ": "カ", "邊": "辺", "邉": "辺"}
)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def clean(text: str) -> str:
    """NFKC and trimmed, inner spaces kept (for values shown back to the user)."""
    return nfkc(text).strip()


@functools.lru_cache(maxsize=8192)
def name_key(text: str) -> str:
    """Comparison key for a place name: NFKC, no spaces, variant characters folded (remembered:
    an import compares the same few thousand names many times)."""
    return _SPACES.sub("", nfkc(text)).translate(_VARIANTS)


@functools.lru_cache(maxsize=4096)
def header_key(text: str) -> tuple[str, str | None]:
    """Normalised heading and the date note it carries: ``人口 (R4.1.1時点)`` → (``人口``, ``R4.1.1時点``).
    Remembered: an importer compares the first cell of every row with the heading's."""
    key = _SPACES.sub("", nfkc(text))
    key = _NOTE_MARK.sub("", key)
    note = _DATE_NOTE.search(key)
    if note:
        return key[: note.start()], note.group(1)
    return key, None


def parse_count(text: str) -> int:
    """A non-negative whole number, thousands separators allowed (``1,961,575``)."""
    if text.isascii() and text.isdigit():  # the common cell, without the checks below
        return int(text)
    value = _SPACES.sub("", nfkc(text)).replace(",", "")
    for unit in ("人", "枚", "件"):
        value = value.removesuffix(unit)
    if not value:
        raise CellError("空欄です")
    if not _INTEGER.fullmatch(value):
        if _DECIMAL.fullmatch(value):
            raise CellError(f"整数ではありません: {text.strip()!r}")
        raise CellError(f"数値ではありません: {text.strip()!r}")
    number = int(Decimal(value.lstrip("-−▲△")))
    if value[0] in "-−▲△" and number != 0:
        raise CellError(f"負の数です: {text.strip()!r}")
    return number


def parse_optional_count(text: str) -> int | None:
    if not text.strip():
        return None
    return parse_count(text)


def parse_rate(text: str) -> Decimal | None:
    """A printed rate in percent: ``75.1``, ``75.1%``; blank gives None."""
    if text.isascii() and _PLAIN_DECIMAL.fullmatch(text):  # the common cell: no NFKC, no spaces
        return Decimal(text)
    value = _SPACES.sub("", nfkc(text)).replace(",", "").removesuffix("%")
    if not value:
        return None
    if not _DECIMAL.fullmatch(value):
        raise CellError(f"交付率が数値ではありません: {text.strip()!r}")
    try:
        return Decimal(value)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already guarantees a decimal
        raise CellError(f"交付率が数値ではありません: {text.strip()!r}") from exc


def plain_decimal(text: str) -> tuple[int, int] | None:
    """A plain ASCII decimal (``38.9``, ``75``) as (its digits as a whole number, decimal places):
    ``(389, 1)``; None for any other text (signs, spaces, ``%``, separators: :func:`parse_rate`)."""
    if not (text.isascii() and _PLAIN_DECIMAL.fullmatch(text)):
        return None
    whole, _, fraction = text.partition(".")
    return int(whole + fraction), len(fraction)


def decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


_TOTAL_WORDS = frozenset({"全国", "合計", "総計", "計", "小計", "総数", "全体", "総合計"})


def is_total_word(text: str) -> bool:
    """Blank, 合計・計・小計・全国 … (labels of total and subtotal rows)."""
    key = name_key(text)
    return not key or key in _TOTAL_WORDS or key.endswith("計")


def is_total_municipality(text: str) -> bool:
    """A total row in a municipality column; a name ending 都道府県 is a prefecture subtotal."""
    key = name_key(text)
    return is_total_word(key) or key[-1] in "都道府県"


#: Prefixes printed before a municipality name: 郡 (東国東郡姫島村), islands (三宅島三宅村), 支庁.
PREFIX_ENDINGS = ("郡", "島", "支庁")


def names_match(printed: str, registered: str) -> bool:
    """The printed name is the registry's, maybe with a 郡 or island prefix (高岡郡檮原町 = 梼原町)."""
    printed_key, registered_key = name_key(printed), name_key(registered)
    if printed_key == registered_key:
        return True
    if not registered_key or not printed_key.endswith(registered_key):
        return False
    return printed_key[: -len(registered_key)].endswith(PREFIX_ENDINGS)


def split_district(name: str) -> tuple[str, str]:
    """``東国東郡姫島村`` → (``東国東郡``, ``姫島村``); names without a 郡 prefix give ("", name)."""
    match = re.fullmatch(r"(.+?郡)(.+[町村])", name)
    if match:
        return match.group(1), match.group(2)
    return "", name
