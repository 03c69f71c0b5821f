"""Charts drawn server-side as PNG with matplotlib (Agg, no pyplot state, nothing on disk).

Japanese labels use IPAexGothic, bundled with japanize-matplotlib. Each function takes plain
data from the selectors and returns PNG bytes; pages show the same data in a table.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from dataclasses import dataclass
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.dates import AutoDateLocator, num2date  # noqa: E402
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
ABOVE = "#1f5fa8"
BELOW = "#b45309"
NATIONAL = "#444444"
DPI = 100


@dataclass(frozen=True)
class Point:
    as_of: dt.date
    rate: Decimal


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _style(ax, title: str) -> None:  # type: ignore[no-untyped-def]
    ax.set_title(title, fontproperties=FONT, fontsize=13, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="both", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_fontproperties(FONT)


def _ranking_inches(count: int) -> tuple[float, float]:
    return 8.0, max(4.0, 0.22 * count + 1.4)


def ranking_size(count: int) -> tuple[int, int]:
    """Pixel size of :func:`prefecture_ranking` for ``count`` rows (for ``<img width height>``)."""
    width, height = _ranking_inches(count)
    return round(width * DPI), int(height * DPI)


def prefecture_ranking(rows: list[TableRow], *, national_rate: Decimal | None, title: str) -> bytes:
    """Horizontal bars, highest rate on top; below-average bars in a second colour and hatched."""
    ordered = sorted(rows, key=lambda row: row.rank or 0)
    figure = Figure(figsize=_ranking_inches(len(ordered)), layout="constrained")
    ax = figure.add_subplot()
    names = [row.name for row in ordered]
    rates = [float(row.rate) for row in ordered]
    colours = [BELOW if row.below_average else ABOVE for row in ordered]
    bars = ax.barh(names, rates, color=colours, height=0.7)
    for bar, row in zip(bars, ordered, strict=True):
        if row.below_average:
            bar.set_hatch("///")
            bar.set_edgecolor("white")
        ax.annotate(
            f"{row.rate}",
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
            fontproperties=FONT,
        )
    ax.invert_yaxis()
    ax.set_ylim(len(ordered) - 0.5, -0.5)
    ax.set_xlim(0, max(rates + [1.0]) * 1.1)
    ax.set_xlabel("人口に対する交付枚数率（%）", fontproperties=FONT)
    ax.tick_params(axis="y", labelsize=9)
    _style(ax, title)
    handles = [
        Patch(facecolor=ABOVE, label="全国平均以上"),
        Patch(facecolor=BELOW, hatch="///", edgecolor="white", label="全国平均未満"),
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
    ax.legend(handles=handles, prop=FONT, loc="lower right", framealpha=0.95)
    return _png(figure)


def _month_label(value: float, _position: int) -> str:
    date = num2date(value)
    return f"{date.year}年{date.month}月" if date.day == 1 else f"{date.year}年{date.month}月{date.day}日"


def time_series(series: list[tuple[str, list[Point]]], *, title: str) -> bytes:
    """One line per named series (the first solid with markers, the others dashed)."""
    figure = Figure(figsize=(8, 4.2), layout="constrained")
    ax = figure.add_subplot()
    styles = [
        {"color": ABOVE, "linestyle": "-", "marker": "o", "markersize": 3.5, "linewidth": 2},
        {"color": NATIONAL, "linestyle": "--", "linewidth": 1.5},
    ]
    plotted = False
    for index, (label, points) in enumerate(series):
        if not points:
            continue
        plotted = True
        ax.plot(
            [point.as_of for point in points],
            [float(point.rate) for point in points],
            label=label,
            **styles[min(index, len(styles) - 1)],
        )
    ax.set_ylabel("交付率（%）", fontproperties=FONT)
    ax.set_ylim(bottom=0)
    dates = sorted({point.as_of for _, points in series for point in points})
    if len(dates) == 1:  # one snapshot: give the axis a range around it
        ax.set_xlim(dates[0] - dt.timedelta(days=45), dates[0] + dt.timedelta(days=45))
    if 0 < len(dates) <= 6:
        ax.set_xticks(dates, [f"{d.year}年{d.month}月{d.day}日" for d in dates])
    else:
        ax.xaxis.set_major_locator(AutoDateLocator(maxticks=8))
        ax.xaxis.set_major_formatter(FuncFormatter(_month_label))
    if plotted:
        ax.legend(prop=FONT, loc="lower right", bbox_to_anchor=(1, 1), ncol=len(series), frameon=False)
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
    _style(ax, title)
    return _png(figure)
