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
