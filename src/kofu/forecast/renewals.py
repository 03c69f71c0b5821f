"""Renewals due per month for a municipality: counted from kofu's card records, estimated before.

kofu's records of a municipality start with the earliest card it issued in them (``records_from``,
its month). Cards issued from that month on are counted exactly (kofu.rules.validity); cards issued
before it are estimated from the published monthly issuance (kofu.rules.forecast_renewals). A month
is ``counted`` when every issue month that can fall due in it is covered by the records, otherwise
``estimated`` (its figure then includes the estimate).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from kofu.cards.selectors.renewals import held_cards, purged_held
from kofu.core import spreadsheet
from kofu.core.command_options import municipality_option
from kofu.forecast import selectors
from kofu.forecast.issuance import levels
from kofu.registry.models import Municipality
from kofu.rules import forecast as forecast_rules
from kofu.rules import forecast_renewals as rules
from kofu.rules.calendar import YearMonth
from kofu.rules.forecast import ForecastError

COUNTED = "counted"
ESTIMATED = "estimated"
BASIS_LABELS = {COUNTED: "記録から集計", ESTIMATED: "統計から推計"}
HEADER = ["month", "card_renewals", "certificate_renewals", "basis"]
#: The longest period one forecast covers (ten years).
MAX_MONTHS = 120


@dataclass(frozen=True)
class RenewalMonth:
    month: YearMonth
    cards: int
    certificates: int
    basis: str

    @property
    def total(self) -> int:
        return self.cards + self.certificates

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS[self.basis]


@dataclass(frozen=True)
class RenewalForecast:
    municipality: Municipality
    months: tuple[RenewalMonth, ...]
    records_from: YearMonth | None
    statistics_until: YearMonth | None
    #: From this month on, cards issued after the latest statistics are missing from the estimate.
    incomplete_from: YearMonth | None
    #: Held cards whose personal data was purged (no birth date: they cannot be counted).
    purged: int


def _first_day(month: YearMonth) -> dt.date:
    return dt.date(month.year, month.month, 1)


def _records(
    municipality: Municipality, months: tuple[YearMonth, ...]
) -> tuple[YearMonth | None, list[rules.Holder]]:
    cards = held_cards(municipality)
    first = cards.order_by("issued").values_list("issued", flat=True).first()
    if first is None:
        return None, []
    low, high = rules.earliest_issue_month(months[0]), rules.latest_issue_month(months[-1])
    holders: list[rules.Holder] = [
        (pk, birth, applied, issued)
        for pk, birth, applied, issued in cards.filter(
            issued__gte=_first_day(low), issued__lt=_first_day(high.shift(1))
        ).values_list("pk", "birth_date", "received_on", "issued")
        # held_cards leaves out purged cards (no birth date); the column itself may be empty.
        if birth is not None and birth <= applied <= issued
    ]
    return YearMonth(first.year, first.month), holders


def _estimate(
    municipality: Municipality, months: tuple[YearMonth, ...], before: YearMonth | None, mix: rules.AgeMix
) -> tuple[YearMonth | None, npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    days, issued = selectors.municipality_series(municipality.pk)
    zeros = np.zeros(len(months))
    if len(days) < 2:
        return None, zeros, zeros
    grid = forecast_rules.monthly_grid(
        [forecast_rules.effective_day(d) for d in days], np.array([issued], dtype=np.float64)
    )
    if not grid.months:
        return None, zeros, zeros
    issue_months, new = rules.new_cards(grid.months, grid.values)
    if before is not None:
        new = new * np.array([[m < before for m in issue_months]], dtype=np.float64)
    cards, certificates = rules.estimate(issue_months, new, mix, months)
    return grid.months[-1], cards[0], certificates[0]


def renewal_forecast(
    municipality: Municipality, start: dt.date, end: dt.date, mix: rules.AgeMix = rules.NATIONAL_AGE_MIX
) -> RenewalForecast:
    if end < start:
        raise ForecastError("期間の終わりは始まり以降の日にしてください")
    months = rules.months_between(start, end)
    if len(months) > MAX_MONTHS:
        raise ForecastError(f"一度に出せる期間は{MAX_MONTHS // 12}年までです")
    records_from, holders = _records(municipality, months)
    counted_cards, counted_certs = rules.count(holders, months)
    statistics_until, est_cards, est_certs = _estimate(municipality, months, records_from, mix)
    if records_from is None and statistics_until is None:
        raise ForecastError(f"{municipality.full_name}のカードの記録も交付状況の統計もありません")
    rows = []
    incomplete_from = None
    for i, month in enumerate(months):
        earliest = max(rules.earliest_issue_month(month), rules.FIRST_ISSUE_MONTH)
        covered = records_from is not None and earliest >= records_from
        basis = COUNTED if covered or statistics_until is None else ESTIMATED
        if records_from is None and statistics_until is not None and incomplete_from is None:
            if rules.latest_issue_month(month) > statistics_until:
                incomplete_from = month
        rows.append(
            RenewalMonth(
                month,
                counted_cards[i] + (0 if basis == COUNTED else round(float(est_cards[i]))),
                counted_certs[i] + (0 if basis == COUNTED else round(float(est_certs[i]))),
                basis,
            )
        )
    return RenewalForecast(
        municipality, tuple(rows), records_from, statistics_until, incomplete_from, purged_held(municipality)
    )


def write_csv(result: RenewalForecast, stream: io.StringIO | Any) -> None:
    writer = spreadsheet.csv_writer(stream, lineterminator="\n")
    writer.writerow(HEADER)
    for row in result.months:
        writer.writerow([str(row.month), row.cards, row.certificates, row.basis])


def csv_text(options: dict[str, Any]) -> str:
    municipality = municipality_option(options["municipality"])
    if options["start"] is None or options["until"] is None:
        raise ForecastError("--from と --until を指定してください")
    out = io.StringIO()
    write_csv(renewal_forecast(municipality, options["start"], options["until"]), out)
    return out.getvalue()


def estimated_wave(
    months: tuple[YearMonth, ...],
) -> tuple[list[str], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Estimated card and certificate renewals of every municipality (codes, ``[unit, month]``),
    from the published statistics and the national age mix (for the prefecture and national views)."""
    history = selectors.issuance_history(None)
    if len(history) < 2:
        return [], np.zeros((0, len(months))), np.zeros((0, len(months)))
    grid = levels(history)["municipality"].grid
    issue_months, new = rules.new_cards(grid.months, grid.values)
    cards, certificates = rules.estimate(issue_months, new, rules.NATIONAL_AGE_MIX, months)
    return [a.code for a in history.areas], cards, certificates
