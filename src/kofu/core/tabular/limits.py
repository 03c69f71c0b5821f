"""Size limits of imported files, checked before (or while) a file is parsed.

Each is a setting (``KOFU_IMPORT_*``, docs/operations.md); an importer that holds a whole file in
memory may lower ``max_bytes`` for its own files (:meth:`Limits.at_most`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.conf import settings

#: Defaults: a whole-city J-LIS delivery file (3.7 million rows, about 560 MB) fits.
DEFAULT_MAX_BYTES = 1024 * 1024 * 1024
DEFAULT_MAX_UNPACKED_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_RATIO = 100
DEFAULT_MAX_FIELD_CHARS = 128 * 1024
DEFAULT_MAX_ROWS = 5_000_000
#: An XLSX holds a few dozen parts; more than this is not a workbook kofu reads.
MAX_ZIP_MEMBERS = 1000
#: The compression ratio is checked on members that unpack to more than this (small parts of any
#: ratio are harmless, and a tiny part compresses unpredictably).
RATIO_CHECKED_FROM = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES  # the file as uploaded
    max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES  # XLSX: all zip members unpacked
    max_ratio: int = DEFAULT_MAX_RATIO  # XLSX: unpacked ÷ packed size of any member
    max_field_chars: int = DEFAULT_MAX_FIELD_CHARS  # one cell
    max_rows: int = DEFAULT_MAX_ROWS  # CSV records / sheet rows

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=getattr(settings, "KOFU_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES),
            max_unpacked_bytes=getattr(
                settings, "KOFU_IMPORT_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES
            ),
            max_ratio=getattr(settings, "KOFU_IMPORT_MAX_RATIO", DEFAULT_MAX_RATIO),
            max_field_chars=getattr(settings, "KOFU_IMPORT_MAX_FIELD_CHARS", DEFAULT_MAX_FIELD_CHARS),
            max_rows=getattr(settings, "KOFU_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS),
        )

    def at_most(self, *, max_bytes: int) -> Limits:
        """These limits with the file size capped at ``max_bytes`` (an importer's own cap)."""
        return dataclasses.replace(self, max_bytes=min(self.max_bytes, max_bytes))
