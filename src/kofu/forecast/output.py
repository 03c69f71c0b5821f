"""The texts ``kofu forecast …`` prints (CSV and the backtest table), one function per action."""

from __future__ import annotations

import io
from typing import Any

from kofu.core import spreadsheet
from kofu.forecast import backtest as scoring
from kofu.forecast import candidates as hearing_candidates
from kofu.forecast import issuance
from kofu.forecast import renewals as renewal_forecast
from kofu.rules.forecast import ForecastError, month_end

RATES_HEADER = ["code", "as_of", "rate", "low", "high"]
TARGETS_HEADER = ["code", "name", "rate", "target", "target_rate", "month", "earliest", "latest"]
BACKTEST_HEADER = ["horizon", "month", "units", "mae", "baseline_mae", "coverage"]


def _kinds(level: str) -> tuple[str, ...]:
    return () if level == "all" else (level,)


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def rates(options: dict[str, Any]) -> str:
    result = issuance.build(options["until"], options["horizon"], kinds=_kinds(options["level"]))
    rows = [
        [f.unit.code, month_end(month).isoformat(), f"{rate:.2f}", f"{low:.2f}", f"{high:.2f}"]
        for f in result.forecasts
        for month, rate, low, high in zip(result.months, f.rates, f.lows, f.highs, strict=True)
    ]
    return _csv(RATES_HEADER, rows)


def _month(value: Any) -> str:
    return "" if value is None else str(value)


def targets(options: dict[str, Any]) -> str:
    result = issuance.build(options["until"], 1, with_targets=True, kinds=_kinds(options["level"]))
    rows = [
        [
            f.unit.code,
            f.unit.name,
            f"{f.current_rate:.2f}",
            reach.target.key,
            f"{reach.target.rate:.2f}",
            "reached" if reach.already else _month(reach.month),
            _month(reach.earliest),
            _month(reach.latest),
        ]
        for f in result.forecasts
        for reach in f.reaches
    ]
    return _csv(TARGETS_HEADER, rows)


def backtest(options: dict[str, Any]) -> str:
    if options["until"] is None:
        raise ForecastError("--until を指定してください")
    result = scoring.run(options["until"], options["horizon"])
    if options["fmt"] == "csv":
        return _csv(
            BACKTEST_HEADER,
            [
                [s.horizon, str(m), s.units, f"{s.mae:.3f}", f"{s.baseline_mae:.3f}", f"{s.coverage:.3f}"]
                for m, s in result.scores
            ],
        )
    lines = [
        f"予測の検証 / backtest: --until {result.until}（最後の月末 {result.last_month}）",
        "月先 month    団体数  MAE(予測)  MAE(前月の増加)  80%区間の的中率",
    ]
    for month, s in result.scores:
        verdict = "予測が良い" if s.mae < s.baseline_mae else "前月の増加が良い"
        lines.append(
            f"{s.horizon:>4} {month}  {s.units:>6}  {s.mae:>9.3f}  {s.baseline_mae:>15.3f}  "
            f"{s.coverage:>14.1%}  {verdict}"
        )
    for month in result.unpublished:
        lines.append(f"     {month}  取込済みの公表値がないため採点できません / not imported")
    for month, rate, base, actual in result.nation:
        lines.append(f"全国 {month}: 予測 {rate:.2f}％ 前月の増加 {base:.2f}％ 公表 {actual:.2f}％")
    return "\n".join(lines) + "\n"


def renewals(options: dict[str, Any]) -> str:
    return renewal_forecast.csv_text(options)


def candidates(options: dict[str, Any]) -> str:
    return hearing_candidates.csv_text(options)
