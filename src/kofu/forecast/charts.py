"""Charts of the forecast pages, drawn with matplotlib (Agg) and embedded as ``data:`` PNG.

Each page shows the same figures in a table beside the chart. Fonts: IPAexGothic through the
statistics app's charts (japanize-matplotlib). Every chart is drawn twice (ADR 0031): 800 px wide
for screens and narrow for phones (380 CSS px at twice the density, title wrapped, a one-column
legend above the axes, fewer date ticks), returned together as :class:`Drawn`; the page chooses
with ``<picture><source media="(max-width: 40rem)" srcset="… 2x">``, so a 390 px phone shows the
narrow chart unscaled instead of shrinking the 13 pt title to 6 px.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, date2num
from matplotlib.figure import Figure

from kofu.stats.charts import ABOVE, BELOW, FONT, NARROW_DPI, NARROW_INCHES, NATIONAL, wrapped

DPI = 100
#: The phone chart's height in inches (460 CSS px at 2×: wrapped title, legend, axes).
NARROW_HEIGHT = 4.6


@dataclass(frozen=True)
class Drawn:
    """One chart in both sizes as ``data:`` PNG URIs: ``wide`` (800 px) and ``phone`` (380 CSS px
    drawn at 2×, for ``<source media="(max-width: 40rem)" srcset="… 2x">``)."""

    wide: str
    phone: str


def _both(draw: Callable[[bool], str]) -> Drawn:
    return Drawn(wide=draw(False), phone=draw(True))


def _figure(height: float, narrow: bool) -> Figure:
    if narrow:
        return Figure(figsize=(NARROW_INCHES, NARROW_HEIGHT), layout="constrained")
    return Figure(figsize=(8, height), layout="constrained")


def _data_uri(figure: Figure, narrow: bool = False) -> str:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=NARROW_DPI if narrow else DPI)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _days(ax: Axes, days: Iterable[dt.date]) -> list[float]:
    """The x positions of ``days`` on ``ax``, made a date axis: matplotlib's day numbers, what its
    unit converter would make of the dates (its type hints take numbers only; as the stats charts'
    ``_day``). ``xaxis_date`` gives the axis the converter's date ticks, as plotting dates would
    (no dates, no date axis: the converter is chosen by the first value)."""
    # matplotlib.dates carries no annotations.
    numbers = [float(date2num(day)) for day in days]  # type: ignore[no-untyped-call]
    if numbers:
        ax.xaxis_date()
    return numbers


def _style(ax: Axes, title: str, ylabel: str, narrow: bool = False) -> None:
    if narrow:  # the title over the figure's width, the legend in one column under it
        ax.figure.suptitle(wrapped(title), fontproperties=FONT, fontsize=12, x=0.02, ha="left")
        # matplotlib.dates carries no annotations.
        locator = AutoDateLocator(minticks=2, maxticks=5)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
    else:
        ax.set_title(title, fontproperties=FONT, fontsize=13, loc="left")
    ax.set_ylabel(ylabel, fontproperties=FONT)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="both", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_fontproperties(FONT)
    handles, _ = ax.get_legend_handles_labels()
    if narrow:
        ax.legend(prop=FONT, loc="lower left", bbox_to_anchor=(0, 1), ncol=1, frameon=False)
    else:
        ax.legend(
            prop=FONT, loc="lower right", bbox_to_anchor=(1, 1), ncol=max(1, len(handles)), frameon=False
        )


def rate_chart(
    published: Sequence[tuple[dt.date, float]],
    forecast: Sequence[tuple[dt.date, float, float, float]],
    *,
    title: str,
    lines: Sequence[tuple[str, float]] = (),
) -> Drawn:
    """Published rates (solid), the forecast (dashed) and its 80 % interval (shaded)."""
    return _both(lambda narrow: _rate(published, forecast, title=title, lines=lines, narrow=narrow))


def _rate(
    published: Sequence[tuple[dt.date, float]],
    forecast: Sequence[tuple[dt.date, float, float, float]],
    *,
    title: str,
    lines: Sequence[tuple[str, float]],
    narrow: bool,
) -> str:
    figure = _figure(4, narrow)
    ax = figure.add_subplot()
    if published:
        ax.plot(
            _days(ax, (p[0] for p in published)),
            [p[1] for p in published],
            color=ABOVE,
            marker="o",
            markersize=3,
            linewidth=2,
            label="公表値",
        )
    if forecast:
        start = [published[-1]] if published else []
        ax.plot(
            _days(ax, [p[0] for p in start] + [f[0] for f in forecast]),
            [p[1] for p in start] + [f[1] for f in forecast],
            color=BELOW,
            linestyle="--",
            linewidth=2,
            label="予測",
        )
        ax.fill_between(
            _days(ax, (f[0] for f in forecast)),
            [f[2] for f in forecast],
            [f[3] for f in forecast],
            color=BELOW,
            alpha=0.2,
            label="80％区間",
        )
    for label, value in lines:
        ax.axhline(value, color=NATIONAL, linestyle=":", linewidth=1.2, label=label)
    _style(ax, title, "交付率（％）", narrow)
    return _data_uri(figure, narrow)


def renewals_chart(
    months: Sequence[dt.date], cards: Sequence[int], certificates: Sequence[int], *, title: str
) -> Drawn:
    """Stacked monthly bars: card renewals and certificate renewals."""
    return _both(lambda narrow: _renewals(months, cards, certificates, title=title, narrow=narrow))


def _renewals(
    months: Sequence[dt.date], cards: Sequence[int], certificates: Sequence[int], *, title: str, narrow: bool
) -> str:
    figure = _figure(3.8, narrow)
    ax = figure.add_subplot()
    days = _days(ax, months)
    ax.bar(days, cards, width=25, color=ABOVE, label="カードの更新")
    ax.bar(
        days,
        certificates,
        width=25,
        bottom=cards,
        color=BELOW,
        hatch="///",
        edgecolor="white",
        label="電子証明書の更新",
    )
    _style(ax, title, "件数（月）", narrow)
    return _data_uri(figure, narrow)


def capacity_chart(
    months: Sequence[dt.date], load: Sequence[int], capacity: Sequence[int | None], *, title: str
) -> Drawn:
    """The monthly load (new cards + renewals in new-card equivalents) against window capacity."""
    return _both(lambda narrow: _capacity(months, load, capacity, title=title, narrow=narrow))


def _capacity(
    months: Sequence[dt.date],
    load: Sequence[int],
    capacity: Sequence[int | None],
    *,
    title: str,
    narrow: bool,
) -> str:
    figure = _figure(3.8, narrow)
    ax = figure.add_subplot()
    days = _days(ax, months)
    ax.bar(days, load, width=25, color=ABOVE, label="必要な処理量（新規換算）")
    known = [(m, c) for m, c in zip(days, capacity, strict=True) if c is not None]
    if known:
        ax.step(
            [m for m, _ in known],
            [c for _, c in known],
            where="mid",
            color=BELOW,
            linewidth=2,
            label="窓口の処理能力",
        )
    _style(ax, title, "枚数（新規換算・月）", narrow)
    return _data_uri(figure, narrow)
