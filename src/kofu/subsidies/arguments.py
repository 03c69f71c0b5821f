"""Argument types shared by ``kofu subsidy`` and ``kofu grants`` (messages in Japanese)."""

from __future__ import annotations

import argparse
import re
import unicodedata

_INTEGER = re.compile(r"-?\d+")


def integer(raw: str) -> int:
    """An integer as people write it: ``1000000000``, ``1,000,000,000``, ``１０００``, ``1_000``.

    Negative values pass here and are refused by the rules with a message naming the quantity.
    """
    text = unicodedata.normalize("NFKC", raw).strip().replace(",", "").replace("_", "")
    text = text.replace("\u2212", "-")
    if text.endswith("円") or text.endswith("枚"):
        text = text[:-1]
    if not _INTEGER.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"整数で指定してください（例: 1000000000 や 1,000,000,000）: {raw!r}"
        )
    return int(text)


def fiscal_year(raw: str) -> int:
    value = integer(raw)
    if not 2000 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"年度は西暦4桁で指定してください（例: 2021）: {raw!r}")
    return value
