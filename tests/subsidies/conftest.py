"""Small snapshots built with the ORM on the reference registry."""

from __future__ import annotations

import datetime as dt

import pytest

from kofu.registry.models import Municipality
from kofu.stats.models import IssuanceSnapshot, MunicipalityFigure

#: Three real municipalities (code → display name) used by the small snapshots.
SAPPORO, CHIYODA, HIMESHIMA = "011002", "131016", "443221"


@pytest.fixture
def make_snapshot(registry):
    """``make_snapshot(date, {code: (population, issued)}, complete=True)`` → IssuanceSnapshot."""

    def make(
        as_of: dt.date, figures: dict[str, tuple[int, int]], *, complete: bool = True
    ) -> IssuanceSnapshot:
        snapshot = IssuanceSnapshot.objects.create(
            as_of=as_of, population_base=dt.date(as_of.year, 1, 1), complete=complete
        )
        municipalities = Municipality.objects.in_bulk(list(figures), field_name="code")
        MunicipalityFigure.objects.bulk_create(
            MunicipalityFigure(snapshot=snapshot, municipality=municipalities[code], population=p, issued=i)
            for code, (p, i) in figures.items()
        )
        return snapshot

    return make


MIYAKONOJO, NOBEOKA, KAGOSHIMA = "452025", "452033", "462012"


@pytest.fixture
def viewers(personas):
    """The personas as viewers (what services take as ``actor``)."""
    from kofu.accounts.roles import viewer_of

    return {name: viewer_of(user) for name, user in personas.items()}


@pytest.fixture
def receipt_snapshots(make_snapshot):
    """FY2021's reference period (2021-04-01 → 2022-01-01) for three municipalities.

    ⅲ: 都城市 60,000, 延岡市 25,000, 鹿児島市 300, so ⅳ = 85,300 over 3 municipalities.
    """
    make_snapshot(
        dt.date(2021, 4, 1),
        {MIYAKONOJO: (163_571, 40_000), NOBEOKA: (120_000, 30_000), KAGOSHIMA: (593_000, 100_000)},
    )
    make_snapshot(
        dt.date(2022, 1, 1),
        {MIYAKONOJO: (163_571, 100_000), NOBEOKA: (120_000, 55_000), KAGOSHIMA: (593_000, 100_300)},
    )


def claim_input(**changes):
    from kofu.subsidies.services import ClaimInput

    values = {
        "fiscal_year": 2021,
        "at_counter": 1_000,
        "outreach": 200,
        "support": 300,
        "unit_price": 2_000,
        "spend": {"personnel": 5_000_000, "publicity": 3_500_000, "receipt_encouragement": 2_500_000},
        "note": "",
    }
    return ClaimInput(**(values | changes))


@pytest.fixture
def claim(viewers):
    """A draft FY2021 claim of 都城市 filed by its own staff."""
    from kofu.registry.models import Municipality
    from kofu.subsidies.services import claim_create

    return claim_create(
        municipality=Municipality.objects.get(code=MIYAKONOJO),
        data=claim_input(),
        actor=viewers["municipality"],
    )
