"""80 % intervals of the issuance forecast, calibrated on the method's own past errors.

The method is run at every earlier month end whose figures were published (using only what was
known then) and compared with the published months that followed. Each error is taken relative
to the forecast increase (cards expected to be added by then) and split in two:

* the **common** part — the error of all units together (a national surge or lull moves every
  municipality the same way; one value per past window), and
* the **own** part — each unit's error minus the common one.

The interval at horizon h spans the 10th–90th percentiles of *common + own* over every pairing of
a past window's common error with the pooled own errors: so a surge like those already seen widens
every unit's interval at once, which is what keeps the coverage honest in a surge. Own errors are
pooled by size class (thirds of the units by population: a village's monthly count is noisier
than a city's), so each class gets its own band. With fewer than three past windows a wide fixed
band is used (:data:`FALLBACK`). Pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kofu.rules.forecast import DEFAULT_METHOD, FloatArray, ForecastError, Grid, Method, forecast

IntArray = npt.NDArray[np.int64]
SIZE_CLASSES = 3

COVERAGE = 0.8
MIN_WINDOWS = 3
#: Relative band used until three past windows can be scored: −60 % / +60 % of the forecast increase.
FALLBACK = (-0.6, 0.6)
#: Quantile points of the pooled own errors (enough for 10th/90th percentiles to ±0.5 %).
_GRID = np.linspace(0.0, 1.0, 201)


@dataclass(frozen=True)
class Band:
    """The interval at one horizon, relative to the forecast increase."""

    low: float
    high: float
    windows: int  # past windows it was calibrated on (0: FALLBACK)


@dataclass(frozen=True)
class Errors:
    """Past errors at one horizon: one common value per window, own values pooled (one class)."""

    common: tuple[float, ...]
    own: FloatArray


def size_classes(population: FloatArray, count: int = SIZE_CLASSES) -> IntArray:
    """0 … count − 1 by population rank (thirds); one class when there are fewer units than classes."""
    if population.size < count:
        return np.zeros(population.size, dtype=np.int64)
    ranks = np.argsort(np.argsort(population, kind="stable"), kind="stable")
    classes: IntArray = (ranks * count // population.size).astype(np.int64)
    return classes


def _increase(forecast_values: FloatArray, last: FloatArray) -> FloatArray:
    increase: FloatArray = np.maximum(forecast_values - last, 1.0)
    return increase


def past_errors(
    grid: Grid,
    national_increments: FloatArray,
    horizon: int,
    classes: IntArray | None = None,
    method: Method = DEFAULT_METHOD,
) -> list[list[Errors]]:
    """The method's relative errors ``[horizon − 1][class]`` over the grid's history."""
    if classes is None:
        classes = np.zeros(grid.values.shape[0], dtype=np.int64)
    count = int(classes.max()) + 1 if classes.size else 1
    commons: list[list[float]] = [[] for _ in range(horizon)]
    owns: list[list[list[FloatArray]]] = [[[] for _ in range(count)] for _ in range(horizon)]
    last_index = len(grid.months) - 1
    for cutoff in range(method.min_increments, last_index):
        if not grid.observed[cutoff]:
            continue
        known = Grid(grid.months[: cutoff + 1], grid.values[:, : cutoff + 1], grid.observed[: cutoff + 1])
        try:
            predicted = forecast(known, national_increments[:cutoff], horizon, method)
        except ForecastError:
            continue
        last = grid.values[:, cutoff]
        for h in range(1, horizon + 1):
            target = cutoff + h
            if target > last_index or not grid.observed[target]:
                continue
            values = predicted[:, h - 1]
            actual = grid.values[:, target]
            relative = (actual - values) / _increase(values, last)
            total_increase = max(float(values.sum() - last.sum()), 1.0)
            common = float(actual.sum() - values.sum()) / total_increase
            commons[h - 1].append(common)
            for k in range(count):
                owns[h - 1][k].append(relative[classes == k] - common)
    return [
        [
            Errors(tuple(commons[i]), np.concatenate(owns[i][k]) if owns[i][k] else np.zeros(0))
            for k in range(count)
        ]
        for i in range(horizon)
    ]


def band(errors: Errors, coverage: float = COVERAGE) -> Band:
    """The central ``coverage`` interval of common + own errors (see the module docstring)."""
    if len(errors.common) < MIN_WINDOWS:
        return Band(FALLBACK[0], FALLBACK[1], 0)
    tail = (1 - coverage) / 2
    own = np.quantile(errors.own, _GRID) if errors.own.size else np.zeros(1)
    mixture = (np.array(errors.common)[:, None] + own[None, :]).ravel()
    low, high = np.quantile(mixture, [tail, 1 - tail])
    return Band(min(float(low), 0.0), max(float(high), 0.0), len(errors.common))


Bands = tuple[tuple[Band, ...], ...]


def calibrate(
    grid: Grid,
    national_increments: FloatArray,
    horizon: int,
    classes: IntArray | None = None,
    method: Method = DEFAULT_METHOD,
    coverage: float = COVERAGE,
) -> Bands:
    """Bands ``[horizon − 1][class]`` for horizons 1 … ``horizon``."""
    return tuple(
        tuple(band(e, coverage) for e in by_class)
        for by_class in past_errors(grid, national_increments, horizon, classes, method)
    )


def band_at(bands: Bands, h: int, size_class: int = 0) -> Band:
    """The band of horizon ``h`` (the last calibrated one beyond them) for a size class."""
    return bands[min(h, len(bands)) - 1][size_class]


def interval(
    values: FloatArray,
    last: FloatArray,
    bands: Bands,
    classes: IntArray | None = None,
    population: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Low and high cumulative counts around ``values[unit, h − 1]`` (never below ``last``)."""
    if classes is None:
        classes = np.zeros(values.shape[0], dtype=np.int64)
    lows = np.empty_like(values)
    highs = np.empty_like(values)
    for index in range(values.shape[1]):
        chosen = [band_at(bands, index + 1, k) for k in range(len(bands[0]))]
        low = np.array([b.low for b in chosen])[classes]
        high = np.array([b.high for b in chosen])[classes]
        increase = np.maximum(values[:, index] - last, 0.0)
        lows[:, index] = np.maximum(values[:, index] + low * increase, last)
        highs[:, index] = values[:, index] + high * increase
    if population is not None:
        highs = np.minimum(highs, population[:, None])
    return lows, highs


@dataclass(frozen=True)
class Score:
    """Backtest of one horizon: mean absolute errors in points and the interval's coverage."""

    horizon: int
    units: int
    mae: float
    baseline_mae: float
    coverage: float


def score(
    horizon: int,
    predicted: FloatArray,
    base: FloatArray,
    low: FloatArray,
    high: FloatArray,
    actual: FloatArray,
) -> Score:
    """Rates in percent, one value per unit."""
    inside = (actual >= low) & (actual <= high)
    return Score(
        horizon,
        int(actual.size),
        float(np.abs(predicted - actual).mean()),
        float(np.abs(base - actual).mean()),
        float(inside.mean()),
    )
