"""Choropleths by rate, drawn as inline SVG: prefectures (japanmap) and municipalities (国土数値情報).

japanmap (PyPI, Apache-2.0) ships one outline per prefecture (main land area; 北海道 and 沖縄県
moved to insets). Its own ``pref_map`` needs IPython, so the SVG is written here from
``pref_points``: one link per prefecture with a ``<title>`` naming it and its rate.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from japanmap import pref_names, pref_points

from kofu.stats.geo import View
from kofu.stats.tables import TableRow

#: ColorBrewer "Blues", 5 classes (light = low rate, dark = high rate).
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#d9d9d9"
VIEW_WIDTH = 1000


@dataclass(frozen=True)
class LegendItem:
    colour: str
    label: str
    #: ``swatch-1`` … ``swatch-5`` in kofu.css: the same colours as PALETTE, without inline styles (CSP).
    css_class: str = ""


@dataclass(frozen=True)
class Choropleth:
    svg: SafeString
    legend: list[LegendItem]


@lru_cache(maxsize=1)
def _outlines() -> tuple[tuple[str, ...], float]:
    """Path data for the 47 prefectures in japanmap's order, and the view height."""
    # japanmap is marked typed, but pref_points carries no annotations.
    rings: list[list[list[float]]] = pref_points()  # type: ignore[no-untyped-call]
    # japanmap's own projection: shrink longitude by cos(~36°) and flip latitude.
    projected = [[(lon * 0.812, -lat) for lon, lat in ring] for ring in rings]
    xs = [x for ring in projected for x, _ in ring]
    ys = [y for ring in projected for _, y in ring]
    left, top = min(xs), min(ys)
    scale = VIEW_WIDTH / max(max(xs) - left, max(ys) - top)
    paths = tuple(
        "M" + "L".join(f"{(x - left) * scale:.1f},{(y - top) * scale:.1f}" for x, y in ring) + "Z"
        for ring in projected
    )
    return paths, (max(ys) - top) * scale


def _classes(rates: list[Decimal]) -> list[tuple[Decimal, Decimal]]:
    """Five equal classes with whole-number breaks covering ``rates``: [low, high) each."""
    low = math.floor(min(rates))
    high = math.ceil(max(rates))
    step = max(1, math.ceil((high - low) / len(PALETTE)))
    if low + step * len(PALETTE) <= max(rates):
        step += 1
    return [(Decimal(low + step * i), Decimal(low + step * (i + 1))) for i in range(len(PALETTE))]


def _quantile_classes(rates: list[Decimal]) -> list[tuple[Decimal, Decimal]]:
    """Five classes holding about a fifth of ``rates`` each, breaks at whole percents: [low, high).

    Municipal rates spread widely (a village at 77 %, most towns near the average), so equal
    intervals would put most of the map in two colours; falls back to them when breaks coincide.
    """
    ordered = sorted(rates)
    low = Decimal(math.floor(ordered[0]))
    high = Decimal(math.floor(ordered[-1]) + 1)
    breaks = [low]
    for fifth in range(1, len(PALETTE)):
        cut = Decimal(math.floor(ordered[len(ordered) * fifth // len(PALETTE)]))
        if cut <= breaks[-1]:
            return _classes(rates)
        breaks.append(cut)
    breaks.append(high)
    return list(zip(breaks, breaks[1:], strict=False))


def _colour(rate: Decimal, classes: list[tuple[Decimal, Decimal]]) -> str:
    for colour, (_, high) in zip(PALETTE, classes, strict=True):
        if rate < high:
            return colour
    return PALETTE[-1]


def prefecture_choropleth(rows: list[TableRow], *, label: str, href: Callable[[TableRow], str]) -> Choropleth:
    """The prefectures of ``rows`` (a prefecture table) coloured by rate, each linking to ``href(row)``."""
    paths, height = _outlines()
    by_name = {row.name: row for row in rows}
    classes = _classes([row.rate for row in rows]) if rows else []
    shapes = []
    for index, path in enumerate(paths, start=1):
        name = pref_names[index]
        row = by_name.get(name)
        if row is None:
            shapes.append(
                format_html('<path d="{}" fill="{}"><title>{}: 数値なし</title></path>', path, NO_DATA, name)
            )
            continue
        title = _title(row, name)
        shapes.append(
            format_html(
                '<a href="{}" aria-label="{}"><title>{}</title><path d="{}" fill="{}"/></a>',
                href(row),
                title,
                title,
                path,
                _colour(row.rate, classes),
            )
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="choropleth" viewBox="0 0 {VIEW_WIDTH} {height:.0f}" '
        f'aria-label="{escape(label)}">' + "".join(shapes) + "</svg>"
    )
    legend = [
        LegendItem(colour, f"{low}%以上{high}%未満", f"swatch-{number}")
        for number, (colour, (low, high)) in enumerate(zip(PALETTE, classes, strict=True), start=1)
    ]
    return Choropleth(svg=mark_safe(svg), legend=legend)  # noqa: S308 - every value above is escaped


def _title(row: TableRow, name: str) -> str:
    rank = f"（{row.rank}位）" if row.rank is not None else ""
    mark = "、全国平均以下" if row.at_or_below_average else ""
    return f"{name} {row.rate}%{rank}{mark}"


def municipal_choropleth(
    view: View, rows: dict[str, TableRow], *, label: str, href: Callable[[TableRow], str]
) -> Choropleth:
    """The municipalities of ``view`` coloured by rate; ``rows`` maps 5-digit codes to table rows.

    Fills are CSS classes (``q1`` … ``q5``, ``q0`` without figures) to keep the markup small; the
    five classes hold about a fifth of the municipalities each (:func:`_quantile_classes`).
    """
    classes = _quantile_classes([row.rate for row in rows.values()]) if rows else []
    shapes = []
    for shape in view.shapes:
        row = rows.get(shape.code)
        if row is None:
            shapes.append(
                format_html(
                    '<path class="q0" d="{}"><title>{}{}: 数値なし</title></path>',
                    shape.path,
                    shape.prefecture,
                    shape.name,
                )
            )
            continue
        level = 1 + next((i for i, (_, high) in enumerate(classes) if row.rate < high), len(classes) - 1)
        shapes.append(
            format_html(
                '<a href="{}"><title>{}</title><path class="q{}" d="{}"/></a>',
                href(row),
                _title(row, shape.prefecture + shape.name),
                level,
                shape.path,
            )
        )
    frame = f'<path class="inset-frame" d="{view.frame}"/>' if view.frame else ""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="choropleth municipal" '
        f'viewBox="0 0 {view.width} {view.height}" aria-label="{escape(label)}">'
        + frame
        + "".join(shapes)
        + "</svg>"
    )
    legend = [
        LegendItem(colour, f"{low}%以上{high}%未満", f"swatch-{number}")
        for number, (colour, (low, high)) in enumerate(zip(PALETTE, classes, strict=True), start=1)
    ]
    return Choropleth(svg=mark_safe(svg), legend=legend)  # noqa: S308 - every value above is escaped
