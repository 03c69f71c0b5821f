"""The one import core: CSV and XLSX files → checked rows, and the one problem type.

Every importer (statistics, registry, cards, plans, surveys) reads its files here::

    problems = Problems(file=name)
    with open_source(path_or_upload, name=name, accept=(Kind.CSV,)) as source:  # checks, no parsing
        for row in iter_rows(source, problems, header_row=1):  # row.number, row.cells (text)
            ...  # the importer's own checks: problems.error(text, row.label, column)
    problems.raise_if_errors()  # ImportRefused: every problem, each naming file, row and column

or, for a small file held in memory, ``read_table(path)``. What is checked, and where:

- before parsing (:func:`open_source`): the file size, empty / BOM-only files, the type the bytes
  are against the type the name declares and the types the importer reads, UTF-16 and binary
  files, damaged zips, every XLSX member's unpacked size and compression ratio, and for CSV the
  line count and the encoding (UTF-8, UTF-8 with BOM, CP932 / Shift_JIS);
- while reading (:func:`iter_rows`): the field size, the row count, and on every cell the My
  Number guard (``kofu.rules.codes.contains_my_number``), control characters and formulas.

The limits are settings (:class:`Limits`, ``KOFU_IMPORT_*``; docs/operations.md). The messages
and their format are in docs/data-formats.md.
"""

from kofu.core.tabular.limits import Limits
from kofu.core.tabular.problems import MAX_MESSAGES, ImportRefused, Problem, Problems, row_label
from kofu.core.tabular.rows import (
    CONTROL_REFUSED,
    FORMULA_REFUSED,
    Progress,
    Row,
    check_cells,
    iter_rows,
    xlsx_text,
)
from kofu.core.tabular.source import Kind, Source, open_source
from kofu.core.tabular.table import Table, read_table

__all__ = [
    "CONTROL_REFUSED",
    "FORMULA_REFUSED",
    "MAX_MESSAGES",
    "ImportRefused",
    "Kind",
    "Limits",
    "Problem",
    "Problems",
    "Progress",
    "Row",
    "Source",
    "Table",
    "check_cells",
    "iter_rows",
    "open_source",
    "read_table",
    "row_label",
    "xlsx_text",
]
