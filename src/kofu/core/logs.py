"""Log lines never carry a My Number: a logging filter that masks the digits of any line holding one.

Installed on kofu's console handler (``LOGGING`` in kofu.settings) and on gunicorn's error and
access logs (kofu.core.serving). A line in which the guard (kofu.rules.codes) finds a My Number has
every digit replaced by ``*``: the line still tells what happened, the number is gone.
"""

from __future__ import annotations

import logging
import re

from kofu.rules.codes import contains_my_number

_DIGITS = re.compile(r"[\d〇一二三四五六七八九]")


def mask_my_numbers(text: str) -> str:
    """``text`` with every digit as ``*`` when it holds a My Number, else unchanged."""
    return _DIGITS.sub("*", text) if contains_my_number(text) else text


class MaskMyNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_my_numbers(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
