"""What the forecast pages show, built from the forecast modules (the views stay thin)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kofu.accounts.roles import Actor, Role
from kofu.core.privacy import suppress_count
from kofu.forecast import charts, issuance, selectors
from kofu.forecast.renewals import RenewalForecast, estimated_wave
from kofu.rules import forecast_renewals as renewal_rules
from kofu.rules.calendar import YearMonth
from kofu.rules.forecast import month_end
from kofu.rules.plans import NATIONAL_MONTHLY_CEILING

#: Publications shown before the forecast in the rate charts.
CHART_PUBLICATIONS = 30
DEFAULT_YEARS = 5
METHOD_NOTE = (
    "予測の方法：各団体の毎月の交付枚数の増加（直近月と過去6か月の全国に占める割合）に、全国の増加の勢い"
    "（直近3か月の伸びの半分、1か月ごとに0.8倍に減衰）を掛けて延ばします。"
    "80％区間は、同じ方法を過去の各月末で実行した誤差（全国共通の誤差と団体ごとの誤差の組合せ）から求めています。"
)


def default_period(start: dt.date | None, until: dt.date | None) -> tuple[dt.date, dt.date]:
    """The next five years after the latest statistics (or from January 2026 without any)."""
    if start is None:
        latest = selectors.latest_as_of()
        month = YearMonth(latest.year, latest.month).shift(1) if latest else YearMonth(2026, 1)
        start = dt.date(month.year, month.month, 1)
    if until is None:
        last = YearMonth(start.year, start.month).shift(12 * DEFAULT_YEARS - 1)
        until = month_end(last)
    return start, until


def rate_chart(
    fs: issuance.ForecastSet, unit: issuance.UnitForecast, lines: list[tuple[str, float]]
) -> charts.Drawn:
    published = list(zip(fs.days, unit.published, strict=True))[-CHART_PUBLICATIONS:]
    forecast = [
        (month_end(m), r, lo, hi)
        for m, r, lo, hi in zip(fs.months, unit.rates, unit.lows, unit.highs, strict=True)
    ]
    return charts.rate_chart(published, forecast, title=f"{unit.unit.name}の交付率の推移と予測", lines=lines)


@dataclass(frozen=True)
class RenewalRow:
    month: YearMonth
    cards: int | str
    certificates: int | str
    basis: str


def renewal_rows(result: RenewalForecast, viewer: Actor) -> list[RenewalRow]:
    """Counted figures shown to the ministry pass through small-cell suppression (resident records)."""
    ministry = viewer.role is Role.MINISTRY
    rows = []
    for row in result.months:
        counted = row.basis == "counted" or result.records_from is not None
        cards = suppress_count(row.cards) if ministry and counted else row.cards
        certificates = suppress_count(row.certificates) if ministry and counted else row.certificates
        rows.append(RenewalRow(row.month, cards, certificates, row.basis_label))
    return rows


def renewal_chart(result: RenewalForecast, rows: list[RenewalRow]) -> charts.Drawn:
    months = [dt.date(r.month.year, r.month.month, 15) for r in rows]
    cards = [r.cards if isinstance(r.cards, int) else 0 for r in rows]
    certificates = [r.certificates if isinstance(r.certificates, int) else 0 for r in rows]
    return charts.renewals_chart(
        months, cards, certificates, title=f"{result.municipality.name}の更新の見通し（月ごと）"
    )


@dataclass(frozen=True)
class WaveRow:
    month: YearMonth
    new_cards: int
    card_renewals: int
    certificate_renewals: int

    @property
    def total(self) -> int:
        return self.new_cards + self.card_renewals + self.certificate_renewals

    @property
    def over_ceiling(self) -> bool:
        return self.total > NATIONAL_MONTHLY_CEILING


def national_wave(start: dt.date, until: dt.date) -> list[WaveRow]:
    """The national curve: forecast new cards and estimated renewals per month."""
    months = renewal_rules.months_between(start, until)
    _, cards, certificates = estimated_wave(months)
    new = issuance.new_cards_ahead(issuance.NATION_CODE, months)
    return [
        WaveRow(m, new.get(m, 0), int(round(cards[:, i].sum())), int(round(certificates[:, i].sum())))
        for i, m in enumerate(months)
    ]


def wave_chart(rows: list[WaveRow]) -> charts.Drawn:
    months = [dt.date(r.month.year, r.month.month, 15) for r in rows]
    return charts.capacity_chart(
        months,
        [r.total for r in rows],
        [NATIONAL_MONTHLY_CEILING] * len(rows),
        title="全国の新規交付と更新の見通し（全国の上限 月330万枚と比較）",
    )
