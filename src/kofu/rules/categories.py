"""Municipality categories (団体区分) and the groupings publications use.

A grouping is data: an ordered list of labelled groups, each a set of categories. The seeds use
two (``wards-separate`` on 2022-01-01, ``wards-with-cities`` on 2022-10-31).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    DESIGNATED_CITY = "指定都市"
    SPECIAL_WARD = "特別区"
    CORE_CITY = "中核市"
    OTHER_CITY = "その他の市"
    TOWN = "町"
    VILLAGE = "村"


CITY_CATEGORIES = frozenset({Category.DESIGNATED_CITY, Category.CORE_CITY, Category.OTHER_CITY})
TOWN_VILLAGE = frozenset({Category.TOWN, Category.VILLAGE})
#: 【特別区・市】 in the top-10 lists.
CITIES_AND_WARDS = CITY_CATEGORIES | {Category.SPECIAL_WARD}

TOKYO_PREFECTURE = "東京都"


def category_from_name(
    prefecture: str,
    name: str,
    *,
    designated_cities: frozenset[str] | set[str] = frozenset(),
    core_cities: frozenset[str] | set[str] = frozenset(),
) -> Category:
    """Category of a municipality from its name and the lists in force.

    ``designated_cities`` and ``core_cities`` hold ``prefecture + name`` keys (``大阪府大阪市``).
    A 郡 prefix (``東国東郡姫島村``) is allowed and ignored.
    """
    key = prefecture + name
    if key in designated_cities:
        return Category.DESIGNATED_CITY
    if key in core_cities:
        return Category.CORE_CITY
    last = name[-1:] if name else ""
    if last == "区" and prefecture == TOKYO_PREFECTURE:
        return Category.SPECIAL_WARD
    if last == "市":
        return Category.OTHER_CITY
    if last == "町":
        return Category.TOWN
    if last == "村":
        return Category.VILLAGE
    raise ValueError(f"団体区分を名称から判定できません: {prefecture}{name}")


def strip_district(name: str, known: frozenset[str] | set[str]) -> str:
    """``東国東郡姫島村`` → ``姫島村`` when the remainder is a known name; names like 郡山市 stay."""
    if name in known:
        return name
    index = name.find("郡")
    while index != -1:
        rest = name[index + 1 :]
        if rest in known:
            return rest
        index = name.find("郡", index + 1)
    return name


@dataclass(frozen=True)
class Group:
    label: str
    categories: frozenset[Category]


@dataclass(frozen=True)
class Grouping:
    name: str
    title: str
    total_label: str
    groups: tuple[Group, ...]
    #: First as-of date on which the ministry published totals in this grouping (None: always).
    used_from: dt.date | None = None


def _group(label: str, *categories: Category) -> Group:
    return Group(label, frozenset(categories))


GROUPINGS: dict[str, Grouping] = {
    "wards-separate": Grouping(
        name="wards-separate",
        title="特別区・指定都市・市・町村（令和4年1月1日現在の公表形式）",
        total_label="全国",
        groups=(
            _group("特別区", Category.SPECIAL_WARD),
            _group("指定都市", Category.DESIGNATED_CITY),
            _group("市（指定都市を除く）", Category.CORE_CITY, Category.OTHER_CITY),
            _group("町村", Category.TOWN, Category.VILLAGE),
        ),
    ),
    "wards-with-cities": Grouping(
        name="wards-with-cities",
        title="指定都市・特別区及び市・町村（令和4年10月末時点の公表形式）",
        total_label="全国",
        groups=(
            _group("指定都市", Category.DESIGNATED_CITY),
            _group(
                "特別区・市(指定都市を除く)", Category.SPECIAL_WARD, Category.CORE_CITY, Category.OTHER_CITY
            ),
            _group("町村", Category.TOWN, Category.VILLAGE),
        ),
        used_from=dt.date(2022, 6, 1),
    ),
}


def grouping_for(as_of: dt.date, groupings: dict[str, Grouping] | None = None) -> Grouping:
    """The grouping the ministry used on ``as_of``: the latest whose ``used_from`` is not after it."""
    candidates = list((groupings or GROUPINGS).values())
    in_use = [g for g in candidates if g.used_from is None or g.used_from <= as_of]
    return max(in_use, key=lambda g: g.used_from or dt.date.min)
