"""The issuance forecast of every municipality, prefecture and the nation (kofu.rules.forecast*).

Codes: municipalities by their 6-digit 団体コード, prefectures by theirs (``450006`` 宮崎県), the
nation as ``000000``. Prefecture and national figures are the sums of their municipalities,
forecast as units of their own (same method, their own past errors).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from kofu.forecast import selectors
from kofu.rules import forecast as rules
from kofu.rules import forecast_calibration as calibration
from kofu.rules import forecast_targets as targets
from kofu.rules.calendar import YearMonth
from kofu.rules.forecast import FloatArray

NATION_CODE = "000000"
NATION_NAME = "全国"
MAX_HORIZON = 60
#: Horizons calibrated on past errors; further months reuse the last band.
CALIBRATED_HORIZONS = 12


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str  # "municipality", "prefecture" or "nation"
    prefecture_code: str = ""


@dataclass(frozen=True)
class UnitForecast:
    unit: Unit
    current_rate: float
    population: int
    issued: int
    rates: tuple[float, ...]
    lows: tuple[float, ...]
    highs: tuple[float, ...]
    reaches: tuple[targets.Reach, ...] = ()
    #: Published rates (issued ÷ that day's population) at the publications of ``ForecastSet.days``.
    published: tuple[float, ...] = ()


@dataclass(frozen=True)
class Level:
    """One level (municipalities, prefectures or the nation) on the monthly grid."""

    units: tuple[Unit, ...]
    grid: rules.Grid
    population: FloatArray
    previous_population: FloatArray | None
    published: FloatArray


@dataclass(frozen=True)
class ForecastSet:
    until: dt.date
    last_month: YearMonth
    months: tuple[YearMonth, ...]
    population_base: dt.date
    forecasts: tuple[UnitForecast, ...]
    bands: dict[str, calibration.Bands] = field(default_factory=dict)
    #: Effective days of the publications (for charts of the published rates).
    days: tuple[dt.date, ...] = ()

    def by_code(self) -> dict[str, UnitForecast]:
        return {f.unit.code: f for f in self.forecasts}

    @property
    def nation(self) -> UnitForecast:
        return self.by_code()[NATION_CODE]


class NoHistory(rules.ForecastError):
    pass


def target_months(until: dt.date, last: YearMonth, horizon: int) -> tuple[YearMonth, ...]:
    """The first ``horizon`` month ends after ``until`` (and after the last month known)."""
    first = YearMonth(until.year, until.month)
    if rules.month_end(first) <= until:
        first = first.shift(1)
    first = max(first, last.shift(1))
    return tuple(first.shift(i) for i in range(horizon))


def _columns(history: selectors.IssuanceHistory) -> tuple[list[dt.date], list[int]]:
    """Effective days, one publication per day (the later one if two fall on the same day)."""
    chosen: dict[dt.date, int] = {}
    for index, as_of in enumerate(history.as_of):
        chosen[rules.effective_day(as_of)] = index
    days = sorted(chosen)
    return days, [chosen[d] for d in days]


def _previous_base_column(history: selectors.IssuanceHistory) -> int | None:
    latest = history.population_base[-1]
    earlier = [i for i, base in enumerate(history.population_base) if base != latest]
    return earlier[-1] if earlier else None


def levels(history: selectors.IssuanceHistory) -> dict[str, Level]:
    """Municipalities, prefectures and the nation as grids of month-end cumulative cards."""
    days, columns = _columns(history)
    issued = history.issued[:, columns]
    previous = _previous_base_column(history)
    names = selectors.prefecture_names()
    pref_codes = sorted({a.prefecture_code for a in history.areas})
    membership = np.array(
        [[a.prefecture_code == p for a in history.areas] for p in pref_codes], dtype=np.float64
    )
    population = history.population[:, -1]
    prev_population = history.population[:, previous] if previous is not None else None

    def level(units: tuple[Unit, ...], weights: FloatArray | None) -> Level:
        def total(matrix: FloatArray) -> FloatArray:
            return matrix if weights is None else weights @ matrix

        return Level(
            units,
            rules.monthly_grid(days, total(issued)),
            total(population),
            total(prev_population) if prev_population is not None else None,
            100.0 * total(issued) / total(history.population[:, columns]),
        )

    municipalities = tuple(Unit(a.code, a.name, "municipality", a.prefecture_code) for a in history.areas)
    prefectures = tuple(Unit(names[p][0], names[p][1], "prefecture", p) for p in pref_codes)
    return {
        "municipality": level(municipalities, None),
        "prefecture": level(prefectures, membership),
        "nation": level((Unit(NATION_CODE, NATION_NAME, "nation"),), np.ones((1, len(history.areas)))),
    }


def _rates_for(level: Level, values: FloatArray, months: tuple[YearMonth, ...], base: dt.date) -> FloatArray:
    columns = [
        rules.rates(
            values[:, i],
            rules.projected_population(level.population, level.previous_population, base, rules.month_end(m)),
        )
        for i, m in enumerate(months)
    ]
    return np.stack(columns, axis=1) if columns else np.zeros((values.shape[0], 0))


def _forecast_level(
    level: Level,
    national: FloatArray,
    months: tuple[YearMonth, ...],
    base: dt.date,
    with_targets: bool,
    national_rate: float,
) -> tuple[list[UnitForecast], calibration.Bands]:
    grid = level.grid
    last_month = grid.months[-1]
    steps = [m.ordinal - last_month.ordinal for m in months]
    span = max([*steps, targets.LOOK_AHEAD if with_targets else 1])
    values = rules.forecast(grid, national, span)
    classes = calibration.size_classes(level.population)
    bands = calibration.calibrate(grid, national, min(span, CALIBRATED_HORIZONS), classes)
    last = grid.values[:, -1]
    lows, highs = calibration.interval(values, last, bands, classes, level.population)
    picked = [s - 1 for s in steps]
    rate, low, high = (_rates_for(level, a[:, picked], months, base) for a in (values, lows, highs))
    current = rules.rates(last, level.population)
    long = [rules.rates(a, level.population[:, None]) for a in (values, lows, highs)] if with_targets else []
    goals = targets.targets(national_rate)
    result = []
    for i, unit in enumerate(level.units):
        reaches = (
            tuple(
                targets.reach(goal, float(current[i]), long[0][i], long[1][i], long[2][i], last_month)
                for goal in goals
            )
            if with_targets
            else ()
        )
        result.append(
            UnitForecast(
                unit,
                float(current[i]),
                int(level.population[i]),
                int(round(last[i])),
                tuple(float(x) for x in rate[i]),
                tuple(float(x) for x in low[i]),
                tuple(float(x) for x in high[i]),
                reaches,
                tuple(float(x) for x in level.published[i]),
            )
        )
    return result, bands


def build(
    until: dt.date | None = None, horizon: int = 3, *, with_targets: bool = False, kinds: tuple[str, ...] = ()
) -> ForecastSet:
    """Forecasts for the month ends after ``until`` (default: the latest snapshot)."""
    if not 1 <= horizon <= MAX_HORIZON:
        raise rules.ForecastError(f"--horizon は1〜{MAX_HORIZON}で指定してください: {horizon}")
    history = selectors.issuance_history(until)
    if len(history) == 0:
        raise NoHistory("全市区町村分の交付状況（kofu stats import）が取り込まれていません")
    until = until or history.as_of[-1]
    by_kind = levels(history)
    nation = by_kind["nation"]
    if len(nation.grid.months) == 0:
        raise NoHistory("月末の数値を作るには2時点以上の交付状況が必要です")
    national = nation.grid.increments[0]
    last_month = nation.grid.months[-1]
    months = target_months(until, last_month, horizon)
    base = history.population_base[-1]
    national_rate = float(rules.rates(nation.grid.values[:, -1], nation.population)[0])
    forecasts: list[UnitForecast] = []
    bands: dict[str, calibration.Bands] = {}
    for kind in ("nation", "prefecture", "municipality"):
        if kinds and kind not in kinds:
            continue
        rows, bands[kind] = _forecast_level(
            by_kind[kind], national, months, base, with_targets, national_rate
        )
        forecasts.extend(rows)
    days, _ = _columns(history)
    return ForecastSet(until, last_month, months, base, tuple(forecasts), bands, tuple(days))


def new_cards_ahead(code: str, months: tuple[YearMonth, ...]) -> dict[YearMonth, int]:
    """Forecast cards added in each of ``months`` for municipality ``code`` or the nation
    (``000000``): point forecast, capped at the population; months already published are left out."""
    history = selectors.issuance_history(None)
    if len(history) < 2:
        return {}
    by_kind = levels(history)
    kind = "nation" if code == NATION_CODE else "municipality"
    level = by_kind[kind]
    codes = [u.code for u in level.units]
    if code not in codes:
        return {}
    row = codes.index(code)
    grid = rules.Grid(level.grid.months, level.grid.values[row : row + 1], level.grid.observed)
    last = grid.months[-1]
    ahead = [m for m in months if m > last]
    if not ahead or grid.increments.shape[1] < rules.DEFAULT_METHOD.min_increments:
        return {}
    nation = by_kind["nation"].grid.increments[0]
    path = np.minimum(
        rules.forecast(grid, nation, ahead[-1].ordinal - last.ordinal)[0], level.population[row]
    )
    added = np.diff(np.concatenate([grid.values[0, -1:], path]))
    return {m: int(round(added[m.ordinal - last.ordinal - 1])) for m in ahead}
