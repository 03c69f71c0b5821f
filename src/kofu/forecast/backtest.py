"""Scoring the forecast on months already imported after ``--until`` (beside the baseline).

The baseline carries each municipality's last monthly increase in cards forward and divides by
its latest population. Scored: municipalities whose published figures exist at the month end
(rates as published: issued ÷ that month's population), MAE in points and the share of published
rates inside the 80 % interval.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from kofu.forecast import issuance, selectors
from kofu.rules import forecast as rules
from kofu.rules.calendar import YearMonth
from kofu.rules.forecast_calibration import Score, score


@dataclass(frozen=True)
class Backtest:
    until: dt.date
    last_month: YearMonth
    #: One score per horizon whose month end was published; months without figures are listed.
    scores: tuple[tuple[YearMonth, Score], ...]
    unpublished: tuple[YearMonth, ...]
    nation: tuple[tuple[YearMonth, float, float, float], ...]  # month, forecast, baseline, published


def _published_columns(history: selectors.IssuanceHistory, until: dt.date) -> dict[dt.date, int]:
    return {rules.effective_day(d): i for i, d in enumerate(history.as_of) if d > until}


def run(until: dt.date, horizon: int) -> Backtest:
    forecast = issuance.build(until, horizon, kinds=("nation", "municipality"))
    known = selectors.issuance_history(until)
    level = issuance.levels(known)["municipality"]
    last_month = level.grid.months[-1]
    steps = [m.ordinal - last_month.ordinal for m in forecast.months]
    base_values = rules.baseline(level.grid, max(steps))
    everything = selectors.issuance_history(None)
    published = _published_columns(everything, until)
    row_of = {a.code: i for i, a in enumerate(everything.areas)}
    codes = [u.code for u in level.units]
    by_code = forecast.by_code()
    scores: list[tuple[YearMonth, Score]] = []
    unpublished: list[YearMonth] = []
    nation: list[tuple[YearMonth, float, float, float]] = []
    for index, (month, step) in enumerate(zip(forecast.months, steps, strict=True)):
        column = published.get(rules.month_end(month))
        if column is None:
            unpublished.append(month)
            continue
        present = [c for c in codes if c in row_of]
        rows = [row_of[c] for c in present]
        actual = 100.0 * everything.issued[rows, column] / everything.population[rows, column]
        units = [by_code[c] for c in present]
        unit_rows = (
            [codes.index(c) for c in present] if len(present) != len(codes) else list(range(len(codes)))
        )
        baseline = rules.rates(base_values[unit_rows, step - 1], level.population[unit_rows])
        scores.append(
            (
                month,
                score(
                    index + 1,
                    np.array([u.rates[index] for u in units]),
                    baseline,
                    np.array([u.lows[index] for u in units]),
                    np.array([u.highs[index] for u in units]),
                    actual,
                ),
            )
        )
        nation_actual = 100.0 * everything.issued[:, column].sum() / everything.population[:, column].sum()
        nation_base = 100.0 * base_values[:, step - 1].sum() / level.population.sum()
        nation.append((month, forecast.nation.rates[index], float(nation_base), float(nation_actual)))
    return Backtest(until, last_month, tuple(scores), tuple(unpublished), tuple(nation))
