"""Helpers shared by the importer tests (no tests here): small files built in tmp_path, table counts."""

from __future__ import annotations

from pathlib import Path

from kofu.registry.models import Municipality, MunicipalityCategory, PopulationSnapshot, Prefecture
from kofu.stats.models import AgeFigure, GroupTotal, IssuanceSnapshot, MunicipalityFigure, PrefectureFigure

ALL_TABLES = (
    Prefecture,
    Municipality,
    MunicipalityCategory,
    PopulationSnapshot,
    IssuanceSnapshot,
    MunicipalityFigure,
    PrefectureFigure,
    GroupTotal,
    AgeFigure,
)

HEADER = "算出基準日,都道府県名,市区町村名,総数（人口）,交付枚数,人口に対する交付枚数率,人口算出基準日,交付件数基準日,団体コード"

#: A small valid municipality file (figures of 2022-01-01, rates as printed).
SMALL_ROWS = [
    '"2022/01/01","北海道","札幌市",1961575,763069,38.9,"2021/01/01","2022/01/01",11002',
    '"2022/01/01","東京都","千代田区",66680,32216,48.3,"2021/01/01","2022/01/01",131016',
    '"2022/01/01","大分県","東国東郡姫島村",1933,1501,77.7,"2021/01/01","2022/01/01",443221',
    '"2022/01/01","東京都","三宅村",2440,979,40.1,"2021/01/01","2022/01/01","<NA>"',
]


def table_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in ALL_TABLES}


def small_csv_text(rows: list[str] | None = None, header: str = HEADER) -> str:
    return "\n".join([header, *(SMALL_ROWS if rows is None else rows)]) + "\n"


def write(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(text.encode(encoding))
    return path
