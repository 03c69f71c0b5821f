"""The survey cross-table (CSV, web and ``kofu surveys crosstab``) cannot execute in Excel, whatever
the table numbers and labels the ministry typed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kofu.surveys.models import Question
from tests.export_cells import SHORT, executable_csv_cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_survey(answered_survey):
    for index, question in enumerate(Question.objects.filter(survey=answered_survey).order_by("pk")):
        question.table = SHORT[index % len(SHORT)]
        question.save(update_fields=["table"])
    return answered_survey


def test_the_crosstab_csv_cannot_execute(client, personas, hostile_survey):
    out = io.StringIO()
    call_command("surveys", "crosstab", hostile_survey.slug, "--format", "csv", stdout=out)
    assert "'=A1 " in out.getvalue() and executable_csv_cells(out.getvalue()) == []
    client.force_login(personas["ministry"])
    response = client.get(f"/surveys/{hostile_survey.slug}/crosstab/?format=csv")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "'@A1 " in text and executable_csv_cells(text) == []


def test_the_staff_workbook_cannot_execute(registry):
    """様式1/2 carries the organisations' and departments' names, which anyone may have typed."""
    import datetime as dt

    from kofu.accounts.roles import SYSTEM
    from kofu.registry.models import Prefecture
    from kofu.surveys.services.staff import staff_organisation_create
    from kofu.surveys.services.staff_workbook import staff_workbook_write
    from tests.export_cells import HYPERLINK, executable_xlsx_cells

    staff_organisation_create(
        kind="fire_hq",
        name=HYPERLINK,
        prefecture=Prefecture.objects.get(code="45"),
        departments=SHORT,
        actor=SYSTEM,
    )
    out = io.BytesIO()
    rows = staff_workbook_write(path=out, as_of=dt.date(2021, 12, 31), actor=SYSTEM)
    assert rows == len(SHORT) and executable_xlsx_cells(out.getvalue()) == []
