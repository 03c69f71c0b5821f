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
