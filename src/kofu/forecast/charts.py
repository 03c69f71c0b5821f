"""Charts of the forecast pages, drawn with matplotlib (Agg) and embedded as ``data:`` PNG.

Each page shows the same figures in a table beside the chart. Fonts: IPAexGothic through the
statistics app's charts (japanize-matplotlib).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from kofu.stats.charts import ABOVE, BELOW, FONT, NATIONAL

DPI = 100


def _data_uri(figure: Figure) -> str:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=DPI)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _style(ax: Axes, title: str, ylabel: str) -> None:
    ax.set_title(title, fontproperties=FONT, fontsize=13, loc="left")
    ax.set_ylabel(ylabel, fontproperties=FONT)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="both", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_fontproperties(FONT)
    handles, _ = ax.get_legend_handles_labels()
    ax.legend(prop=FONT, loc="lower right", bbox_to_anchor=(1, 1), ncol=max(1, len(handles)), frameon=False)


def rate_chart(
    published: Sequence[tuple[dt.date, float]],
    forecast: Sequence[tuple[dt.date, float, float, float]],
    *,
    title: str,
    lines: Sequence[tuple[str, float]] = (),
) -> str:
    """Published rates (solid), the forecast (dashed) and its 80 % interval (shaded)."""
    figure = Figure(figsize=(8, 4), layout="constrained")
    ax = figure.add_subplot()
    if published:
        ax.plot(
            [p[0] for p in published],
            [p[1] for p in published],
            color=ABOVE,
            marker="o",
            markersize=3,
            linewidth=2,
            label="公表値",
        )
    if forecast:
        start = [published[-1]] if published else []
        days = [p[0] for p in start] + [f[0] for f in forecast]
        ax.plot(
            days,
            [p[1] for p in start] + [f[1] for f in forecast],
            color=BELOW,
            linestyle="--",
            linewidth=2,
            label="予測",
        )
        ax.fill_between(
            [f[0] for f in forecast],
            [f[2] for f in forecast],
            [f[3] for f in forecast],
            color=BELOW,
            alpha=0.2,
            label="80％区間",
        )
    for label, value in lines:
        ax.axhline(value, color=NATIONAL, linestyle=":", linewidth=1.2, label=label)
    _style(ax, title, "交付率（％）")
    return _data_uri(figure)


def renewals_chart(
    months: Sequence[dt.date], cards: Sequence[int], certificates: Sequence[int], *, title: str
) -> str:
    """Stacked monthly bars: card renewals and certificate renewals."""
    figure = Figure(figsize=(8, 3.8), layout="constrained")
    ax = figure.add_subplot()
    ax.bar(months, cards, width=25, color=ABOVE, label="カードの更新")
    ax.bar(
        months,
        certificates,
        width=25,
        bottom=cards,
        color=BELOW,
        hatch="///",
        edgecolor="white",
        label="電子証明書の更新",
    )
    _style(ax, title, "件数（月）")
    return _data_uri(figure)


def capacity_chart(
    months: Sequence[dt.date], load: Sequence[int], capacity: Sequence[int | None], *, title: str
) -> str:
    """The monthly load (new cards + renewals in new-card equivalents) against window capacity."""
    figure = Figure(figsize=(8, 3.8), layout="constrained")
    ax = figure.add_subplot()
    ax.bar(months, load, width=25, color=ABOVE, label="必要な処理量（新規換算）")
    known = [(m, c) for m, c in zip(months, capacity, strict=True) if c is not None]
    if known:
        ax.step(
            [m for m, _ in known],
            [c for _, c in known],
            where="mid",
            color=BELOW,
            linewidth=2,
            label="窓口の処理能力",
        )
    _style(ax, title, "枚数（新規換算・月）")
    return _data_uri(figure)
