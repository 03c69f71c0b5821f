"""Municipal boundaries bundled with kofu (``municipalities.json.xz``) and their projection to SVG.

Made by ``tools/make_municipal_geo.py`` from 国土数値情報（行政区域データ）(国土交通省), 2021-01-01,
through SmartNews Media Research Institute's simplified ``japan-topography`` (see the README in
this folder for the credit and how it was made). One unit per municipality (designated cities
whole), keyed by the 5-digit code (the 6-digit 団体コード without its check digit).

Views: the whole country (coarse arcs, 沖縄県 moved into a box at the top left) and one
prefecture (fine arcs; distant islands of 東京都, 鹿児島県 and 沖縄県 drawn in a band below the
main map at their own scale, one box per group). 南鳥島 and the 硫黄列島 (小笠原村) are left out.
"""

from __future__ import annotations

import json
import lzma
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

Point = tuple[float, float]
WIDTH = 1000
NATIONAL_WIDTH = 2000

#: Distant islands drawn in the band below a prefecture's map, one box per group.
OUTLYING: dict[str, tuple[frozenset[str], ...]] = {
    "13": (
        frozenset({"13361", "13362", "13363", "13364", "13381", "13382", "13401", "13402"}),  # 伊豆諸島
        frozenset({"13421"}),  # 小笠原諸島
    ),
    "46": (  # 十島村 and the 奄美群島
        frozenset(
            {
                "46222",
                "46304",
                "46523",
                "46524",
                "46525",
                "46527",
                "46529",
                "46530",
                "46531",
                "46532",
                "46533",
            }
            | {"46534", "46535"}
        ),
    ),
    "47": (
        frozenset({"47207", "47214", "47375", "47381", "47382"}),  # 先島諸島
        frozenset({"47357", "47358"}),  # 大東諸島
    ),
}
#: The prefecture drawn in a box at the top left of the national map.
NATIONAL_INSET = "47"
#: 小笠原村's rings east of this longitude (南鳥島, 153.98°E) or south of this latitude (the 硫黄列島,
#: 24–25.5°N) are left out: they would stretch every view that holds them for a few dots.
EAST_LIMIT = 146.0
SOUTH_LIMIT = 26.0
OGASAWARA = "13421"


@dataclass(frozen=True)
class Unit:
    code: str  # 5 digits
    prefecture: str
    name: str
    rings: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Geo:
    credit: str
    units: tuple[Unit, ...]
    fine: tuple[tuple[Point, ...], ...]
    coarse: tuple[tuple[Point, ...], ...]


@dataclass(frozen=True)
class Shape:
    code: str  # 5 digits
    prefecture: str
    name: str
    path: str


@dataclass(frozen=True)
class View:
    shapes: tuple[Shape, ...]
    width: int
    height: int
    frame: str  # path of the inset's frame ("" without an inset)
    credit: str


def _decode(arcs: list[list[int]], quantum: float) -> tuple[tuple[Point, ...], ...]:
    decoded = []
    for arc in arcs:
        x = y = 0
        points = []
        for index in range(0, len(arc), 2):
            x += arc[index]
            y += arc[index + 1]
            points.append((x * quantum, y * quantum))
        decoded.append(tuple(points))
    return tuple(decoded)


@lru_cache(maxsize=1)
def geo() -> Geo:
    raw = resources.files("kofu.stats.geo").joinpath("municipalities.json.xz").read_bytes()
    document = json.loads(lzma.decompress(raw))
    units = tuple(
        Unit(u["code"], u["prefecture"], u["name"], tuple(tuple(ring) for ring in u["rings"]))
        for u in document["units"]
    )
    quantum = document["quantum"]
    return Geo(
        document["credit"],
        units,
        _decode(document["arcs"], quantum),
        _decode(document["coarse_arcs"], quantum),
    )


def _ring(arcs: tuple[tuple[Point, ...], ...], refs: tuple[int, ...]) -> list[Point]:
    points: list[Point] = []
    for ref in refs:
        arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _rings(unit: Unit, arcs: tuple[tuple[Point, ...], ...]) -> list[list[Point]]:
    rings = [_ring(arcs, refs) for refs in unit.rings]
    if unit.code == OGASAWARA:
        return [
            ring
            for ring in rings
            if max(lon for lon, _ in ring) < EAST_LIMIT and min(lat for _, lat in ring) > SOUTH_LIMIT
        ]
    return [ring for ring in rings if ring]


@dataclass(frozen=True)
class _Frame:
    """Lon/lat bounds drawn into the box (x0, y0, width, height) of the SVG."""

    west: float
    south: float
    north: float
    kx: float  # cos(latitude): longitude shrink
    scale: float
    x0: float
    y0: float

    def point(self, lon: float, lat: float) -> tuple[int, int]:
        return (
            round(self.x0 + (lon - self.west) * self.kx * self.scale),
            round(self.y0 + (self.north - lat) * self.scale),
        )


def _bounds(rings: list[list[Point]]) -> tuple[float, float, float, float]:
    lons = [lon for ring in rings for lon, _ in ring]
    lats = [lat for ring in rings for _, lat in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _fit(
    rings: list[list[Point]], x0: float, y0: float, width: float, height: float | None
) -> tuple[_Frame, float]:
    """The frame drawing ``rings`` into a box ``width`` wide (and at most ``height`` high)."""
    west, south, east, north = _bounds(rings)
    kx = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * kx, 1e-6)
    span_y = max(north - south, 1e-6)
    scale = width / span_x
    if height is not None:
        scale = min(scale, height / span_y)
    return _Frame(west, south, north, kx, scale, x0, y0), span_y * scale


def _path(rings: list[list[Point]], frame: _Frame) -> str:
    parts = []
    for ring in rings:
        previous: tuple[int, int] | None = None
        commands = []
        for lon, lat in ring:
            x, y = frame.point(lon, lat)
            if previous is None:
                commands.append(f"M{x} {y}")
            elif (x, y) != previous:
                dx, dy = x - previous[0], y - previous[1]
                commands.append(f"l{dx} {dy}".replace(" -", "-"))
            previous = (x, y)
        if len(commands) > 2:
            parts.append("".join(commands) + "z")
    if not parts and rings:  # too small to draw at this scale: a dot, so it can still be found
        x, y = frame.point(*rings[0][0])
        parts.append(f"M{x - 1} {y - 1}h3v3h-3z")
    return "".join(parts)


def _shapes(units: list[Unit], rings: dict[str, list[list[Point]]], frame: _Frame) -> list[Shape]:
    return [Shape(u.code, u.prefecture, u.name, _path(rings[u.code], frame)) for u in units if rings[u.code]]


def _view(
    main: list[Unit],
    insets: list[list[Unit]],
    arcs: tuple[tuple[Point, ...], ...],
    *,
    inset_top_left: bool,
    width: int,
) -> View:
    everything = main + [unit for group in insets for unit in group]
    rings = {u.code: _rings(u, arcs) for u in everything}
    main_rings = [ring for u in main for ring in rings[u.code]]
    frame, height = _fit(main_rings, 0, 0, width, None)
    shapes = _shapes(main, rings, frame)
    outlines = []
    margin = 10
    if inset_top_left and insets:
        box_w, box_h = width * 0.3, height * 0.22
        group = insets[0]
        inner, inner_h = _fit(
            [r for u in group for r in rings[u.code]], margin, margin, box_w - 2 * margin, box_h - 2 * margin
        )
        outlines.append(f"M0 0H{box_w:.0f}V{inner_h + 2 * margin:.0f}H0z")
        shapes += _shapes(group, rings, inner)
    elif insets:
        top = height + margin
        cell = width / len(insets)
        band = 0.0
        for index, group in enumerate(insets):
            left = index * cell
            inner, inner_h = _fit(
                [r for u in group for r in rings[u.code]],
                left + margin,
                top + margin,
                cell - 2 * margin,
                height * 0.4,
            )
            band = max(band, inner_h + 2 * margin)
            shapes += _shapes(group, rings, inner)
        for index in range(len(insets)):
            left = index * cell
            outlines.append(f"M{left:.0f} {top:.0f}H{left + cell:.0f}V{top + band:.0f}H{left:.0f}z")
        height = top + band
    return View(tuple(shapes), width, math.ceil(height), "".join(outlines), geo().credit)


@lru_cache(maxsize=1)
def national_view() -> View:
    """Every municipality, coarse outlines, 沖縄県 in a box at the top left."""
    data = geo()
    main = [u for u in data.units if not u.code.startswith(NATIONAL_INSET)]
    inset = [u for u in data.units if u.code.startswith(NATIONAL_INSET)]
    return _view(main, [inset], data.coarse, inset_top_left=True, width=NATIONAL_WIDTH)


@lru_cache(maxsize=47)
def prefecture_view(prefecture_code: str) -> View:
    """The municipalities of one prefecture (2-digit code), distant islands in a band below."""
    data = geo()
    members = [u for u in data.units if u.code.startswith(prefecture_code)]
    groups = OUTLYING.get(prefecture_code, ())
    outlying = frozenset().union(*groups)
    main = [u for u in members if u.code not in outlying]
    insets = [[u for u in members if u.code in group] for group in groups]
    return _view(main, insets, data.fine, inset_top_left=False, width=WIDTH)
