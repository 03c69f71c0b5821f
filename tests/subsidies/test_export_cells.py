"""The subsidy exports cannot execute in Excel: claims (CSV, XLSX), the statement and the summary
(XLSX), the grant check (CSV) and the receipt base of every municipality (CSV)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from kofu.accounts.roles import SYSTEM
from kofu.registry.models import Municipality, Prefecture
from tests.export_cells import HYPERLINK, executable_csv_cells, executable_xlsx_cells
from tests.subsidies.conftest import KAGOSHIMA, MIYAKONOJO, NOBEOKA, claim_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile(registry, viewers, make_snapshot):
    """都城市 and 宮崎県 renamed to start like formulas; a claim whose note is a formula."""
    from kofu.subsidies.services import claim_create, goal_declaration_record

    Prefecture.objects.filter(code="45").update(name="@A1宮崎県")
    Municipality.objects.filter(code=MIYAKONOJO).update(name="=A1都城市")
    Municipality.objects.filter(code=NOBEOKA).update(name="-1+延岡市")
    figures = {MIYAKONOJO: (100_000, 60_000), NOBEOKA: (100_000, 40_000), KAGOSHIMA: (100_000, 50_000)}
    make_snapshot(dt.date(2021, 4, 1), {code: (p, i - 10_000) for code, (p, i) in figures.items()})
    make_snapshot(dt.date(2022, 1, 1), figures)
    goal_declaration_record(code=MIYAKONOJO, declared_on=dt.date(2021, 12, 1), actor=SYSTEM)
    return claim_create(
        municipality=Municipality.objects.get(code=MIYAKONOJO),
        data=claim_input(note=HYPERLINK),
        actor=viewers["municipality"],
    )


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("subsidy", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_claims_command_cannot_execute(hostile, tmp_path):
    text = run("claims", "--fiscal-year", "2021")
    assert "'@A1宮崎県=A1都城市" in text and executable_csv_cells(text) == []
    path = tmp_path / "claims.xlsx"
    run("claims", "--fiscal-year", "2021", "--format", "xlsx", "-o", str(path))
    assert executable_xlsx_cells(path.read_bytes()) == []


def test_the_receipt_base_of_every_municipality_cannot_execute(hostile):
    text = run("base-all", "--as-of", "2022-01-01", "--from", "2021-04-01", "--budget", "1900000")
    assert "'@A1宮崎県=A1都城市" in text and executable_csv_cells(text) == []


def test_the_statement_summary_and_grant_check_downloads_cannot_execute(client, personas, hostile):
    client.force_login(personas["municipality"])
    statement = client.get(f"/subsidies/claims/{hostile.pk}/statement.xlsx")
    assert statement.status_code == 200 and executable_xlsx_cells(statement.content) == []
    client.force_login(personas["ministry"])
    summary = client.get("/subsidies/summary/?year=2021&format=xlsx")
    assert summary.status_code == 200 and executable_xlsx_cells(summary.content) == []
    grants = client.get("/subsidies/grants/?as_of=2022-01-01&format=csv")
    text = grants.content.decode("utf-8-sig")
    assert grants.status_code == 200 and "'@A1宮崎県" in text and executable_csv_cells(text) == []


def test_the_base_amount_list_holds_numbers_and_registry_names_only(registry):
    """``kofu baseamounts list``: the note typed with a base amount is not exported."""
    import io

    from django.core.management import call_command

    call_command(
        "baseamounts", "set", "--municipality", "452025", "--fiscal-year", "2021", "--amount", "100",
        "--note", "=HYPERLINK(\"http://x\")",
    )  # fmt: skip
    out = io.StringIO()
    call_command("baseamounts", "list", "--fiscal-year", "2021", stdout=out)
    assert (
        "HYPERLINK" not in out.getvalue()
        and out.getvalue().splitlines()[1] == "452025,宮崎県都城市,2021,100,"
    )
