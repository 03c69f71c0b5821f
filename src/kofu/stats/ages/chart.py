"""The age pyramid: the rate of each age band, men to the left and women to the right."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from kofu.rules.measures import labels
from kofu.stats.ages.tables import AgeTable
from kofu.stats.charts import FONT, NARROW_INCHES, _png, _source, _style, wrapped

MALE = "#1f5fa8"
FEMALE = "#b45309"


def pyramid(table: AgeTable, *, narrow: bool = False) -> bytes:
    """PNG: one bar per age band and sex, the rate in percent (men left, women right); ``narrow``:
    the phone size of :mod:`kofu.stats.charts` (380 CSS px at 2×, title wrapped)."""
    bands = table.bands()
    rows = {(row.age, row.sex): row for row in table.rows}
    male = [-float(rows[(age, "male")].rate) for age in bands]
    female = [float(rows[(age, "female")].rate) for age in bands]
    height = max(4.0, 0.28 * len(bands) + 1.8)
    figure = Figure(figsize=(NARROW_INCHES, height + 0.8) if narrow else (8.0, height))
    ax = figure.add_subplot(1, 1, 1)
    positions = list(range(len(bands)))
    ax.barh(positions, male, color=MALE, label="男")
    ax.barh(positions, female, color=FEMALE, label="女")
    ax.set_yticks(positions, bands)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{abs(value):.0f}%"))
    ax.axvline(0, color="#444444", linewidth=0.8)
    names = labels(table.measure)
    title = (
        f"男女・年齢別の{names.rate}（{table.as_of:%Y-%m-%d}時点、人口は{table.population_base:%Y-%m-%d}）"
    )
    _style(ax, wrapped(title) if narrow else title)
    ax.legend(prop=FONT, loc="lower right")
    _source(figure, table.source, narrow=narrow)
    figure.tight_layout(rect=(0, 0.08 if narrow else 0.03, 1, 1))
    return _png(figure, narrow=narrow)
