"""The cards exports cannot execute in Excel: the renewal CSV (web and command), the backlog CSV and
the resident access log (``kofu audit accesses``)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kofu.accounts.grants import export_permission_set
from kofu.accounts.roles import SYSTEM
from kofu.rules import cards as rules
from tests.export_cells import HOSTILE, HYPERLINK, executable_csv_cells

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2026-06-01", "until": "2027-04-30", "kind": ""}


@pytest.fixture
def hostile_holders(make_card):
    """Residents holding cards whose certificate expires 2027-04-01: hostile names and addresses."""
    d = dt.date
    for index, text in enumerate(HOSTILE):
        make_card(
            application_id=f"H{index}",
            name=HYPERLINK if index == 0 else f"住民 {index}",
            name_kana=text,
            address=text,
            phone=text[:20],
            birth_date=d(1980, 4, 1),
            received_on=d(2022, 3, 1),
            delivered_on=d(2022, 5, 9),
            handed_over_on=d(2022, 6, 1),
            state=rules.HANDED_OVER,
            state_since=d(2022, 6, 1),
        )


def test_the_renewal_csv_from_the_web_cannot_execute(client, personas, hostile_holders):
    export_permission_set(username="miyakonojo", allowed=True, actor=SYSTEM)
    client.force_login(personas["municipality"])
    response = client.post("/cards/452025/renewals/export/", {**PERIOD, "purpose": "renewal"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert executable_csv_cells(text) == []
    assert "'" + HYPERLINK.replace('"', '""') in text  # kept, as text
    assert "'+81-3-1234-5678" in text and "'-2+3+cmd" in text and "'@SUM(1+1)" in text


def test_the_renewal_csv_of_the_command_cannot_execute(hostile_holders):
    out = io.StringIO()
    call_command(
        "cards", "renewals", "--municipality", "452025", "--from", "2026-06-01", "--until", "2027-04-30",
        "--purpose", "renewal", stdout=out,
    )  # fmt: skip
    assert out.getvalue().count("\n") > len(HOSTILE)
    assert executable_csv_cells(out.getvalue()) == []


def test_the_backlog_csv_cannot_execute(hostile_holders):
    out = io.StringIO()
    call_command("cards", "backlog", "--municipality", "452025", "--as-of", "2022-07-01", stdout=out)
    assert executable_csv_cells(out.getvalue()) == []


def test_the_access_log_csv_cannot_execute(make_card, personas):
    """``kofu audit accesses``: a user name and an application ID that start like formulas."""
    from kofu.accounts import services

    organisation = personas["municipality"].membership.organisation
    reader = services.staff_create(username="@A1-2+3", organisation=organisation, actor=SYSTEM).user
    card = make_card(application_id="=A1+1")
    client = Client()
    client.force_login(reader)
    assert client.get(reverse("cards:detail", args=["452025", card.pk])).status_code == 200
    out = io.StringIO()
    call_command("audit", "accesses", "--municipality", "452025", stdout=out)
    assert "'@A1-2+3" in out.getvalue() and "'=A1+1" in out.getvalue()
    assert executable_csv_cells(out.getvalue()) == []
