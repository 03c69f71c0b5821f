"""Dated categories from a master file: a new category from its 適用開始日 closes the open period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kofu.core.tabular.cells import CellError, name_key
from kofu.rules.categories import Category

#: Labels accepted in a 区分 column (the seeds' words and common variants).
CATEGORY_LABELS: dict[str, Category] = {
    "指定都市": Category.DESIGNATED_CITY,
    "政令指定都市": Category.DESIGNATED_CITY,
    "政令市": Category.DESIGNATED_CITY,
    "特別区": Category.SPECIAL_WARD,
    "中核市": Category.CORE_CITY,
    "市": Category.OTHER_CITY,
    "その他の市": Category.OTHER_CITY,
    "一般市": Category.OTHER_CITY,
    "施行時特例市": Category.OTHER_CITY,
    "特例市": Category.OTHER_CITY,
    "町": Category.TOWN,
    "村": Category.VILLAGE,
}


def parse_category(text: str) -> Category | None:
    key = name_key(text)
    if not key:
        return None
    if key not in CATEGORY_LABELS:
        raise CellError(f"区分が読めません: {text.strip()!r}（指定都市・特別区・中核市・市・町・村）")
    return CATEGORY_LABELS[key]


@dataclass(frozen=True)
class Period:
    id: int
    category: str
    valid_from: dt.date | None
    valid_to: dt.date | None


@dataclass(frozen=True)
class CategoryChange:
    """What to write: close ``close_id`` at ``valid_from`` (if any), then add ``category``."""

    category: Category
    valid_from: dt.date | None
    close_id: int | None = None
    valid_to: dt.date | None = None  # set only for a closed period of a new municipality


def _fmt(date: dt.date | None) -> str:
    return f"{date:%Y/%m/%d}" if date else "記録開始"


def plan_category(periods: list[Period], category: Category, since: dt.date | None) -> CategoryChange | None:
    """The change that makes ``category`` apply from ``since``; None when it already does.

    Raises :class:`CellError` when the change cannot be dated (no 適用開始日) or goes back in time.
    """
    open_periods = sorted(
        (p for p in periods if p.valid_to is None), key=lambda p: p.valid_from or dt.date.min
    )
    if not open_periods:
        return _after_closed(periods, category, since)
    current = open_periods[-1]
    if current.category == category.value:
        return None
    if since is None:
        raise CellError(
            f"区分が台帳（{current.category}、{_fmt(current.valid_from)}から）と異なります。"
            "変更日を「適用開始日」の列に書いてください"
        )
    if current.valid_from is not None and since <= current.valid_from:
        raise CellError(
            f"適用開始日 {_fmt(since)} が現在の区分（{current.category}、{_fmt(current.valid_from)}から）の開始日以前です"
        )
    return CategoryChange(category, since, close_id=current.id)


def _after_closed(periods: list[Period], category: Category, since: dt.date | None) -> CategoryChange:
    """A municipality whose every period is closed (or that has none) gets a new open period."""
    if periods and since is None:
        raise CellError("台帳の区分はすべて終了しています。新しい区分の「適用開始日」を書いてください")
    latest_end = max((p.valid_to for p in periods if p.valid_to), default=None)
    if since and latest_end and since < latest_end:
        raise CellError(f"適用開始日 {_fmt(since)} が台帳の区分の終了日 {_fmt(latest_end)} より前です")
    if since and any(p.valid_from == since for p in periods):
        raise CellError(f"適用開始日 {_fmt(since)} に始まる区分が台帳にすでにあります")
    return CategoryChange(category, since)
