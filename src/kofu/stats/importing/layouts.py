"""The statistics files' layouts: which file is which, found from its heading row.

The matching itself is :func:`kofu.core.tabular.headings.detect_layout`.
"""

from __future__ import annotations

from kofu.core.tabular import Table
from kofu.core.tabular.cells import header_key
from kofu.core.tabular.headings import HeaderMatch, Layout
from kofu.core.tabular.headings import column as _col
from kofu.core.tabular.headings import detect_layout as _detect_layout
from kofu.rules.measures import Measure

__all__ = [
    "CATEGORY",
    "MUNICIPALITY",
    "PREFECTURE",
    "STATS_LAYOUTS",
    "WORKBOOK",
    "HeaderMatch",
    "Layout",
    "detect_layout",
    "measure_of_heading",
]

_PREFECTURE = _col("prefecture", "都道府県名", "都道府県", required=True)
_POPULATION = _col(
    "population", "総数(人口)", "人口", "総数", "人口総数", "人口(計)", "住民基本台帳人口", required=True
)
#: The count: 交付枚数, or 保有枚数 (the snapshot's measure then is ``held``: :func:`measure_of_heading`).
_ISSUED = _col("issued", "交付枚数", "交付件数", "交付枚数(累計)", "累計交付枚数", "保有枚数", required=True)
_RATE = _col(
    "rate",
    "人口に対する交付枚数率",
    "交付率",
    "交付枚数率",
    "人口に対する交付率",
    "人口に対する保有枚数率",
    "保有枚数率",
    "保有率",
)
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
#: The ministry's monthly workbook (sheet 「公表用」, 保有枚数 since 2023, 交付枚数 2022–2023): names
#: only, the two dates inside the headings (人口（R7.1.1時点）, 保有枚数（R7.8末時点）).
WORKBOOK = Layout(
    name="workbook",
    title="市区町村別（公表用の表）",
    columns=(
        _PREFECTURE,
        _col("name", "市区町村名", "市区町村", "市町村名", "団体名", required=True),
        _col("population", "人口", "総数(人口)", "住民基本台帳人口", "人口総数", required=True),
        _col("count", "保有枚数", "交付枚数", required=True),
        _col(
            "rate",
            "人口に対する保有枚数率",
            "人口に対する交付枚数率",
            "保有枚数率",
            "交付枚数率",
            "保有率",
            "交付率",
        ),
        _col("applications", "申請件数", "申請数", "有効申請数", "有効申請受付数", "申請枚数"),
    ),
    excludes=(
        "団体コード",
        "地方公共団体コード",
        "全国地方公共団体コード",
        "市区町村コード",
        "算出基準日",
        "基準日",
        "交付件数基準日",
        "交付枚数基準日",
        "人口算出基準日",
    ),
)
STATS_LAYOUTS = (MUNICIPALITY, PREFECTURE, CATEGORY)
LAYOUTS_BY_NAME = {layout.name: layout for layout in STATS_LAYOUTS}

#: Known files kofu deliberately does not import, recognised to say so plainly.
UNSUPPORTED: dict[str, str] = {}


def detect_layout(table: Table, layouts: tuple[Layout, ...] = STATS_LAYOUTS) -> HeaderMatch:
    """The heading row of a statistics file (:func:`kofu.core.tabular.headings.detect_layout`)."""
    return _detect_layout(table, layouts, unsupported=UNSUPPORTED)


def measure_of_heading(match: HeaderMatch) -> str:
    """``held`` when the count column is 保有枚数, else ``issued``."""
    heading = match.headings.get("issued", "")
    return Measure.HELD.value if header_key(heading)[0].startswith("保有") else Measure.ISSUED.value
