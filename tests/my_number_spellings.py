"""The spellings of a My Number the guard must refuse (issue 13), shared by the rule's tests and the probes.

``spell(number)`` gives every spelling of one 12-digit number; ``SPELLINGS`` those of
``700012345676``. Each spelling is a pair (name, text).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

#: A valid My Number (check digit 6) and a second one, used by the probes.
NUMBER = "700012345676"
OTHER = "791001234568"

_SEPARATORS = {
    "space": " ",
    "hyphen": "-",
    "dot": ".",
    "slash": "/",
    "underscore": "_",
    "en dash": "\u2013",
    "U+2010 hyphen": "\u2010",
    "double space": "  ",
    "ideographic space": "\u3000",
    "zero-width space": "\u200b",
    "newline": "\n",
    "tab": "\t",
    "prolonged sound mark": "\u30fc",
}


def spell(number: str) -> list[tuple[str, str]]:
    groups = [number[:4], number[4:8], number[8:]]
    spellings = [("plain", number)]
    spellings += [(f"4-4-4 {name}", sep.join(groups)) for name, sep in _SEPARATORS.items()]
    spellings += [
        ("groups of three", " ".join(number[i : i + 3] for i in range(0, 12, 3))),
        ("full-width", number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))),
        (
            "full-width 4-4-4",
            "\u3000".join(g.translate(str.maketrans("0123456789", "０１２３４５６７８９")) for g in groups),
        ),
        ("e-mail local part", f"{number}@example.jp"),
        ("e-mail dotted local part", f"{'.'.join(groups)}@example.jp"),
    ]
    return spellings


SPELLINGS = spell(NUMBER)


def digit_strings(number: str = NUMBER) -> list[bytes]:
    """What a byte grep of a database looks for: the digits, ASCII and full-width (UTF-8)."""
    wide = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return [number.encode(), wide.encode("utf-8")] + [
        text.encode("utf-8") for _name, text in spell(number) if _name != "plain"
    ]


def unkeyed_digests(number: str = NUMBER) -> list[bytes]:
    """sha256/sha1/md5 hex of the number and of each spelling (and their 40-character prefixes)."""
    texts = {number} | {unicodedata.normalize("NFKC", text) for _n, text in spell(number)}
    texts |= {re.sub(r"\D", "", t) for t in texts}
    found: list[bytes] = []
    for text in texts:
        for algorithm in (hashlib.sha256, hashlib.sha1, hashlib.md5):
            hexdigest = algorithm(text.encode("utf-8")).hexdigest()
            found += [hexdigest.encode(), hexdigest[:40].encode(), hexdigest.upper().encode()]
    return found
