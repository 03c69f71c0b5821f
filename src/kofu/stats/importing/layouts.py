"""Layouts: which file is which, found from its heading row, and where each column is.

Headings are compared after NFKC with spaces removed, so 総数（人口） and 総数(人口) are the same;
a date note in a heading (``人口 (R4.1.1時点)``) is kept as a hint for the population base date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kofu.stats.importing.messages import ImportRefused
from kofu.stats.importing.readers import Row, Table
from kofu.stats.importing.values import header_key

#: Headings are looked for in this many first rows (title rows above them are allowed).
HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class ColumnSpec:
    field: str
    label: str  # the heading to name when the column is missing
    aliases: tuple[str, ...]  # normalised headings (NFKC, no spaces)
    required: bool = False


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    columns: tuple[ColumnSpec, ...]
    #: Headings whose presence rules this layout out (a municipality file is not a prefecture file).
    excludes: tuple[str, ...] = ()

    @property
    def required(self) -> tuple[ColumnSpec, ...]:
        return tuple(column for column in self.columns if column.required)


@dataclass(frozen=True)
class HeaderMatch:
    layout: Layout
    index: int  # position of the heading row in ``Table.rows``
    row: Row
    columns: dict[str, int]  # field → cell position
    headings: dict[str, str]  # field → heading as printed (for messages)
    notes: dict[str, str] = field(default_factory=dict)  # field → date note in its heading

    def width(self) -> int:
        return max(i for i, cell in enumerate(self.row.cells) if cell.strip()) + 1


def _col(field_name: str, label: str, *aliases: str, required: bool = False) -> ColumnSpec:
    return ColumnSpec(field_name, label, (label, *aliases), required)


_PREFECTURE = _col("prefecture", "都道府県名", "都道府県", required=True)
_POPULATION = _col(
    "population", "総数(人口)", "人口", "総数", "人口総数", "人口(計)", "住民基本台帳人口", required=True
)
_ISSUED = _col("issued", "交付枚数", "交付件数", "交付枚数(累計)", "累計交付枚数", required=True)
_RATE = _col("rate", "人口に対する交付枚数率", "交付率", "交付枚数率", "人口に対する交付率")
_AS_OF = _col("as_of", "算出基準日", "基準日")
_ISSUED_BASE = _col(
    "issued_base", "交付件数基準日", "交付枚数基準日", "交付枚数算出基準日", "交付件数算出基準日"
)
_POPULATION_BASE = _col("population_base", "人口算出基準日", "人口基準日")
_DATES = (_AS_OF, _ISSUED_BASE, _POPULATION_BASE)

MUNICIPALITY = Layout(
    name="municipality",
    title="市区町村別",
    columns=(
        _PREFECTURE,
        _col("name", "市区町村名", "市区町村", "市町村名", "団体名", required=True),
        _POPULATION,
        _ISSUED,
        _RATE,
        *_DATES,
        _col(
            "code", "団体コード", "地方公共団体コード", "全国地方公共団体コード", "市区町村コード", "コード"
        ),
        _col("applications", "申請件数", "申請枚数", "申請数", "累計申請件数"),
    ),
)
PREFECTURE = Layout(
    name="prefecture",
    title="都道府県別",
    columns=(_PREFECTURE, _POPULATION, _ISSUED, _RATE, *_DATES),
    excludes=("市区町村名", "市区町村", "市町村名", "団体名", "区分"),
)
CATEGORY = Layout(
    name="category",
    title="団体区分別",
    columns=(_col("label", "区分", "団体区分", required=True), _POPULATION, _ISSUED, _RATE, *_DATES),
    excludes=("都道府県名", "市区町村名"),
)
STATS_LAYOUTS = (MUNICIPALITY, PREFECTURE, CATEGORY)
LAYOUTS_BY_NAME = {layout.name: layout for layout in STATS_LAYOUTS}

#: Known files kofu deliberately does not import, recognised to say so plainly.
_UNSUPPORTED = {"年齢": "年齢別の交付状況（demographics.csv）は取込対象外です"}


def _match_row(layout: Layout, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for column in layout.columns:
        for position, key in enumerate(keys):
            if key in column.aliases:
                found[column.field] = position
                break
    return found


def _fits(layout: Layout, keys: list[str], found: dict[str, int]) -> bool:
    return all(c.field in found for c in layout.required) and not any(k in layout.excludes for k in keys)


def detect_layout(table: Table, layouts: tuple[Layout, ...] = STATS_LAYOUTS) -> HeaderMatch:
    """The first heading row (within the first 20 rows) that fits one of ``layouts``, in order."""
    best: tuple[int, Layout, Row, dict[str, int]] | None = None
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        parsed = [header_key(cell) for cell in row.cells]
        keys = [key for key, _ in parsed]
        for key, text in _UNSUPPORTED.items():
            if key in keys:
                raise ImportRefused.single(table.file, text, row=row.label)
        for layout in layouts:
            found = _match_row(layout, keys)
            if _fits(layout, keys, found):
                return HeaderMatch(
                    layout=layout,
                    index=index,
                    row=row,
                    columns=found,
                    headings={f: row.cells[i].strip() for f, i in found.items()},
                    notes={f: note for f, i in found.items() if (note := parsed[i][1])},
                )
            matched = sum(1 for c in layout.required if c.field in found)
            score = 2 * matched - len(layout.required)  # matched minus missing
            if matched >= 2 and (best is None or score > best[0]):
                best = (score, layout, row, found)
    if best is None:
        names = "・".join(layout.title for layout in layouts)
        wanted = "」「".join(c.label for c in layouts[0].required)
        raise ImportRefused.single(
            table.file,
            f"見出し行が見つかりません（最初の{HEADER_SEARCH_ROWS}行に「{wanted}」などの列見出しがありません。"
            f"対応する形式: {names}）",
        )
    _, layout, row, found = best
    missing = "」「".join(c.label for c in layout.required if c.field not in found)
    raise ImportRefused.single(
        table.file, f"{layout.title}の見出し行に必要な列がありません: 「{missing}」", row=row.label
    )
