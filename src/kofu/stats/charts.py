"""Charts drawn server-side as PNG with matplotlib (Agg, no pyplot state, nothing on disk).

Each chart comes in two sizes: 800 px wide for screens, and ``narrow`` for phones (ADR 0031):
380 CSS px wide drawn at twice the density (760 px, for the phones' 2× screens), its title
wrapped and its text at the same CSS size as the wide chart's, so a 390 px phone shows it
unscaled instead of shrinking 12 pt text to 6 px. Pages choose with ``<picture>``.

Japanese labels use IPAexGothic, bundled with japanize-matplotlib. Each function takes plain
data from the selectors and returns PNG bytes; pages show the same data in a table. Every chart
names its measure and dates in its title and its source in a note at the bottom.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.artist import Artist  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.dates import AutoDateLocator, date2num, num2date  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

with warnings.catch_warnings():
    # japanize-matplotlib 1.1.3 still compares versions with distutils' LooseVersion.
    warnings.simplefilter("ignore", DeprecationWarning)
    import japanize_matplotlib  # noqa: E402

from kofu.stats.tables import TableRow  # noqa: E402

FONT = FontProperties(fname=japanize_matplotlib.get_font_ttf_path())
SMALL = FontProperties(fname=japanize_matplotlib.get_font_ttf_path(), size=7.5)
ABOVE = "#1f5fa8"
BELOW = "#b45309"
NATIONAL = "#444444"
TARGET = "#15803d"
DPI = 100
#: The phone chart: inches wide and drawing density (380 CSS px at 2×).
NARROW_INCHES = 3.8
NARROW_DPI = 200
#: Full-width characters of a 12 pt title line on the phone chart.
NARROW_TITLE = 22


@dataclass(frozen=True)
class Point:
    as_of: dt.date
    rate: Decimal
    measure: str = "issued"


@dataclass(frozen=True)
class TargetLine:
    """A goal drawn on a series chart: ``percent`` by ``deadline``, with the cards still needed."""

    deadline: dt.date
    percent: int
    label: str


def _png(figure: Figure, *, narrow: bool = False) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=NARROW_DPI if narrow else DPI)
    return buffer.getvalue()


def wrapped(title: str, width: int = NARROW_TITLE) -> str:
    """``title`` cut into lines of ``width`` characters, after a closing bracket or 、 where one is near."""
    lines: list[str] = []
    rest = title
    while len(rest) > width:
        comma = rest.rfind("、", width // 2, width - 1) + 1  # keep 、 at the line's end
        bracket = rest.rfind("（", width // 2, width)  # start the next line with （
        cut = max(comma, bracket)
        cut = cut if cut > 0 else width
        while cut < len(rest) and rest[cut] in "、。）」":  # never start a line with these
            cut += 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    return "\n".join([*lines, rest])


def _day(day: dt.date) -> float:
    """The x position of ``day`` on a date axis (matplotlib's day number: what its unit converter
    would make of the date; its type hints take numbers only)."""
    # matplotlib.dates carries no annotations.
    return float(date2num(day))  # type: ignore[no-untyped-call]


def _style(ax: Axes, title: str) -> None:
    ax.set_title(title, fontproperties=FONT, fontsize=12, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="both", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_fontproperties(FONT)


def _source(figure: Figure, source: str, *, narrow: bool = False) -> None:
    if source:
        text = wrapped(f"出典: {source}", 34) if narrow else f"出典: {source}"
        figure.text(0.01, 0.005, text, fontproperties=SMALL, color="#555555", va="bottom")


def _ranking_inches(count: int, narrow: bool = False) -> tuple[float, float]:
    if narrow:
        return NARROW_INCHES, max(4.0, 0.26 * count + 2.4)
    return 8.0, max(4.0, 0.22 * count + 1.7)


def ranking_size(count: int, *, narrow: bool = False) -> tuple[int, int]:
    """CSS pixel size of :func:`prefecture_ranking` for ``count`` rows (for ``<img width height>``)."""
    width, height = _ranking_inches(count, narrow)
    return round(width * DPI), int(height * DPI)


def prefecture_ranking(
    rows: list[TableRow],
    *,
    national_rate: Decimal | None,
    title: str,
    rate_label: str = "人口に対する交付枚数率",
    source: str = "",
    narrow: bool = False,
) -> bytes:
    """Horizontal bars, highest rate on top; bars at or below the average in a second colour, hatched.

    Laid out with fixed margins (no constrained layout) and the bar values drawn as one text
    per bar: about half the time of the former layout.
    """
    ordered = sorted(rows, key=lambda row: row.rank or 0)
    width, height = _ranking_inches(len(ordered), narrow)
    figure = Figure(figsize=(width, height))
    if narrow:
        title = wrapped(title)
        figure.subplots_adjust(left=0.2, right=0.95, top=1 - 1.1 / height, bottom=1.55 / height)
    else:
        figure.subplots_adjust(left=0.12, right=0.97, top=1 - 0.55 / height, bottom=0.75 / height)
    ax = figure.add_subplot()
    names = [row.name for row in ordered]
    rates = [float(row.rate) for row in ordered]
    colours = [BELOW if row.at_or_below_average else ABOVE for row in ordered]
    hatches = ["///" if row.at_or_below_average else "" for row in ordered]
    bars = ax.barh(names, rates, color=colours, height=0.7, hatch=hatches, edgecolor="white", linewidth=0)
    ax.bar_label(bars, labels=[f"{row.rate}" for row in ordered], padding=3, fontproperties=SMALL)
    ax.set_ylim(len(ordered) - 0.5, -0.5)
    ax.set_xlim(0, max(rates + [1.0]) * 1.1)
    ax.set_xlabel(f"{rate_label}（%）", fontproperties=FONT)
    ax.tick_params(axis="y", labelsize=9)
    _style(ax, title)
    handles: list[Artist] = [
        Patch(facecolor=ABOVE, label="全国平均より上"),
        Patch(facecolor=BELOW, hatch="///", edgecolor="white", label="全国平均以下"),
    ]
    if national_rate is not None:
        handles.insert(
            0,
            ax.axvline(
                float(national_rate),
                color=NATIONAL,
                linestyle="--",
                linewidth=1.2,
                label=f"全国平均 {national_rate}%",
            ),
        )
    if narrow:  # below the axis, where it hides no bar
        figure.legend(handles=handles, prop=FONT, loc="lower left", bbox_to_anchor=(0.01, 0.2 / height))
    else:
        ax.legend(handles=handles, prop=FONT, loc="lower right", framealpha=0.95)
    _source(figure, source, narrow=narrow)
    return _png(figure, narrow=narrow)


def _month_label(value: float, _position: int) -> str:
    # matplotlib.dates carries no annotations.
    date: dt.datetime = num2date(value)  # type: ignore[no-untyped-call]
    return f"{date.year}年{date.month}月" if date.day == 1 else f"{date.year}年{date.month}月{date.day}日"


def _month_label_narrow(value: float, position: int) -> str:
    """The phone chart's date ticks on two lines (year, then month), so five fit side by side."""
    return _month_label(value, position).replace("年", "年\n", 1)


def _segments(points: list[Point]) -> list[list[Point]]:
    """Runs of points that count the same thing (a change of measure starts a new run)."""
    runs: list[list[Point]] = []
    for point in points:
        if not runs or runs[-1][-1].measure != point.measure:
            runs.append([])
        runs[-1].append(point)
    return runs


def time_series(
    series: list[tuple[str, list[Point]]],
    *,
    title: str,
    rate_label: str = "交付率",
    source: str = "",
    target: TargetLine | None = None,
    narrow: bool = False,
) -> bytes:
    """One line per named series (the first solid with markers, the others dashed).

    A change of measure (交付枚数 → 保有枚数) breaks every line and is marked; ``target`` adds the
    goal as a horizontal line up to its deadline.
    """
    if narrow:
        title = wrapped(title)
        figure = Figure(figsize=(NARROW_INCHES, 4.6))
    else:
        figure = Figure(figsize=(8, 4.2))
        figure.subplots_adjust(left=0.08, right=0.98, top=0.84, bottom=0.17)
    ax = figure.add_subplot()
    styles: list[dict[str, Any]] = [
        {"color": ABOVE, "linestyle": "-", "marker": "o", "markersize": 3.5, "linewidth": 2},
        {"color": NATIONAL, "linestyle": "--", "linewidth": 1.5},
    ]
    plotted = False
    for index, (label, points) in enumerate(series):
        style = styles[min(index, len(styles) - 1)]
        for run_index, run in enumerate(_segments(points)):
            plotted = True
            ax.plot(
                [_day(point.as_of) for point in run],
                [float(point.rate) for point in run],
                label=label if run_index == 0 else None,
                **style,
            )
    dates = sorted({point.as_of for _, points in series for point in points})
    first_series = series[0][1] if series else []
    for before, after in zip(first_series, first_series[1:], strict=False):
        if before.measure != after.measure:
            ax.axvline(
                _day(after.as_of),
                color="#7c3aed",
                linestyle=":",
                linewidth=1.2,
                label="保有枚数に変更（つながない）",
            )
    if target is not None and dates:
        ax.hlines(
            target.percent,
            _day(dates[0]),
            _day(target.deadline),
            colors=TARGET,
            linestyles="-.",
            linewidth=1.4,
            label=target.label,
        )
        ax.axvline(_day(target.deadline), color=TARGET, linestyle=":", linewidth=1)
        dates.append(target.deadline)
    ax.set_ylabel(f"{rate_label}（%）", fontproperties=FONT)
    ax.set_ylim(bottom=0, top=105 if target is not None else None)
    if len(dates) == 1:  # one snapshot: give the axis a range around it
        ax.set_xlim(_day(dates[0] - dt.timedelta(days=45)), _day(dates[0] + dt.timedelta(days=45)))
    if 0 < len(dates) <= (2 if narrow else 6):
        ax.set_xticks([_day(d) for d in dates], [f"{d.year}年{d.month}月{d.day}日" for d in dates])
    else:
        # matplotlib.dates carries no annotations.
        locator = AutoDateLocator(minticks=2, maxticks=5 if narrow else 8)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(FuncFormatter(_month_label_narrow if narrow else _month_label))
    if plotted:
        ax.legend(
            prop=SMALL, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=1 if narrow else 2, frameon=False
        )
    if narrow:  # room above the axes for the wrapped title and the one-column legend, below for the source
        entries = len(ax.get_legend_handles_labels()[1])
        top = (0.12 + 0.24 * (title.count("\n") + 1) + 0.16 * entries) / 4.6
        bottom = (0.6 + 0.15 * (wrapped(f"出典: {source}", 34).count("\n") + 1 if source else 0)) / 4.6
        figure.subplots_adjust(left=0.15, right=0.95, top=1 - top, bottom=bottom)
    else:
        ax.text(
            0.5,
            0.5,
            "数値がありません",
            ha="center",
            va="center",
            transform=ax.transAxes,
            fontproperties=FONT,
        )
    _style(ax, "")
    figure.suptitle(title, fontproperties=FONT, fontsize=12, x=0.01, y=0.99, ha="left", va="top")
    _source(figure, source, narrow=narrow)
    return _png(figure, narrow=narrow)
