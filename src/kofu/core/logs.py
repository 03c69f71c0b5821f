"""Log lines never carry a My Number: a logging filter that masks the digits of one.

Installed on kofu's console handler (``LOGGING`` in kofu.settings) and on gunicorn's error and
access logs (kofu.core.serving). Where the guard (kofu.rules.codes) finds a My Number in a line, the
digits of that run (``7000-1234-5676`` → ``****-****-****``) are replaced; the rest of the line
(time, status, path) stays as it was.
"""

from __future__ import annotations

import logging

from kofu.rules.codes import mask_my_numbers

__all__ = ["MaskMyNumbers", "mask_my_numbers"]


class MaskMyNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_my_numbers(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
