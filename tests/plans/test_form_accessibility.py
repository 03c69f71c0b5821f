"""Screen readers (issue 15 item 7): every aria-describedby on the plan and report forms names an
element that exists, fields in error carry aria-invalid, and the error summary links to them."""

from __future__ import annotations

import re

from tests.plans.test_plan_pages import login, plan_post


def described_by_ids_missing(html: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    wanted = {i for value in re.findall(r'aria-describedby="([^"]+)"', html) for i in value.split()}
    return sorted(wanted - ids)


def test_the_plan_form_with_errors_points_only_at_existing_help_and_errors(client, personas):
    login(client, personas["municipality"])
    url = "/plans/municipalities/452025/edit/"
    assert described_by_ids_missing(client.get(url).content.decode()) == []
    page = client.post(url, plan_post(population="abc")).content.decode()
    assert described_by_ids_missing(page) == []
    population = re.search(r'<input[^>]*name="population"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in population and "id_population_error" in population
    assert 'id="form-errors" tabindex="-1"' in page and '<a href="#id_population">' in page


def test_the_report_pages_point_only_at_existing_help(client, personas):
    login(client, personas["municipality"])
    client.post("/plans/municipalities/452025/edit/", plan_post())
    for url in (
        "/plans/municipalities/452025/reports/",
        "/plans/municipalities/452025/reports/file/?month=2022-10",
    ):
        page = client.get(url).content.decode()
        assert described_by_ids_missing(page) == [], url
    login(client, personas["prefecture"])
    page = client.get("/plans/prefectures/45/reports/").content.decode()
    assert described_by_ids_missing(page) == []
