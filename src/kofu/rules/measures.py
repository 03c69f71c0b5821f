"""What a snapshot counts: cards issued (交付枚数) or cards held (保有枚数).

Until June 2023 the ministry published the cumulative number of cards issued. From the figures
as of 2023-06-30 (published in July 2023) the headline is the number of cards held: issued minus
cards void through death, expiry or return (93,060,433 issued against 88,155,973 held on
2023-06-30). The two are different quantities: a series never joins them silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Measure(StrEnum):
    ISSUED = "issued"
    HELD = "held"


@dataclass(frozen=True)
class MeasureLabels:
    count: str  # 交付枚数
    rate: str  # 人口に対する交付枚数率
    short_rate: str  # 交付率
    unit_verb: str  # 交付 (for 「交付枚数基準日」)


LABELS: dict[Measure, MeasureLabels] = {
    Measure.ISSUED: MeasureLabels("交付枚数", "人口に対する交付枚数率", "交付率", "交付"),
    Measure.HELD: MeasureLabels("保有枚数", "人口に対する保有枚数率", "保有率", "保有"),
}


def labels(measure: str) -> MeasureLabels:
    return LABELS[Measure(measure)]


def breaks_between(before: str, after: str) -> bool:
    """Whether two consecutive points of a series count different things (a break in the series)."""
    return Measure(before) is not Measure(after)
