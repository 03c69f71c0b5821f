"""Make the municipal boundaries kofu bundles for its choropleth maps (``src/kofu/stats/geo/``).

Usage (from the repository root)::

    python tools/make_municipal_geo.py [--tolerance 0.003] [--source ../shared/data/geo/…/N03-21_210101_designated_city.json]

Input: SmartNews Media Research Institute's ``japan-topography`` TopoJSON of 国土数値情報（行政区域
データ）N03, 2021-01-01 edition, simplified to 1 % (``s0010``), designated cities merged into one
unit each (see ../shared/data/SOURCES.md). Output: ``municipalities.json``, a smaller topology:

* every arc simplified with Douglas–Peucker at ``--tolerance`` degrees (about 300 m, for maps of
  one prefecture) and again at ``--coarse`` degrees (about 2 km, for the map of the whole country);
  the arcs are shared between neighbours, so borders stay common; closed arcs keep at least 3
  distinct points;
* coordinates quantised to ``QUANTUM`` degrees and delta-encoded, as in TopoJSON;
* one unit per municipality: 5-digit code (N03_007, the 6-digit code without its check digit),
  prefecture, name, and its rings as lists of arc indices (``~i``: arc ``i`` reversed). The 6
  北方領土 villages are kept (drawn without figures); the 4 所属未定地 (no code) are dropped.

Written by this script only, never by hand; the credit the 国土数値情報 terms ask for is stored in
the file and shown under every map.
"""

from __future__ import annotations

import argparse
import json
import lzma
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared/data/geo/japan-topography/topojson/s0010/N03-21_210101_designated_city.json"
OUT = ROOT / "src" / "kofu" / "stats" / "geo" / "municipalities.json.xz"
QUANTUM = 0.0005  # degrees (about 50 m)
CREDIT = (
    "「国土数値情報（行政区域データ）」（国土交通省）を加工して作成"
    "（令和3年1月1日時点。SmartNews Media Research Institute「japan-topography」の簡略化データを基に、"
    "kofu の tools/make_municipal_geo.py でさらに簡略化）"
)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _distance(point, start, end) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker (iterative); a closed arc keeps its two farthest-apart extra points."""
    if len(points) <= 2:
        return points
    keep = {0, len(points) - 1}
    closed = points[0] == points[-1]
    if closed:
        far = max(range(1, len(points) - 1), key=lambda i: _distance(points[i], points[0], points[0]))
        keep.add(far)
        stack = [(0, far), (far, len(points) - 1)]
        # a third point, so a ring never collapses into a line
        second = max(
            (i for i in range(1, len(points) - 1) if i != far),
            key=lambda i: _distance(points[i], points[0], points[far]),
            default=None,
        )
        if second is not None:
            keep.add(second)
    else:
        stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        index = max(range(first + 1, last), key=lambda i: _distance(points[i], points[first], points[last]))
        if _distance(points[index], points[first], points[last]) > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [points[i] for i in sorted(keep)]


def quantise(points: list[tuple[float, float]]) -> list[int]:
    flat: list[int] = []
    px = py = 0
    previous = None
    for lon, lat in points:
        x, y = round(lon / QUANTUM), round(lat / QUANTUM)
        if (x, y) == previous:
            continue
        flat += [x - px, y - py]
        px, py, previous = x, y, (x, y)
    if len(flat) == 2:  # an arc quantised to one point: keep it as a zero-length arc
        flat += [0, 0]
    return flat


def rings(geometry: dict) -> list[list[int]]:
    if geometry["type"] == "Polygon":
        return geometry["arcs"]
    return [ring for polygon in geometry["arcs"] for ring in polygon]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--tolerance", type=float, default=0.003)
    parser.add_argument("--coarse", type=float, default=0.02)
    args = parser.parse_args()
    topology = json.loads(args.source.read_text(encoding="utf-8"))
    decoded = decode_arcs(topology)
    arcs = [quantise(simplify(arc, args.tolerance)) for arc in decoded]
    coarse = [quantise(simplify(arc, args.coarse)) for arc in decoded]
    units = []
    for geometry in topology["objects"]["N03-21_210101"]["geometries"]:
        props = geometry["properties"]
        code = props["N03_007"]
        if not code:
            continue  # 所属未定地
        name = props["N03_004"] or props["N03_003"]
        units.append({"code": code, "prefecture": props["N03_001"], "name": name, "rings": rings(geometry)})
    units.sort(key=lambda unit: unit["code"])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "credit": CREDIT,
        "source": "国土数値情報（行政区域データ）N03-21_210101 / smartnews-smri/japan-topography b403e71e",
        "quantum": QUANTUM,
        "tolerance": args.tolerance,
        "coarse_tolerance": args.coarse,
        "arcs": arcs,
        "coarse_arcs": coarse,
        "units": units,
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    # A fixed xz preset and no timestamp in the stream: the same input gives the same bytes.
    OUT.write_bytes(lzma.compress(text.encode("utf-8"), preset=9))
    points = sum(len(a) // 2 for a in arcs)
    coarse_points = sum(len(a) // 2 for a in coarse)
    print(
        f"{OUT.relative_to(ROOT)}: {len(units)} units, {len(arcs)} arcs, {points} points "
        f"({coarse_points} coarse), {len(text):,} bytes of JSON, {OUT.stat().st_size:,} bytes compressed"
    )


if __name__ == "__main__":
    main()
