"""What an import did: the report a command prints and a page shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from kofu.core.tabular import Problem
from kofu.registry.models import Municipality
from kofu.stats.models import IssuanceSnapshot


@dataclass
class ImportReport:
    file_name: str
    layout: str  # "municipality", "prefecture" or "category"
    layout_title: str  # 市区町村別・都道府県別・団体区分別
    file_kind: str  # "CSV (UTF-8)", "CSV (Shift_JIS)", "XLSX", "PDF"
    snapshot: IssuanceSnapshot
    rows_imported: int
    skipped_total_rows: list[str] = field(default_factory=list)
    registered: list[Municipality] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    replaced: bool = False
