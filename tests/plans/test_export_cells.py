"""The plans exports cannot execute in Excel: the plan template and the prefecture's list (XLSX),
the hearing selection and ``kofu plan compute`` (CSV)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kofu.plans import services
from kofu.registry.models import Municipality, Prefecture
from tests.export_cells import executable_csv_cells, executable_xlsx_cells
from tests.plans.conftest import report_figures
from tests.plans.test_hearing_selection import miyazaki_staff  # noqa: F401 (fixture)
from tests.plans.test_plan_cli import BASE, plan
from tests.plans.test_plan_pages import login, plan_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_names(registry):
    Prefecture.objects.filter(code="45").update(name="@A1宮崎県")
    Municipality.objects.filter(code="452025").update(name="=A1都城市")


def test_the_plan_template_and_the_prefecture_list_cannot_execute(client, personas, hostile_names):
    login(client, personas["municipality"])
    assert client.post("/plans/municipalities/452025/edit/", plan_post()).status_code == 302
    template = client.get("/plans/municipalities/452025/plan.xlsx")
    assert template.status_code == 200 and executable_xlsx_cells(template.content) == []
    login(client, personas["prefecture"])
    listing = client.get("/plans/prefectures/45/plans.xlsx")
    assert listing.status_code == 200 and executable_xlsx_cells(listing.content) == []


def test_the_hearing_selection_csv_cannot_execute(miyazaki_staff, hostile_names):  # noqa: F811
    services.report_file(
        municipality=Municipality.objects.get(code="452025"),
        month="2022-01",
        data=report_figures(days_arrival_to_notice=25),
        actor=miyazaki_staff("452025"),
    )
    out = io.StringIO()
    call_command(
        "hearings", "select", "--month", "2022-01", "--level", "prefecture", "--prefecture", "45", stdout=out
    )
    assert "'@A1宮崎県=A1都城市" in out.getvalue() and executable_csv_cells(out.getvalue()) == []


def test_the_plan_computation_csv_cannot_execute():
    text = plan("compute", *BASE, "--windows", "3", "--format", "csv")
    assert text.count("\n") == 4 and executable_csv_cells(text) == []
