"""The published issuance tables: built from a snapshot, printed as CSV/XLSX, shown on the web."""

from kofu.stats.tables.builder import TABLES, Table, TableError, TableRow, build_table

__all__ = ["TABLES", "Table", "TableError", "TableRow", "build_table"]
