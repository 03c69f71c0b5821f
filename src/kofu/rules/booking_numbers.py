"""Booking numbers a resident can read out on the phone, and how long a family's visit takes.

A booking number is eight characters in two groups of four (``K7QM-3HXP``) from an alphabet
without the look-alikes 0/O, 1/I/L; what a resident types back is normalised (full width, lower
case, spaces, missing or extra hyphens). Pure functions: the caller passes the random choice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
PATTERN = re.compile(rf"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def new_number(choose: Callable[[str], str]) -> str:
    """A fresh number, ``choose`` picking one character of the alphabet (``secrets.choice``)."""
    chars = "".join(choose(ALPHABET) for _ in range(LENGTH))
    return f"{chars[:4]}-{chars[4:]}"


def normalise_number(text: str) -> str | None:
    """The number in ``text`` in its printed form, or None when it cannot be one."""
    value = unicodedata.normalize("NFKC", text or "").upper()
    value = re.sub(r"[\s\-‐−ー―]", "", value)
    if len(value) != LENGTH or any(c not in ALPHABET for c in value):
        return None
    return f"{value[:4]}-{value[4:]}"


def visit_minutes(people: int, *, first: int, each_more: int) -> int:
    """Minutes at the window for ``people`` cards handed over together: ``first`` for one, plus
    ``each_more`` for each further card (15 and 10: 15 minutes for one, 25 for two)."""
    if people < 1:
        raise ValueError("人数は1人以上です。")
    return first + each_more * (people - 1)
