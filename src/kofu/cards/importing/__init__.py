"""Streaming import of J-LIS delivery files and application lists (CSV, header row).

Files are read through :mod:`kofu.core.tabular` (UTF-8 or Shift_JIS, limits checked before the
first row, the My Number guard on every cell); a refused file raises ``CardImportError``, the
core's ``ImportRefused``.

Delivery files: one transaction per delivery batch (納品番号); a batch already imported is
skipped, so a run that stopped is resumed by running it again and never leaves half a batch.
Application lists: one transaction for the whole file. Problems name the file, the row and the
column.
"""

from kofu.cards.importing.applications import import_applications
from kofu.cards.importing.delivery import import_delivery
from kofu.cards.importing.rows import (
    APPLICATION_COLUMNS,
    DELIVERY_COLUMNS,
    CardImportError,
    ImportResult,
)

__all__ = [
    "APPLICATION_COLUMNS",
    "DELIVERY_COLUMNS",
    "CardImportError",
    "ImportResult",
    "import_applications",
    "import_delivery",
]
