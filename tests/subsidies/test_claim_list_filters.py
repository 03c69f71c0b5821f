"""The claims list through the one list shape (kofu.core.listing): year, state, and for the
oversight roles a word of the municipality's name (through the My Number guard); 50 a page."""

from __future__ import annotations

import pytest

from kofu.subsidies.services import claim_transition
from tests.my_number_spellings import NUMBER

pytestmark = pytest.mark.django_db

URL = "/subsidies/claims/"


def test_the_municipality_filters_its_claims_by_state_and_year(client, personas, claim):
    client.force_login(personas["municipality"])
    link = f'href="/subsidies/claims/{claim.pk}/"'
    drafts = client.get(URL + "?status=draft&fiscal_year=2021").content.decode()
    assert link in drafts and "（1件）" in drafts
    assert 'name="q"' not in drafts  # one municipality: no name to search
    submitted = client.get(URL + "?status=submitted").content.decode()
    assert link not in submitted and "条件に合う実績報告はありません" in submitted


def test_the_prefecture_searches_by_municipality_name(client, personas, claim, viewers):
    claim_transition(claim_id=claim.pk, action="submit", actor=viewers["municipality"])
    client.force_login(personas["prefecture"])
    assert "宮崎県都城市" in client.get(URL + "?q=都城").content.decode()
    assert "宮崎県都城市" not in client.get(URL + "?q=延岡").content.decode()
    refused = client.get(URL + f"?q={NUMBER}")
    body = refused.content.decode()
    assert refused.status_code == 200 and 'aria-invalid="true"' in body and "宮崎県都城市" in body


def test_the_list_reads_a_flat_number_of_queries(
    client, personas, claim, viewers, django_assert_max_num_queries
):
    from kofu.subsidies.services import claim_create
    from tests.query_counts import assert_locked
    from tests.subsidies.conftest import claim_input

    client.force_login(personas["municipality"])
    years = iter(range(2022, 2030))

    def grow() -> None:
        for _ in range(3):
            claim_create(
                municipality=claim.municipality,
                data=claim_input(fiscal_year=next(years), unit_price=1_000),
                actor=viewers["municipality"],
            )

    urls = [URL, URL + "?status=draft&page=2"]
    assert_locked(client, urls, grow, dict.fromkeys(urls, 14), django_assert_max_num_queries)
