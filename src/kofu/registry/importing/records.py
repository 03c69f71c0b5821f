"""Master-list rows → records: the ministry code list, ``citycode.csv`` and localgovjp layouts.

One layout covers them all (headings differ only in wording); wards of designated cities are
rows named ``札幌市 中央区`` (localgovjp) and are stored as ``札幌市中央区`` with their city as parent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from kofu.core.tabular import Problems, Row, Table
from kofu.core.tabular.cells import CellError, nfkc
from kofu.core.tabular.dates import parse_date
from kofu.core.tabular.headings import ColumnSpec, HeaderMatch, Layout
from kofu.registry.importing.categories import parse_category
from kofu.rules.categories import Category
from kofu.rules.codes import CodeError, normalize_localgov_code


def _col(field_name: str, label: str, *aliases: str, required: bool = False) -> ColumnSpec:
    return ColumnSpec(field_name, label, (label, *aliases), required)


MASTER = Layout(
    name="master",
    title="団体一覧",
    columns=(
        _col(
            "code",
            "団体コード",
            "lgcode",
            "code",
            "地方公共団体コード",
            "全国地方公共団体コード",
            required=True,
        ),
        _col("prefecture", "都道府県名(漢字)", "都道府県名", "pref", "prefecture", required=True),
        _col("name", "市区町村名(漢字)", "市区町村名", "city", required=True),
        _col("prefecture_kana", "都道府県名(カナ)", "prefkana", "prefecture_kana"),
        _col("kana", "市区町村名(カナ)", "市区町村名よみ", "citykana", "city_kana", "よみ"),
        _col("district", "郡名"),
        _col("category", "区分", "団体区分"),
        _col("since", "適用開始日"),
    ),
)

_WARD = re.compile(r"(\S+?市)\s*(\S+区)")
_SPACES = re.compile(r"\s+")


def kana(text: str) -> str:
    """Readings as full-width katakana without spaces (ｻｯﾎﾟﾛｼ, さっぽろし → サッポロシ)."""
    value = _SPACES.sub("", nfkc(text))
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in value)


@dataclass(frozen=True)
class MasterRecord:
    row: Row
    code: str
    prefecture: str
    name: str  # spaces removed: 札幌市中央区
    kana: str
    prefecture_kana: str
    district: str | None  # None when the file has no 郡名 column
    category: Category | None
    since: dt.date | None
    ward_of: str | None  # the designated city's name for a ward row (札幌市)

    @property
    def is_prefecture(self) -> bool:
        return self.code[2:5] == "000"


def ward_parent(name: str, *, spaced: bool) -> str | None:
    """``札幌市 中央区`` → ``札幌市``; without the space only a caller that knows the city may ask."""
    match = _WARD.fullmatch(name)
    if match is None or (spaced and " " not in name):
        return None
    return match.group(1)


def parse_master_rows(table: Table, match: HeaderMatch, problems: Problems) -> list[MasterRecord]:
    records: list[MasterRecord] = []
    seen: dict[str, str] = {}
    for row in table.rows[match.index + 1 :]:
        if row.is_blank():
            continue
        record = _record(row, match, problems)
        if record is None:
            continue
        if record.code in seen:
            problems.error(
                f"同じ団体コードが2回あります（{seen[record.code]}と同じ {record.code}）",
                row.label,
                match.headings["code"],
            )
            continue
        seen[record.code] = row.label
        records.append(record)
    if not records and not problems.error_count:
        problems.error("データ行がありません")
    return records


def _record(row: Row, match: HeaderMatch, problems: Problems) -> MasterRecord | None:
    def get(field_name: str) -> str:
        position = match.columns.get(field_name)
        return row.cells[position] if position is not None and position < len(row.cells) else ""

    def heading(field_name: str) -> str:
        return match.headings.get(field_name, field_name)

    if len(row.cells) < match.width():
        problems.error(f"列が足りません（見出しは{match.width()}列、この行は{len(row.cells)}列）", row.label)
        return None
    before = problems.error_count
    code = ""
    try:
        code = normalize_localgov_code(get("code"))
    except CodeError as exc:
        problems.error(str(exc), row.label, heading("code"))
    printed_name = nfkc(get("name")).strip()
    prefecture = _SPACES.sub("", nfkc(get("prefecture")))
    if not prefecture:
        problems.error("空欄です", row.label, heading("prefecture"))
    if code and code[2:5] != "000" and not printed_name:
        problems.error("市区町村名が空欄です", row.label, heading("name"))
    category, since = _category(get, heading, row, problems)
    if problems.error_count > before:
        return None
    return MasterRecord(
        row=row,
        code=code,
        prefecture=prefecture,
        name=_SPACES.sub("", printed_name),
        kana=kana(get("kana")),
        prefecture_kana=kana(get("prefecture_kana")),
        district=_SPACES.sub("", nfkc(get("district"))) if "district" in match.columns else None,
        category=category,
        since=since,
        ward_of=ward_parent(printed_name, spaced=True),
    )


def _category(
    get: Callable[[str], str], heading: Callable[[str], str], row: Row, problems: Problems
) -> tuple[Category | None, dt.date | None]:
    category: Category | None = None
    since: dt.date | None = None
    try:
        category = parse_category(get("category"))
    except CellError as exc:
        problems.error(str(exc), row.label, heading("category"))
    try:
        since = parse_date(get("since"))
    except CellError as exc:
        problems.error(str(exc), row.label, heading("since"))
    if since and category is None and not get("category").strip():
        problems.error("適用開始日がありますが区分が空欄です", row.label, heading("category"))
    return category, since
